"""The words of the demo content, written for the hub from the programme's public facts
(seeds 000 and 001): the regulations changed on 1 November 2013, fourteen trailblazer councils,
evaluation by PIRU (LSHTM) and PSSRU (LSE) with four deep-dive sites, interim reports in
December 2014 and summer 2015, the final report in 2016, every council offering these direct
payments from April 2016. Names marked "(fictional)" are invented; so is every quote.

Restricted items carry unique canary words (Zephyrquill, Quillbramble, Marrowlatch) so tests
can prove they never leak.
"""

STEERING_CANARY = "Zephyrquill"
EVALUATORS_CANARY = "Quillbramble"
MEMBERS_CANARY = "Marrowlatch"

ABOUT = (
    "About the programme",
    "Why fourteen councils are trying direct payments for people in residential care, and who "
    "is involved.",
    [
        "Until late 2013, direct payments could only be used for care at home. An amendment to "
        "the direct payment regulations, in force from 1 November 2013, let councils offer them "
        "to people living in long-term residential care for the first time.",
        "Following an open call for expressions of interest in 2012, fourteen councils became "
        "trailblazer sites. They test whether a direct payment gives residents more choice and "
        "control, and what it means for care homes and for the council.",
        "The Social Care Institute for Excellence (SCIE) manages the programme for the "
        "Department of Health, runs the quarterly learning events and keeps this hub. The "
        "evaluation is led by PIRU at the London School of Hygiene and Tropical Medicine with "
        "PSSRU at the London School of Economics; four sites take part in deeper study.",
        "Interim findings go to the Department in December 2014 and summer 2015, and the final "
        "report in 2016. From April 2016 every council in England will have to offer these "
        "direct payments, so what the trailblazers learn is written up here for all of them.",
    ],
)

TIMELINE = [
    ("24 July 2012", "The Department of Health invites councils to express interest."),
    ("5 October 2012", "Expressions of interest close."),
    ("1 November 2013", "Amended regulations allow direct payments in residential care."),
    ("December 2014", "First interim report from the evaluators."),
    ("Summer 2015", "Second interim report."),
    ("April 2016", "Every council in England must offer these direct payments."),
    ("2016", "Final evaluation report."),
]

# title, audience, summary, paragraphs, tags
GUIDANCE = [
    (
        "Offering a direct payment to a care home resident",
        "councils",
        "What the amended regulations let a council do, and the checks to make first.",
        [
            "A council may now offer a direct payment to someone who lives in long-term "
            "residential care, on the same footing as it would for care at home.",
            "Start from the person's care and support plan: what do they want to control, and who "
            "will help them manage the money?",
        ],
        ["regulations", "rollout"],
    ),
    (
        "Agreeing contracts with care homes",
        "councils",
        "Points to cover when a resident, not the council, pays the home.",
        [
            "When the resident pays, the home's contract is with them or their representative. "
            "Make sure fees, notice and what happens if the payment stops are written down."
        ],
        ["contracts"],
    ),
    (
        "Handling top-ups alongside a direct payment",
        "councils",
        "How third-party top-ups fit with a direct payment.",
        [
            "A family top-up is still a separate agreement. Keep it visible in the support plan so "
            "the resident can see the whole cost of their care."
        ],
        ["top-ups"],
    ),
    (
        "Monitoring how the money is spent",
        "councils",
        "Proportionate checks that do not take control away from the resident.",
        ["Light-touch reviews at three and twelve months worked for several sites."],
        ["payments"],
    ),
    (
        "Preparing for April 2016",
        "councils",
        "A checklist for councils that were not trailblazers.",
        [
            "Update your direct payment policy, train assessment staff and talk to local homes "
            "early."
        ],
        ["rollout"],
    ),
    (
        "Recording direct payments in your care system",
        "councils",
        "Setting up payment records so finance and care teams see the same picture.",
        ["Decide early who raises the payment and who checks it arrives."],
        ["payments"],
    ),
    (
        "What a direct payment means for your home",
        "providers",
        "For care home managers: invoices, contracts and conversations with residents.",
        [
            "Residents who hold a direct payment may ask for services to be arranged differently. "
            "Most requests in the trailblazer sites were modest and practical."
        ],
        ["contracts"],
    ),
    (
        "Invoicing a resident rather than the council",
        "providers",
        "Setting up billing when the resident or their representative pays you.",
        [
            "Agree the invoice date and method with the resident's representative before the first "
            "payment."
        ],
        ["payments"],
    ),
    (
        "Talking to residents about choice",
        "providers",
        "Ideas from homes in the trailblazer sites.",
        ["Ask what a good day looks like, then look at what could change."],
        ["information"],
    ),
    (
        "Direct payments in a care home: a guide for residents",
        "people",
        "What a direct payment is, and what it could change for you.",
        [
            "A direct payment is money from the council that you, or someone you trust, use to pay "
            "for your care. You can ask your council whether it is right for you."
        ],
        ["information"],
    ),
    (
        "A guide for families and representatives",
        "people",
        "If you help someone manage their money, what to expect.",
        [
            "You may be asked to manage the payment on someone's behalf. The council will explain "
            "what records to keep."
        ],
        ["information", "top-ups"],
    ),
    (
        "Questions to ask before you choose a direct payment",
        "people",
        "A short list to take to your review.",
        ["Who will pay the home? What happens if my needs change? Who can I call for help?"],
        ["information"],
    ),
]

# Quarterly learning events across the programme (past), then two ahead of today.
EVENTS = [
    ("Launch event for trailblazer sites", "2013-11-20", "London", False),
    ("Learning event: setting up payments", "2014-02-19", "Leeds", False),
    ("Learning event: working with providers", "2014-05-21", "Milton Keynes", False),
    ("Learning event: contracts and top-ups", "2014-09-17", "Enfield", False),
    ("Learning event: early findings", "2014-12-10", "London", True),
    ("Learning event: information and advice", "2015-03-18", "Scunthorpe", False),
    ("Learning event: what residents tell us", "2015-06-17", "Redbridge", True),
    ("Learning event: the second interim report", "2015-09-16", "Leeds", True),
    ("Learning event: getting ready for rollout", "2015-12-09", "London", True),
    ("Learning event: rollout, three months on", "2016-06-15", "", True),
    ("Closing event: sharing the learning", "2016-10-12", "London", True),
]
FUTURE_EVENTS = [
    ("Webinar: direct payments in residential care for new councils", 30, "", True),
    ("Regional workshop: contracts with care homes", 120, "Leeds", False),
]

# title, site index (into the trailblazer list), theme, tags
PRACTICE = [
    ("A single contract template agreed with local homes", 0, "contracts", ["contracts"]),
    ("Paying the home on the resident's behalf", 1, "payments", ["payments"]),
    ("Explaining direct payments at the first review", 2, "information", ["information"]),
    ("Keeping family top-ups separate and visible", 3, "top_ups", ["top-ups"]),
    ("A provider forum before the first payment", 4, "providers", ["contracts"]),
    ("Light-touch monitoring at three months", 5, "payments", ["payments"]),
    ("Easy-read leaflet for residents", 6, "information", ["information"]),
    ("Joint visits by social worker and home manager", 7, "planning", ["information"]),
    ("Choosing activities with a personal budget", 8, "planning", ["rollout"]),
    ("Managed accounts for residents without a representative", 9, "payments", ["payments"]),
    ("Training assessment staff", 10, "planning", ["rollout"]),
    ("Negotiating fees with a small home", 11, "contracts", ["contracts", "top-ups"]),
]

# title, date, tags, what the item says (in the hub's words; the facts are the seeds')
NEWS = [
    (
        "Regulations amended: direct payments in residential care",
        "2013-11-01",
        ["regulations"],
        "From today an amendment to the direct payment regulations lets councils offer direct "
        "payments to people in long-term residential care for the first time.",
    ),
    (
        "Fourteen trailblazer sites announced",
        "2013-11-05",
        ["rollout"],
        "Fourteen councils, chosen from the answers to the 2012 call for expressions of "
        "interest, will test how direct payments work for people living in care homes.",
    ),
    (
        "Evaluation team appointed",
        "2013-11-12",
        ["evaluation"],
        "PIRU at the London School of Hygiene and Tropical Medicine will evaluate the "
        "programme with PSSRU at the London School of Economics.",
    ),
    (
        "First direct payments made in residential care",
        "2014-03-03",
        ["payments"],
        "The first residents in the trailblazer sites now pay for their place with a direct "
        "payment.",
    ),
    (
        "Four deep-dive sites confirmed",
        "2014-04-07",
        ["evaluation"],
        "Four councils have agreed to take part in more in-depth research for the evaluation.",
    ),
    (
        "First interim report submitted",
        "2014-12-15",
        ["evaluation"],
        "The evaluators have sent their first interim report to the Department of Health. A "
        "second follows in summer 2015.",
    ),
    (
        "Knowledge hub passes a hundred shared documents",
        "2015-02-02",
        ["information"],
        "Templates, letters, process notes and slides: the sites have now shared more than a "
        "hundred of them here.",
    ),
    (
        "Second interim report submitted",
        "2015-07-20",
        ["evaluation"],
        "The evaluators' second interim report has gone to the Department of Health. The final "
        "report is due in 2016.",
    ),
    (
        "Guidance for councils preparing for April 2016",
        "2015-10-05",
        ["rollout"],
        "Every council in England must offer these direct payments from April 2016. The new "
        "checklist draws on what the trailblazers learned.",
    ),
    (
        "Direct payments in residential care now available everywhere",
        "2016-04-01",
        ["rollout"],
        "From this month every council in England must offer direct payments to people in "
        "long-term residential care.",
    ),
    (
        "Final evaluation report published",
        "2016-11-01",
        ["evaluation"],
        "The evaluators' final report on the trailblazer programme is out.",
    ),
    (
        "What happens to the hub now",
        "2016-12-01",
        ["information"],
        "The programme has ended, but the hub stays open: its documents, guidance and practice "
        "examples remain for every council to use.",
    ),
]

# The 2012 expression-of-interest form (seed 001), its questions in the hub's words:
# label, type, required, choices, help text.
EOI_QUESTIONS = [
    ("Name of local authority", "singleline", True, "", ""),
    ("Director of Adult Social Services", "singleline", True, "", ""),
    ("Lead contact for enquiries", "singleline", True, "", ""),
    ("Contact email", "email", True, "", ""),
    ("Contact telephone number", "singleline", True, "", ""),
    (
        "Are you interested in trialling direct payments in residential care?",
        "radio",
        True,
        "Yes\nNo",
        "",
    ),
    ("Are you interested in joining the working group?", "radio", True, "Yes\nNo", ""),
    (
        "Which providers in your area are interested in being involved?",
        "multiline",
        False,
        "",
        "List them, one a line.",
    ),
    (
        "Describe residential care services in your area. How personalised are they now?",
        "multiline",
        True,
        "",
        "",
    ),
    (
        "How would you use this opportunity, and what are the main challenges in your area?",
        "multiline",
        True,
        "",
        "",
    ),
    (
        "Describe your relationship with local providers. How might they respond to direct "
        "payments in residential care?",
        "multiline",
        True,
        "",
        "Give evidence where you can.",
    ),
    (
        "Will you join the open meeting on 16 August?",
        "dropdown",
        False,
        "In London\nIn Leeds\nBy phone\nNo",
        "",
    ),
    ("Any other comments or queries?", "multiline", False, "", ""),
]
