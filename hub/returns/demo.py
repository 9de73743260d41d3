"""Demo: one open round sent to every trailblazer site, with a draft from the demo trailblazer's
council. Idempotent: a second run finds the round by its title and changes nothing."""

import datetime

from django.utils import timezone

from hub.accounts.models import Organisation, User

from .models import ReturnQuestion, ReturnRound, SiteReturn

TITLE = "Quarterly return: residential care direct payments"
QUESTIONS = [
    (
        "number",
        "How many people in residential care held a direct payment at the quarter's end?",
        "",
    ),
    (
        "radio",
        "How settled is your payment process with care homes?",
        "Not started\nBeing tested\nSettled",
    ),
    ("multiline", "What got in the way this quarter?", ""),
    ("file", "Your local monitoring sheet (optional)", ""),
]


def load(*, stdout, **kwargs):
    if ReturnRound.objects.filter(title=TITLE).exists():
        return
    evaluator = User.objects.filter(username="evaluator").first()
    round_ = ReturnRound.objects.create(
        title=TITLE,
        instructions="Figures for the quarter just ended. Give your best estimate where a count "
        "is not to hand, and say so in the text answer.",
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        accepts_late=True,
        status=ReturnRound.Status.OPEN,
        opened_at=timezone.now(),
        created_by=evaluator,
    )
    round_.sites.set(Organisation.objects.filter(is_trailblazer=True))
    for number, (kind, label, choices) in enumerate(QUESTIONS):
        question = ReturnQuestion(
            round=round_,
            sort_order=number,
            label=label,
            field_type=kind,
            choices=choices,
            required=kind != "file",
        )
        question.clean_name = question.get_field_clean_name()
        question.save()
    trailblazer = User.objects.filter(username="trailblazer").select_related("organisation").first()
    if trailblazer and trailblazer.organisation and trailblazer.organisation.is_trailblazer:
        SiteReturn.objects.create(
            round=round_,
            organisation=trailblazer.organisation,
            draft={round_.questions.order_by("sort_order").first().clean_name: "12"},
            draft_saved_at=timezone.now(),
            draft_saved_by=trailblazer,
        )
    stdout.write(f"Demo return round: {TITLE}")
