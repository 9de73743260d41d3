"""Demo programme content: every page family, filled so each listing paginates and each filter
has something to show, plus restricted areas carrying canary words. Idempotent: a page that
already exists (by slug under its parent) is left as it is."""

import datetime
import json

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import PageViewRestriction

from hub.accounts import roles
from hub.accounts.models import Organisation

from . import demo_content as text
from .actions.demo import load_actions
from .models import (
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


def _body(*paragraphs, heading=None):
    blocks = [{"type": "heading", "value": heading}] if heading else []
    blocks += [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs]
    return json.dumps(blocks)


def _ensure(parent, model, title, *, slug=None, **fields):
    """The child of ``parent`` with this slug, created and published if missing."""
    slug = slug or slugify(title)[:80]
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    tags = fields.pop("tags", ())
    page = model(title=title, slug=slug, **fields)
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _restrict(page, kind, group_names=()):
    restriction, _ = PageViewRestriction.objects.get_or_create(page=page, restriction_type=kind)
    if group_names:
        restriction.groups.set(Group.objects.filter(name__in=group_names))


def _date(value):
    return datetime.date.fromisoformat(value)


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(_date(day), datetime.time(hour)))


def _indexes(home):
    menu = {"show_in_menus": True}
    return {
        "guidance": _ensure(
            home,
            GuidanceIndexPage,
            "Guidance",
            introduction="Guidance for councils, care providers, and people and their families.",
            **menu,
        )[0],
        "events": _ensure(
            home,
            LearningEventIndexPage,
            "Learning events",
            slug="events",
            introduction="The programme's quarterly learning events: agendas, materials and "
            "what was agreed.",
            **menu,
        )[0],
        "practice": _ensure(
            home,
            PracticeExampleIndexPage,
            "Practice",
            introduction="What the trailblazer "
            "sites tried, how it went, and what other councils can reuse.",
            **menu,
        )[0],
        "sites": _ensure(
            home,
            TrailblazerSiteIndexPage,
            "Sites",
            introduction="The fourteen trailblazer councils and how each is getting on.",
            **menu,
        )[0],
        "news": _ensure(home, NewsIndexPage, "News", introduction="Programme updates.", **menu)[0],
    }


def _guidance(index, scie, created):
    today = timezone.localdate()
    for number, (title, audience, summary, paragraphs, tags) in enumerate(text.GUIDANCE):
        effective = datetime.date(2014, 1, 6) + datetime.timedelta(days=45 * number)
        # A few are overdue, so the "due for review" report has something in it.
        review_by = today - datetime.timedelta(days=30) if number % 4 == 0 else None
        created += _ensure(
            index,
            GuidancePage,
            title,
            audience=audience,
            summary=summary,
            body=_body(*paragraphs, heading="What you need to know"),
            owner_organisation=scie,
            effective_date=effective,
            review_by=review_by or effective.replace(year=2030),
            tags=tags,
        )[1]
    return created


def _events(index, sites, created):
    for number, (title, day, venue, online) in enumerate(text.EVENTS):
        created += _ensure(
            index,
            LearningEventPage,
            title,
            starts_at=_at(day),
            ends_at=_at(day, 16),
            venue=venue,
            online=online,
            summary=f"Trailblazer sites and their providers met{' in ' + venue if venue else ''}"
            " to compare progress and share what worked.",
            body=_body("Each site brought one thing that had gone well and one open question."),
            agenda=json.dumps(
                [
                    {
                        "type": "item",
                        "value": {
                            "time": "10:00",
                            "title": "Welcome and news",
                            "lead": "Programme team",
                        },
                    },
                    {"type": "item", "value": {"time": "10:30", "title": "Updates from the sites"}},
                    {
                        "type": "item",
                        "value": {
                            "time": "13:30",
                            "title": "Workshops",
                            "description": "Small groups on the day's theme.",
                        },
                    },
                ]
            ),
            outputs=json.dumps(
                [
                    {
                        "type": "action",
                        "value": {
                            "action": "Share the notes on the hub",
                            "owner": "Programme team",
                        },
                    },
                ]
            ),
            tags=["learning events"],
        )[1]
        page = index.get_children().get(slug=slugify(title)[:80]).specific
        if not page.sites_attending.exists():
            page.sites_attending.set(sites[number % 5 : number % 5 + 6])
            page.save()
    for title, days_ahead, venue, online in text.FUTURE_EVENTS:
        day = (timezone.localdate() + datetime.timedelta(days=days_ahead)).isoformat()
        created += _ensure(
            index,
            LearningEventPage,
            title,
            starts_at=_at(day),
            ends_at=_at(day, 12),
            venue=venue,
            online=online,
            event_format="webinar" if online else "workshop",
            summary="For councils that are new to direct payments in residential care.",
            body=_body("Trailblazer staff will share what they learned."),
        )[1]
    return created


def _practice(index, sites, created):
    for title, site, theme, tags in text.PRACTICE:
        council = sites[site % len(sites)]
        created += _ensure(
            index,
            PracticeExamplePage,
            title,
            organisation=council,
            theme=theme,
            summary=f"How {council.name} approached it.",
            challenge="<p>Residents, families and homes were unsure how it would work.</p>",
            what_they_did=f"<p>{title}: the team tried it with a handful of residents first.</p>",
            outcome="<p>Fewer questions, and a process others could follow.</p>",
            lessons="<p>Involve care homes early and write things down plainly.</p>",
            contact="The site's project lead, through the hub.",
            tags=tags,
        )[1]
    return created


def _sites(index, sites, providers, created):
    for number, council in enumerate(sites):
        page, was_created = _ensure(
            index,
            TrailblazerSitePage,
            council.name,
            council=council,
            summary=f"{council.name} is one of the fourteen trailblazer sites.",
            local_lead="Project lead, adult social care",
            body=_body(
                f"{council.name} began offering direct payments in residential care in "
                "2014, starting with a small group of residents."
            ),
            progress=json.dumps(
                [
                    {
                        "type": "update",
                        "value": {
                            "date": "2014-03-01",
                            "title": "Project started",
                            "text": "<p>Lead appointed and homes contacted.</p>",
                        },
                    },
                    {
                        "type": "update",
                        "value": {
                            "date": "2015-01-15",
                            "title": "First payments",
                            "text": "<p>The first residents now hold a direct payment.</p>",
                        },
                    },
                ]
            ),
        )
        if was_created and providers:
            # publish() saved its own copy of the page: reload it, or saving this one would
            # wipe the publication dates and leave the site looking like an unpublished draft.
            page.refresh_from_db()
            page.providers_involved.set([providers[number % len(providers)]])
            page.save_revision().publish()
        created += was_created
    return created


def _news(index, created):
    for title, day, tags, says in text.NEWS:
        # The first sentence leads (listings, feeds, search) instead of repeating the title;
        # any more follow as the body.
        lead, _, more = says.partition(". ")
        created += _ensure(
            index,
            NewsPage,
            title,
            date=_date(day),
            summary=f"{lead}." if more else says,
            body=_body(more) if more else _body(),
            tags=tags,
        )[1]
    return created


def _standard_pages(home, created):
    title, summary, paragraphs = text.ABOUT
    about, was_created = _ensure(
        home, StandardPage, title, summary=summary, body=_body(*paragraphs), show_in_menus=True
    )
    created += was_created
    timeline = "".join(f"<li><b>{when}</b>: {what}</li>" for when, what in text.TIMELINE)
    created += _ensure(
        about,
        StandardPage,
        "Timeline",
        summary="Key dates.",
        body=json.dumps([{"type": "paragraph", "value": f"<ul>{timeline}</ul>"}]),
    )[1]
    evaluation, was_created = _ensure(
        home,
        StandardPage,
        f"Evaluators' area ({text.EVALUATORS_CANARY})",
        slug="evaluation",
        summary="Working papers for the evaluation team.",
        body=_body(f"{text.EVALUATORS_CANARY}: draft interim findings and site data returns."),
    )
    _restrict(evaluation, PageViewRestriction.GROUPS, [roles.EVALUATORS])
    created += (
        was_created
        + _ensure(
            evaluation,
            StandardPage,
            f"Draft interim findings ({text.EVALUATORS_CANARY})",
            slug="draft-findings",
            body=_body(f"{text.EVALUATORS_CANARY} draft, not for sharing."),
        )[1]
    )
    steering, was_created = _ensure(
        home,
        StandardPage,
        f"Steering group ({text.STEERING_CANARY})",
        slug="steering-group",
        summary="Papers for the Department of Health steering group.",
        body=_body(f"{text.STEERING_CANARY}: agendas and papers for steering group meetings."),
    )
    _restrict(steering, PageViewRestriction.GROUPS, [roles.STEERING_GROUP, roles.PROGRAMME_TEAM])
    created += (
        was_created
        + _ensure(
            steering,
            StandardPage,
            f"Minutes ({text.STEERING_CANARY})",
            slug="minutes",
            body=_body(f"{text.STEERING_CANARY} minutes of the last meeting."),
        )[1]
    )
    members, was_created = _ensure(
        home,
        StandardPage,
        f"Contacts at the sites ({text.MEMBERS_CANARY})",
        slug="contacts",
        summary="Who to ask at each trailblazer site: for approved members.",
        body=_body(f"{text.MEMBERS_CANARY}: the named leads at each site."),
    )
    _restrict(members, PageViewRestriction.LOGIN)
    return created + was_created


def _form(home, created):
    page = home.get_children().filter(slug="express-interest").first()
    if page is not None:
        return created
    form = ExpressionOfInterestPage(
        title="Expression of interest (2012)",
        slug="express-interest",
        introduction="<p>In July 2012 the Department of Health asked councils who wanted to "
        "test direct payments in residential care to answer these questions, in no more than "
        "three pages.</p>",
        closes_at=_at("2012-10-05", 23),
        closed_text="<p>The fourteen trailblazer sites were chosen from the answers.</p>",
        thank_you_text="<p>The Department will be in touch about the next steps.</p>",
    )
    for order, (label, kind, required, choices, help_text) in enumerate(text.EOI_QUESTIONS):
        form.form_fields.add(
            ExpressionOfInterestField(
                label=label,
                field_type=kind,
                required=required,
                choices=choices,
                help_text=help_text,
                sort_order=order,
            )
        )
    home.add_child(instance=form)
    form.save_revision().publish()
    return created + 1


def load(*, stdout, **kwargs):
    home = HomePage.objects.get()
    sites = list(Organisation.objects.filter(is_trailblazer=True).order_by("name"))
    providers = list(Organisation.objects.filter(kind=Organisation.Kind.CARE_PROVIDER))
    scie = Organisation.objects.filter(
        kind=Organisation.Kind.PROGRAMME_BODY, name__contains="SCIE"
    ).first()
    indexes = _indexes(home)
    created = _guidance(indexes["guidance"], scie, 0)
    created = _events(indexes["events"], sites, created)
    created = _practice(indexes["practice"], sites, created) if sites else created
    created = _sites(indexes["sites"], sites, providers, created)
    created = _news(indexes["news"], created)
    created = _standard_pages(home, created)
    created = _form(home, created)
    actions = load_actions()
    stdout.write(f"Programme content: {created} pages added.")
    if actions:
        stdout.write(f"Event actions: {actions} added.")
    return created
