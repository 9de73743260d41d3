"""Page factories for every family, on the copy of wagtail-factories that Wagtail ships.

Each ``<Family>PageFactory`` builds a live page under its index (made once) with realistic
content; pass ``parent=`` to put it elsewhere and ``tags=[...]`` to tag it. The short functions
at the end (``guidance("Title")``) are what most tests call.
"""

import datetime
import json

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import wagtail_factories

from home.models import (
    ExpressionOfInterestField,
    ExpressionOfInterestPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    LearningEventIndexPage,
    LearningEventPage,
    NewsIndexPage,
    NewsPage,
    PracticeExampleIndexPage,
    PracticeExamplePage,
    StandardPage,
    TrailblazerSiteIndexPage,
    TrailblazerSitePage,
)
from tests.factories.accounts import OrganisationFactory


def restrict(page, kind, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    if groups:
        restriction.groups.set(Group.objects.filter(name__in=groups))
    return restriction


def body(*paragraphs):
    """A realistic StreamField body: a heading, paragraphs, a callout and a quote."""
    blocks = [{"type": "heading", "value": "What this means for you"}]
    blocks += [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    blocks.append(
        {
            "type": "callout",
            "value": {"heading": "Remember", "text": "<p>Talk to the person first.</p>"},
        }
    )
    blocks.append({"type": "quote", "value": {"quote": "It worked.", "attribution": "A lead"}})
    return json.dumps(blocks)


def home_page():
    return HomePage.objects.get()


class HubPageFactory(wagtail_factories.PageFactory):
    """A live page, dated as if just published (no revision: tests of Wagtail's publish flow
    publish for themselves), with a slug that is unique however often a title recurs."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True  # the tags hook saves when it has tags to add

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttributeSequence(lambda page, n: f"{slugify(page.title)[:40]}-{n}")
    live = True
    first_published_at = factory.LazyAttribute(lambda page: timezone.now() if page.live else None)
    last_published_at = factory.SelfAttribute("first_published_at")
    parent = factory.LazyFunction(home_page)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()


def index_page(model, title=None, **kwargs):
    """The one index of a family, made under the home page the first time it is asked for."""
    existing = model.objects.first()
    if existing:
        return existing
    title = title or model._meta.verbose_name.title()
    return INDEX_FACTORIES[model](title=title, **kwargs)


# Index pages need nothing but a title.
INDEX_FACTORIES = {
    model: factory.make_factory(model, FACTORY_CLASS=HubPageFactory)
    for model in (
        GuidanceIndexPage,
        LearningEventIndexPage,
        PracticeExampleIndexPage,
        TrailblazerSiteIndexPage,
        NewsIndexPage,
    )
}


def _under(index_model, title):
    return factory.LazyFunction(lambda: index_page(index_model, title))


class GuidancePageFactory(HubPageFactory):
    class Meta:
        model = GuidancePage

    title = "Paying a care home directly"
    parent = _under(GuidanceIndexPage, "Guidance")
    audience = "councils"
    summary = factory.LazyAttribute(lambda page: f"Summary of {page.title}")
    body = body("Councils can pay the home on the person's behalf.")


class LearningEventPageFactory(HubPageFactory):
    class Meta:
        model = LearningEventPage

    title = "Quarterly learning event"
    parent = _under(LearningEventIndexPage, "Learning events")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    summary = factory.LazyAttribute(lambda page: f"Summary of {page.title}")
    body = body("Sites shared their progress.")
    venue = "Leeds"
    agenda = json.dumps(
        [{"type": "item", "value": {"time": "10:00", "title": "Welcome", "lead": "SCIE"}}]
    )
    outputs = json.dumps([{"type": "action", "value": {"action": "Share contract wording"}}])


def _practice_text(field):
    return factory.LazyAttribute(
        lambda page: f"<p>The {field.replace('_', ' ')} of {page.title}.</p>"
    )


class PracticeExamplePageFactory(HubPageFactory):
    class Meta:
        model = PracticeExamplePage

    title = "Agreeing top-ups with families"
    parent = _under(PracticeExampleIndexPage, "Practice")
    organisation = factory.SubFactory(OrganisationFactory, is_trailblazer=True)
    theme = "top_ups"
    summary = factory.LazyAttribute(lambda page: f"Summary of {page.title}")
    challenge = _practice_text("challenge")
    what_they_did = _practice_text("what_they_did")
    outcome = _practice_text("outcome")
    lessons = _practice_text("lessons")
    body = body("More detail.")


class TrailblazerSitePageFactory(HubPageFactory):
    class Meta:
        model = TrailblazerSitePage

    council = factory.SubFactory(OrganisationFactory, is_trailblazer=True)
    title = factory.LazyAttribute(lambda page: page.council.name)
    parent = _under(TrailblazerSiteIndexPage, "Sites")
    summary = factory.LazyAttribute(lambda page: f"How {page.council.name} is getting on")
    body = body("The site began in 2014.")
    progress = json.dumps(
        [
            {
                "type": "update",
                "value": {"date": "2014-03-01", "title": "Started", "text": "<p>Off.</p>"},
            }
        ]
    )


class NewsPageFactory(HubPageFactory):
    class Meta:
        model = NewsPage

    title = "Interim report published"
    parent = _under(NewsIndexPage, "News")
    summary = factory.LazyAttribute(lambda page: f"Summary of {page.title}")
    body = body("The evaluators published their first findings.")


class StandardPageFactory(HubPageFactory):
    class Meta:
        model = StandardPage

    summary = factory.LazyAttribute(lambda page: f"About {page.title}")
    body = factory.LazyAttribute(lambda page: body(f"This page is about {page.title}."))


EOI_FIELDS = [
    ("Name of council", "singleline", True, ""),
    ("Contact email", "email", True, ""),
    (
        "Are you interested in trialling direct payments in residential care?",
        "radio",
        True,
        "Yes\nNo",
    ),
    ("How would you make use of this opportunity?", "multiline", True, ""),
    ("Any other comments or queries?", "multiline", False, ""),
]


class ExpressionOfInterestPageFactory(HubPageFactory):
    class Meta:
        model = ExpressionOfInterestPage

    title = "Express interest"
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))

    @classmethod
    def _create(cls, model_class, *args, fields=EOI_FIELDS, **kwargs):
        # Questions are a child relation: they must be on the page before it is first saved.
        page = model_class(**{k: v for k, v in kwargs.items() if k != "parent"})
        for order, (label, kind, required, choices) in enumerate(fields):
            page.form_fields.add(
                ExpressionOfInterestField(
                    label=label,
                    field_type=kind,
                    required=required,
                    choices=choices,
                    sort_order=order,
                )
            )
        kwargs["parent"].add_child(instance=page)
        return page


# --- What most tests call: a family's page by its title -------------------------------------


def child_page(parent, title, *, live=True):
    """A plain Wagtail page, of no hub family."""
    page = Page(title=title, slug=title.lower().replace(" ", "-"), live=live)
    parent.add_child(instance=page)
    return page


def _by_title(factory_class):
    def make(title=None, **kwargs):
        if title is not None:
            kwargs["title"] = title
        return factory_class(**kwargs)

    return make


guidance = _by_title(GuidancePageFactory)
event = _by_title(LearningEventPageFactory)
practice = _by_title(PracticeExamplePageFactory)
news = _by_title(NewsPageFactory)


def site(council, **kwargs):
    return TrailblazerSitePageFactory(council=council, **kwargs)


def standard(title, **kwargs):
    return StandardPageFactory(title=title, **kwargs)


def eoi_form(*, closes_at=None, fields=EOI_FIELDS):
    if closes_at is None:
        return ExpressionOfInterestPageFactory(fields=fields)
    return ExpressionOfInterestPageFactory(closes_at=closes_at, fields=fields)
