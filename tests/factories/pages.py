import datetime
import json

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, PageViewRestriction

from home.models import ExpressionOfInterestField, ExpressionOfInterestPage, HomePage, StandardPage
from resources.models import (
    GuidanceIndexPage,
    GuidancePage,
    LearningEventIndexPage,
    LearningEventPage,
    NewsIndexPage,
    NewsPage,
    PracticeExampleIndexPage,
    PracticeExamplePage,
    TrailblazerSiteIndexPage,
    TrailblazerSitePage,
)


def child_page(parent, title, *, live=True):
    page = Page(title=title, slug=title.lower().replace(" ", "-"), live=live)
    parent.add_child(instance=page)
    return page


def restrict(page, kind, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    if groups:
        restriction.groups.set(Group.objects.filter(name__in=groups))
    return restriction


# --- The programme's page families ----------------------------------------------------------

_counter = iter(range(1, 1_000_000))


def _slug(title):
    return f"{slugify(title)[:40]}-{next(_counter)}"


def body(*paragraphs):
    """A realistic StreamField body: a heading, paragraphs and a callout."""
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


def add(parent, page):
    """Add ``page`` under ``parent``, live unless told otherwise, dated as if just published.

    (No revision is saved: tests that need Wagtail's publish flow call ``publish`` themselves.)
    """
    if not page.slug:
        page.slug = _slug(page.title)
    if page.live:
        page.first_published_at = page.last_published_at = timezone.now()
    parent.add_child(instance=page)
    return page


def home_page():
    return HomePage.objects.get()


def index_page(model, title=None, **kwargs):
    existing = model.objects.first()
    if existing:
        return existing
    return add(home_page(), model(title=title or model._meta.verbose_name.title(), **kwargs))


def guidance(title="Paying a care home directly", *, parent=None, tags=(), **kwargs):
    kwargs.setdefault("audience", "councils")
    kwargs.setdefault("summary", f"Summary of {title}")
    kwargs.setdefault("body", body("Councils can pay the home on the person's behalf."))
    page = GuidancePage(title=title, **kwargs)
    page.tags.add(*tags)
    return add(parent or index_page(GuidanceIndexPage, "Guidance"), page)


def event(title="Quarterly learning event", *, parent=None, starts_at=None, **kwargs):
    kwargs.setdefault("summary", f"Summary of {title}")
    kwargs.setdefault("body", body("Sites shared their progress."))
    kwargs.setdefault("venue", "Leeds")
    kwargs.setdefault(
        "agenda",
        json.dumps(
            [{"type": "item", "value": {"time": "10:00", "title": "Welcome", "lead": "SCIE"}}]
        ),
    )
    kwargs.setdefault(
        "outputs",
        json.dumps([{"type": "action", "value": {"action": "Share contract wording"}}]),
    )
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=30)
    page = LearningEventPage(title=title, starts_at=starts_at, **kwargs)
    return add(parent or index_page(LearningEventIndexPage, "Learning events"), page)


def practice(title="Agreeing top-ups with families", *, organisation=None, parent=None, **kwargs):
    from tests.factories import OrganisationFactory

    kwargs.setdefault("theme", "top_ups")
    kwargs.setdefault("summary", f"Summary of {title}")
    for field in ("challenge", "what_they_did", "outcome", "lessons"):
        kwargs.setdefault(field, f"<p>The {field.replace('_', ' ')} of {title}.</p>")
    kwargs.setdefault("body", body("More detail."))
    organisation = organisation or OrganisationFactory(is_trailblazer=True)
    tags = kwargs.pop("tags", ())
    page = PracticeExamplePage(title=title, organisation=organisation, **kwargs)
    page.tags.add(*tags)
    return add(parent or index_page(PracticeExampleIndexPage, "Practice"), page)


def site(council, *, parent=None, **kwargs):
    kwargs.setdefault("summary", f"How {council.name} is getting on")
    kwargs.setdefault("body", body("The site began in 2014."))
    kwargs.setdefault(
        "progress",
        json.dumps(
            [
                {
                    "type": "update",
                    "value": {"date": "2014-03-01", "title": "Started", "text": "<p>Off.</p>"},
                }
            ]
        ),
    )
    page = TrailblazerSitePage(title=council.name, council=council, **kwargs)
    return add(parent or index_page(TrailblazerSiteIndexPage, "Sites"), page)


def news(title="Interim report published", *, parent=None, tags=(), **kwargs):
    kwargs.setdefault("summary", f"Summary of {title}")
    kwargs.setdefault("body", body("The evaluators published their first findings."))
    page = NewsPage(title=title, **kwargs)
    page.tags.add(*tags)
    return add(parent or index_page(NewsIndexPage, "News"), page)


def standard(title, *, parent=None, **kwargs):
    kwargs.setdefault("summary", f"About {title}")
    kwargs.setdefault("body", body(f"This page is about {title}."))
    return add(parent or home_page(), StandardPage(title=title, **kwargs))


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


def eoi_form(*, closes_at=None, fields=EOI_FIELDS):
    page = ExpressionOfInterestPage(
        title="Express interest",
        closes_at=closes_at or timezone.now() + datetime.timedelta(days=7),
    )
    for order, (label, kind, required, choices) in enumerate(fields):
        page.form_fields.add(
            ExpressionOfInterestField(
                label=label, field_type=kind, required=required, choices=choices, sort_order=order
            )
        )
    return add(home_page(), page)
