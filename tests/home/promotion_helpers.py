"""A steering paper to promote, shared by the promotion tests, the journey and the page checks."""

import json
import uuid

from wagtail.models import BaseViewRestriction

from home.models import StandardPage
from hub.accounts import roles
from search import registry
from tests.factories import pages as make
from tests.factories.pages import restrict

CANARY = "Quorvantine"
KEPT = "Residents choose their own home from the first week of April."
STEERING = [roles.STEERING_GROUP, roles.PROGRAMME_TEAM]


def _paper_body(secret_link_id, public_link_id):
    return json.dumps(
        [
            {"type": "heading", "value": "Rollout timetable"},
            {"type": "paragraph", "value": f"<p>{KEPT}</p>"},
            {
                "type": "paragraph",
                "value": f"<p>The {CANARY} budget line is not agreed yet.</p>"
                f'<p>See <a linktype="page" id="{secret_link_id}">the minutes</a>, '
                f'<a linktype="page" id="{public_link_id}">the public guide</a> and '
                '<a href="https://www.gov.uk/care-act">the Act</a>.</p>',
            },
            {"type": "quote", "value": {"quote": "It can work.", "attribution": "A chair"}},
        ]
    )


def steering_paper() -> StandardPage:
    """A steering paper under the restricted steering area, linking to a restricted page and a
    public one, with the canary in a paragraph of its own; everything indexed for search."""
    area = make.standard("Steering group papers")
    restrict(area, BaseViewRestriction.GROUPS, groups=STEERING)
    minutes = make.standard("Minutes of the last meeting", parent=area)
    guide = make.standard("A public guide to direct payments")
    paper = make.standard(
        "Direct payments rollout paper",
        parent=area,
        summary="What the steering group agreed about the rollout.",
        body=_paper_body(minutes.pk, guide.pk),
    )
    paper.save_revision()
    registry.rebuild()
    return StandardPage.objects.get(pk=paper.pk)


def promoted(paper, editor):
    """The public copy of ``paper`` made by ``editor``, without the canary's passage."""
    from home.promotion import services

    source = services.source_for(user=editor, kind="page", pk=paper.pk)
    secret = [p.key for p in source.passages() if CANARY in p.text]
    return services.promote(
        user=editor,
        source=source,
        token=uuid.uuid4(),
        title="How the rollout will run",
        summary="What was agreed about the rollout, for everyone.",
        remove_keys=secret,
    )
