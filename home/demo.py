"""Demo programme content: every page family, filled so each listing paginates and each filter
has something to show, plus restricted areas carrying canary words. Idempotent: a page that
already exists (by slug under its parent) is left as it is."""

import datetime
import json
import re
import tempfile

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, PageViewRestriction, Revision

from hub.accounts import roles
from hub.accounts.models import Organisation, User
from resources import demo as documents_demo

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


def _ensure(parent, model, title, *, slug=None, published=None, **fields):
    """The child of ``parent`` with this slug, created and published if missing.

    ``published`` (a date) is when the page went on the hub: a new page carries it as its
    publication dates, so listings and feeds show the programme's dates, not the load's.
    """
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
    if published is not None:
        _backdate(page, published)
    return page, True


def _backdate(page, day):
    """Date the page and its history to ``day`` (publishing stamps them with the load's time)."""
    when = _at(day) if isinstance(day, str) else _at(day.isoformat())
    Page.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when, latest_revision_created_at=when
    )
    Revision.objects.for_instance(page).update(created_at=when)
    page.first_published_at = page.last_published_at = page.latest_revision_created_at = when


def _restrict(page, kind, group_names=()):
    restriction, _ = PageViewRestriction.objects.get_or_create(page=page, restriction_type=kind)
    if group_names:
        restriction.groups.set(Group.objects.filter(name__in=group_names))


def _date(value):
    return datetime.date.fromisoformat(value)


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(_date(day), datetime.time(hour)))


def _indexes(home):
    menu = {"show_in_menus": True, "published": text.HUB_OPENED}
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
            published=effective,
        )[1]
    return created


def _events(index, sites, created):
    for number, (title, day, venue, online, summary) in enumerate(text.EVENTS):
        created += _ensure(
            index,
            LearningEventPage,
            title,
            starts_at=_at(day),
            ends_at=_at(day, 16),
            venue=venue,
            online=online,
            summary=summary,
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
            # Announced five weeks ahead, as the programme team did, once the hub was open.
            published=max(_date(day) - datetime.timedelta(days=35), _date(text.HUB_OPENED)),
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
            published=timezone.localdate() - datetime.timedelta(days=14),
        )[1]
    return created


def _rich(parts):
    """Rich text from paragraphs; a list among them becomes a bulleted list."""
    html = ""
    for part in parts:
        if isinstance(part, list):
            html += "<ul>" + "".join(f"<li>{item}</li>" for item in part) + "</ul>"
        else:
            html += f"<p>{part}</p>"
    return html


def _named(word, name):
    """Whether ``name`` contains ``word`` as a whole word ("Enfield" is not in "Brackenfield")."""
    return re.search(rf"\b{re.escape(word)}\b", name, re.IGNORECASE) is not None


def _site_for(key, sites):
    """The trailblazer council a practice example is from: found by a word of its name, or the
    nth of the sites not named in the content."""
    if isinstance(key, str):
        return next((site for site in sites if _named(key, site.name)), sites[0])
    others = [s for s in sites if not any(_named(w, s.name) for w in text.NAMED_SITES)] or sites
    return others[key % len(others)]


def _practice(index, sites, created):
    for example in text.PRACTICE:
        created += _ensure(
            index,
            PracticeExamplePage,
            example["title"],
            organisation=_site_for(example["site"], sites),
            theme=example["theme"],
            summary=example["summary"],
            challenge=_rich(example["challenge"]),
            what_they_did=_rich(example["what_they_did"]),
            outcome=_rich(example["outcome"]),
            lessons=_rich(example["lessons"]),
            contact=f"{example['contact']}, through the hub.",
            tags=example["tags"],
            published=_date(example["published"]),
        )[1]
    return created


def _site_story(council, examples):
    """Summary, body and progress updates for a site page: its own story where the content
    names the council; otherwise what its practice examples say (the content names no other
    council, so it invents nothing about a real one)."""
    for word, story in text.SITE_STORIES.items():
        if _named(word, council.name):
            return story
    start = ("2014-03-03", "Project started", "Lead appointed and local homes contacted.")
    if not examples:
        return (
            f"{council.name} is one of the fourteen trailblazer sites.",
            f"{council.name} began offering direct payments to care home residents in 2014.",
            [start],
        )
    return (
        f"One of the fourteen trailblazer sites. {examples[0]['summary']}",
        f"{council.name} began offering direct payments to care home residents in 2014. "
        "What it learned is written up in its practice examples.",
        [start, *((e["published"], e["title"], e["summary"]) for e in examples)],
    )


def _progress(updates):
    return json.dumps(
        [
            {"type": "update", "value": {"date": day, "title": title, "text": f"<p>{says}</p>"}}
            for day, title, says in updates
        ]
    )


def _sites(index, sites, providers, created):
    credited = {}
    for example in text.PRACTICE if sites else ():
        credited.setdefault(_site_for(example["site"], sites).pk, []).append(example)
    for number, council in enumerate(sites):
        summary, about, updates = _site_story(council, credited.get(council.pk, []))
        page, was_created = _ensure(
            index,
            TrailblazerSitePage,
            council.name,
            council=council,
            summary=summary,
            local_lead="Project lead, adult social care",
            body=_body(about),
            progress=_progress(updates),
        )
        if was_created and providers:
            # publish() saved its own copy of the page: reload it, or saving this one would
            # wipe the publication dates and leave the site looking like an unpublished draft.
            page.refresh_from_db()
            page.providers_involved.set([providers[number % len(providers)]])
            page.save_revision().publish()
        if was_created:
            _backdate(page, text.SITES_PUBLISHED)
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
            published=_date(day),
        )[1]
    return created


def _standard_pages(home, created):
    title, summary, paragraphs = text.ABOUT
    about, was_created = _ensure(
        home,
        StandardPage,
        title,
        summary=summary,
        body=_body(*paragraphs),
        show_in_menus=True,
        published=text.HUB_OPENED,
    )
    created += was_created
    timeline = "".join(f"<li><b>{when}</b>: {what}</li>" for when, what in text.TIMELINE)
    created += _ensure(
        about,
        StandardPage,
        "Timeline",
        summary="Key dates.",
        body=json.dumps([{"type": "paragraph", "value": f"<ul>{timeline}</ul>"}]),
        published=text.HUB_OPENED,
    )[1]
    evaluation, was_created = _ensure(
        home,
        StandardPage,
        f"Evaluators' area ({text.EVALUATORS_CANARY})",
        slug="evaluation",
        summary="Working papers for the evaluation team.",
        body=_body(f"{text.EVALUATORS_CANARY}: draft interim findings and site data returns."),
        published=text.HUB_OPENED,
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
            published=text.HUB_OPENED,
        )[1]
    )
    steering, was_created = _ensure(
        home,
        StandardPage,
        f"Steering group ({text.STEERING_CANARY})",
        slug="steering-group",
        summary="Papers for the Department of Health steering group.",
        body=_body(f"{text.STEERING_CANARY}: agendas and papers for steering group meetings."),
        published=text.HUB_OPENED,
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
            published=text.HUB_OPENED,
        )[1]
    )
    title, summary, heading, paragraphs = text.STEERING_PAPER
    created += _ensure(
        steering,
        StandardPage,
        title,
        slug="rollout-paper",
        summary=summary,
        body=_body(*paragraphs, heading=heading),
        published=text.HUB_OPENED,
    )[1]
    members, was_created = _ensure(
        home,
        StandardPage,
        f"Contacts at the sites ({text.MEMBERS_CANARY})",
        slug="contacts",
        summary="Who to ask at each trailblazer site: for approved members.",
        body=_body(f"{text.MEMBERS_CANARY}: the named leads at each site."),
        published=text.HUB_OPENED,
    )
    _restrict(members, PageViewRestriction.LOGIN)
    return created + was_created


def _form(home, created):
    """The 2012 form, in the about section so that it is listed there."""
    if ExpressionOfInterestPage.objects.filter(slug="express-interest").exists():
        return created
    about = StandardPage.objects.child_of(home).filter(title=text.ABOUT[0]).first() or home
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
    about.add_child(instance=form)
    form.save_revision().publish()
    _backdate(form, text.TIMELINE_START)
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


def load_event_materials(*, stdout, **kwargs):
    """Slides and notes from the learning events, as real files in the library, each linked to
    its event (so the library's event filter has values) and listed in the event's materials.

    Runs after the library's own demo (it needs the collections); an event that already lists
    materials is left as it is.
    """
    events = {
        page.title: page
        for page in LearningEventPage.objects.filter(
            title__in={row[0] for row in text.EVENT_MATERIALS}
        )
    }
    folders = documents_demo.collections()
    where = {"public": folders[documents_demo.PUBLIC], "members": folders[documents_demo.MEMBERS]}
    uploader = User.objects.filter(username="editor").first()
    made, materials = 0, {}
    with tempfile.TemporaryDirectory() as directory:
        for event_title, title, kind, extension, audience, author, content in text.EVENT_MATERIALS:
            event = events.get(event_title)
            if event is None:
                continue
            resource, was_made = documents_demo.add_document(
                directory=directory,
                title=title,
                collection=where[audience],
                kind=kind,
                extension=extension,
                content=content,
                organisation=documents_demo.organisation_named(author),
                date=event.starts_at.date(),
                tags=["learning events"],
                learning_event=event,
                uploader=uploader,
            )
            made += was_made
            materials.setdefault(event.pk, []).append(resource)
    for event in events.values():
        if event.materials or event.pk not in materials:
            continue
        event.materials = [("document", resource) for resource in materials[event.pk]]
        event.save_revision().publish()
        _backdate(event, event.first_published_at.date())
    stdout.write(f"Event materials: {made} documents added.")
    return made
