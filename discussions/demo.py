"""Demo discussions: questions the trailblazer councils might really have asked each other, in
the project's own words. Restricted threads carry canary words (Brindlewick, Quorrelby,
Pellowtree) that tests look for to prove they never reach the wrong person.
"""

import datetime

from django.contrib.auth import get_user_model

from . import services
from .models import Reply, Thread

# title, area, author, tags, day asked, body, replies [(author, body)], index of accepted reply
THREADS = [
    (
        "How did you handle third-party top-ups once the resident holds the direct payment?",
        "members",
        "trailblazer",
        ["top-ups", "third-party payments"],
        "2014-06-23",
        "A family member pays a top-up so their mother can have a larger room. Before the "
        "direct payment, the council collected it and paid the home the full fee. Now the "
        "resident pays the home. Who collects the top-up, and who is liable if it stops?",
        [
            (
                "member",
                "We have not started yet, but our legal team says the council stays liable for "
                "the shortfall if the third party stops paying. Following this one.",
            ),
            (
                "editor",
                "Several sites settled on this: the third party pays the home directly under a "
                "three-way agreement (resident, payer, home), and the council is told at once "
                "if a payment is missed. The care plan still records the top-up, so the "
                "review can check it is affordable.\n\nThe template from the last learning "
                "event is in the documents library under *contracts*.",
            ),
            (
                "provider",
                "From the home's side, the three-way agreement worked well for us. One invoice "
                "to the resident, one to the family.",
            ),
        ],
        1,
    ),
    (
        "What did you tell care homes about payment timing: in advance or in arrears?",
        "public",
        "provider",
        ["payment timing", "care homes"],
        "2014-03-05",
        "Councils usually pay us four weeks in arrears. With a direct payment the resident "
        "pays us, so when does the money arrive in their account, and when should we invoice?",
        [
            (
                "trailblazer",
                "We pay the direct payment into the resident's account four weekly **in "
                "advance**, so the home can invoice monthly in advance too. It took one "
                "meeting with each home to agree the dates. Cash flow for the homes improved.",
            ),
            (
                "member",
                "Helpful. Did any home ask for a deposit in the first month?",
            ),
        ],
        0,
    ),
    (
        "Do providers need a new contract for residents on a direct payment?",
        "members",
        "member",
        ["contracts", "providers"],
        "2014-05-28",
        "Our homes are on the council's framework contract. When a resident takes a direct "
        "payment they become the purchaser. Is the framework still the right place for terms "
        "and quality standards, or does each resident need their own contract?",
        [
            (
                "trailblazer",
                "We kept the framework for quality standards and added a short individual "
                "agreement between the resident and the home covering fees, notice and what "
                "happens in hospital stays. The framework says homes must accept it.",
            ),
            (
                "provider",
                "Please keep the individual agreement short. Two pages was fine; twelve was not.",
            ),
        ],
        0,
    ),
    (
        "Financial assessment: does the resident's contribution go to the home or the council?",
        "members",
        "trailblazer",
        ["financial assessment", "contributions"],
        "2014-02-25",
        "After the financial assessment the resident contributes part of the fee. With a "
        "direct payment, do we pay the net amount and let the resident pay their contribution "
        "to the home, or pay gross and collect the contribution back?",
        [
            (
                "editor",
                "Most sites pay **net**: the direct payment is the council's share and the "
                "resident adds their assessed contribution when paying the home. It avoids "
                "collecting money back and makes the statement easy to read.",
            ),
        ],
        0,
    ),
    (
        "Easy-read information for residents and families about direct payments in care homes",
        "public",
        "member",
        ["information and advice"],
        "2014-10-22",
        "Has anyone written an easy-read leaflet explaining what a direct payment in a care "
        "home means for the resident? We would rather adapt one than start from nothing.",
        [],
        None,
    ),
    (
        "Quorrelby interview schedule for the deep-dive sites",
        "evaluators",
        "evaluator",
        ["evaluation", "deep dive"],
        "2015-04-14",
        "The Quorrelby schedule for the second round of deep-dive interviews is ready for "
        "comments. Please check the questions on choice of home before we send it to sites.",
        [
            (
                "editor",
                "Looks good. The Quorrelby questions on top-ups may need a plain-English rewrite.",
            ),
        ],
        0,
    ),
    (
        "Brindlewick draft: advice on readiness for the April 2016 national rollout",
        "steering",
        "steering",
        ["rollout", "steering group"],
        "2015-11-23",
        "The Brindlewick draft sets out what every council will need in place before direct "
        "payments in residential care become available everywhere in April 2016. Comments "
        "before the next steering group meeting, please.",
        [
            (
                "editor",
                "Comments sent. The Brindlewick section on provider engagement could use the "
                "trailblazers' experience with contracts.",
            ),
        ],
        0,
    ),
    (
        "Pellowtree costings: sharing our spreadsheet of set-up costs",
        "trailblazers",
        "trailblazer",
        ["costs", "top-ups"],
        "2016-02-08",
        "Here is how we worked out the Pellowtree set-up costs: staff time for reviews, the "
        "payment card and the legal work on agreements. Happy to compare with other sites.",
        [],
        None,
    ),
]


def load(*, stdout, **kwargs):
    users = {u.username: u for u in get_user_model().objects.all()}
    created = 0
    for title, area, author, tags, day, body, replies, accepted in THREADS:
        if Thread.objects.filter(title=title).exists():
            continue
        thread = services.thread_create(
            author=users[author], title=title, body=body, tags=tags, area=area
        )
        # Asked mid-morning on the programme's own dates, not the day the demo loaded.
        posted = datetime.datetime.combine(
            datetime.date.fromisoformat(day), datetime.time(9, 40), tzinfo=datetime.UTC
        )
        Thread.objects.filter(pk=thread.pk).update(created_at=posted, last_activity_at=posted)
        thread.refresh_from_db()
        made = []
        for hours, (reply_author, reply_body) in enumerate(replies, start=1):
            reply = services.reply_create(
                author=users[reply_author], thread=thread, body=reply_body, notify=False
            )
            # Replies come in over the following days.
            replied = posted + datetime.timedelta(days=hours - 1, hours=3 * hours)
            Reply.objects.filter(pk=reply.pk).update(created_at=replied)
            made.append(reply)
        services.refresh_thread(thread)
        if accepted is not None:
            services.answer_accept(user=users[author], thread=thread, reply=made[accepted])
        created += 1
    stdout.write(f"Discussions: {len(THREADS)} demo threads ({created} new).")
    return created
