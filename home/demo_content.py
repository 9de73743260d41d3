"""The words of the demo content, written for the hub from the programme's public facts
(seeds 000 and 001): the regulations changed on 1 November 2013, fourteen trailblazer councils,
evaluation by PIRU (LSHTM) and PSSRU (LSE) with four deep-dive sites, interim reports in
December 2014 and summer 2015, the final report in 2016, every council offering these direct
payments from April 2016. Names marked "(fictional)" are invented; so is every quote, and what
each council did in the practice examples and site stories is illustrative, not its record.

Restricted items carry unique canary words (Zephyrquill, Quillbramble, Marrowlatch) so tests
can prove they never leak.
"""

# The four trailblazer councils the programme's page names (seed 000), found by these words.
NAMED_SITES = ("Enfield", "Redbridge", "Milton Keynes", "North Lincolnshire")

# When things went on the hub: the hub opened just after the regulations changed, the site
# pages once every site had a lead, and the 2012 form is dated by the letter that sent it.
HUB_OPENED = "2013-11-01"
SITES_PUBLISHED = "2014-01-20"
TIMELINE_START = "2012-07-24"

STEERING_CANARY = "Zephyrquill"
EVALUATORS_CANARY = "Quillbramble"
MEMBERS_CANARY = "Marrowlatch"

# A steering group paper with one paragraph that must stay private: the one to share publicly
# with that paragraph left out.
STEERING_PAPER = (
    "Paper: lessons for the national rollout",
    "What the trailblazers suggest councils prepare before direct payments in residential care "
    "are offered everywhere.",
    "Summary of the paper",
    [
        "Councils that began early found the hardest part was not the payment itself but agreeing "
        "with each care home how invoices, top-ups and changes in need would be handled.",
        "A short written agreement between the council, the resident and the home, signed before "
        "the first payment, prevented most disputes the sites reported.",
        f"The {STEERING_CANARY} cost estimates in annex B are provisional and must not be quoted "
        "outside the steering group until the Department has agreed them.",
        "Residents valued a named contact at the council more than any other form of support, "
        "and homes said the same.",
    ],
)

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

# Quarterly learning events across the programme (past), then two ahead of today:
# title, day, venue, online, summary.
EVENTS = [
    (
        "Launch event for trailblazer sites",
        "2013-11-20",
        "London",
        False,
        "Three weeks after the regulations changed, the fourteen sites met the programme team "
        "and the evaluators for the first time.",
    ),
    (
        "Learning event: setting up payments",
        "2014-02-19",
        "Leeds",
        False,
        "Finance leads compared the ways a direct payment can reach a care home, weeks before "
        "the first residents were paid.",
    ),
    (
        "Learning event: working with providers",
        "2014-05-21",
        "Milton Keynes",
        False,
        "Care home owners and managers told the sites what worried them, and what would make "
        "them say yes.",
    ),
    (
        "Learning event: contracts and top-ups",
        "2014-09-17",
        "Enfield",
        False,
        "A day on who signs what: contracts between residents and homes, and family top-ups "
        "once the council no longer collects them.",
    ),
    (
        "Learning event: early findings",
        "2014-12-10",
        "London",
        True,
        "The evaluators shared what the first year's data showed, ahead of their interim "
        "report to the Department of Health.",
    ),
    (
        "Learning event: information and advice",
        "2015-03-18",
        "Scunthorpe",
        False,
        "How sites explain direct payments to residents and families, with leaflets and "
        "letters to borrow.",
    ),
    (
        "Learning event: what residents tell us",
        "2015-06-17",
        "Redbridge",
        True,
        "Residents and family members who hold a direct payment spoke about what it had "
        "changed, and what it had not.",
    ),
    (
        "Learning event: the second interim report",
        "2015-09-16",
        "Leeds",
        True,
        "The evaluators took the sites through their second interim report and the questions "
        "it leaves open.",
    ),
    (
        "Learning event: getting ready for rollout",
        "2015-12-09",
        "London",
        True,
        "With four months to go before every council must offer these payments, the sites "
        "shared what a council needs in place first.",
    ),
    (
        "Learning event: rollout, three months on",
        "2016-06-15",
        "",
        True,
        "An online session for councils new to direct payments in care homes, three months "
        "after the national start.",
    ),
    (
        "Closing event: sharing the learning",
        "2016-10-12",
        "London",
        True,
        "The programme's last event: the final findings, and what the sites would tell a "
        "council starting now.",
    ),
]
FUTURE_EVENTS = [
    ("Webinar: direct payments in residential care for new councils", 30, "", True),
    ("Regional workshop: contracts with care homes", 120, "Leeds", False),
]

# Slides and notes from the events, made into real files in the library when the demo loads:
# event title, document title, kind, format, collection ("public" or "members"), organisation
# (a word from its name), content. Slides are (heading, text) pairs, one a slide; notes are
# paragraphs.
EVENT_MATERIALS = [
    (
        "Launch event for trailblazer sites",
        "Launch event slides: the trailblazer programme at a glance",
        "slides",
        "pptx",
        "public",
        "SCIE",
        [
            (
                "Direct payments in residential care",
                "Since 1 November 2013 councils may offer a direct payment to someone living "
                "in long-term residential care.",
            ),
            (
                "Fourteen trailblazer sites",
                "Each site tests the offer with its own residents and homes.\n"
                "Four are deep-dive sites for the evaluation.",
            ),
            (
                "What happens next",
                "Quarterly learning events hosted by the sites.\n"
                "Interim reports in December 2014 and summer 2015; final report in 2016.",
            ),
        ],
    ),
    (
        "Launch event for trailblazer sites",
        "Launch event: notes of the day",
        "notes",
        "docx",
        "members",
        "SCIE",
        [
            "Every site sent its project lead; most also brought someone from finance.",
            "The questions raised most often were about top-ups, about what happens if a "
            "payment is late, and about residents who cannot manage money alone.",
            "Sites agreed to share draft letters and contracts through the hub rather than "
            "each writing their own.",
        ],
    ),
    (
        "Learning event: setting up payments",
        "Learning event: paying care homes directly or through the person",
        "slides",
        "pptx",
        "members",
        "SCIE",
        [
            (
                "Paying care homes: three routes seen in the sites",
                "Net payments, gross payments, and payments through a managed account.",
            ),
            (
                "Net or gross",
                "Net: the council pays its share and the resident adds their contribution.\n"
                "Gross: the council pays the full fee and collects the contribution back.",
            ),
            (
                "What residents and families said",
                "Most wanted one statement they could read, and a named person to call.",
            ),
        ],
    ),
    (
        "Learning event: setting up payments",
        "Setting up payments: workshop notes",
        "notes",
        "docx",
        "members",
        "SCIE",
        [
            "Finance leads from nine sites worked through the first payment for an imaginary "
            "resident, from financial assessment to the home's first invoice.",
            "Most sites planned to pay four weeks in advance so that homes could invoice "
            "monthly, as they do for people who pay their own fees.",
            "Action: the programme team to collect each site's payment timetable for the hub.",
        ],
    ),
    (
        "Learning event: working with providers",
        "What care homes asked us: questions from the providers' session",
        "notes",
        "docx",
        "members",
        "SCIE",
        [
            "Will we be paid on time, and who do we chase if we are not?",
            "Can a resident ask us to change what is included in the fee?",
            "Do we need a contract with each resident as well as the council's framework?",
            "What happens to the payment when a resident goes into hospital?",
            "The sites' answers are summarised in the guidance for providers.",
        ],
    ),
    (
        "Learning event: contracts and top-ups",
        "Three-way top-up agreements: how they work",
        "slides",
        "pptx",
        "members",
        "Enfield",
        [
            (
                "Three people, one agreement",
                "The resident, the person paying the top-up, and the care home.",
            ),
            (
                "What the agreement says",
                "Who pays the top-up, and when.\n"
                "What happens if it stops: the council reviews the placement first.",
            ),
            (
                "Six months on",
                "No top-up missed. One family lowered theirs once they saw the whole fee.",
            ),
        ],
    ),
    (
        "Learning event: early findings",
        "Early findings from the evaluation",
        "slides",
        "pptx",
        "members",
        "PIRU",
        [
            (
                "What we looked at",
                "Offers made, direct payments taken up, and the care homes involved, from the "
                "sites' quarterly returns.",
            ),
            (
                "Early picture",
                "Take-up is lower than the sites expected.\n"
                "Where residents took it up, the reason was choice over small things in the "
                "day.",
            ),
            (
                "Next steps",
                "Interviews in the four deep-dive sites during 2015.",
            ),
        ],
    ),
    (
        "Learning event: information and advice",
        "Handout: questions residents ask most",
        "notes",
        "pdf",
        "public",
        "North Lincolnshire",
        [
            "Will I have to move? No. A direct payment can pay for the home you live in now.",
            "Will it cost me more? Your contribution is worked out the same way as before.",
            "Who will help me? You can choose someone you trust, or ask the council to pay the "
            "home for you.",
            "Can I change my mind? Yes, at any review.",
        ],
    ),
    (
        "Learning event: what residents tell us",
        "What residents tell us: notes from the listening session",
        "notes",
        "docx",
        "members",
        "SCIE",
        [
            "Eight residents and five family members spoke, some in person and some by phone.",
            "The changes they valued were small and regular: a favourite outing, a key worker "
            "who speaks their language, choosing when to get up.",
            "Several said the first conversation about money had put them off, and that they "
            "would have liked to hear about the choices first.",
        ],
    ),
    (
        "Learning event: the second interim report",
        "Second interim report: summary slides",
        "slides",
        "pptx",
        "members",
        "PSSRU",
        [
            (
                "Where the sites are now",
                "Offers are being made in every site; take-up remains modest.",
            ),
            (
                "What helps",
                "Offering at a review, not by letter.\n"
                "Working with homes before the first payment.",
            ),
            (
                "Open questions",
                "Cost to councils of running the payments, and the effect on homes' fees.",
            ),
        ],
    ),
    (
        "Learning event: getting ready for rollout",
        "Getting ready for April 2016: slides",
        "slides",
        "pptx",
        "public",
        "SCIE",
        [
            (
                "From April 2016",
                "Every council in England must offer direct payments to people in long-term "
                "residential care.",
            ),
            (
                "Before then",
                "Update your direct payment policy.\n"
                "Train assessment and finance staff together.\n"
                "Talk to local homes about invoicing residents.",
            ),
            (
                "Borrow what the trailblazers made",
                "Letters, agreements and leaflets are in the library.",
            ),
        ],
    ),
    (
        "Learning event: getting ready for rollout",
        "Getting ready for April 2016: checklist",
        "notes",
        "pdf",
        "public",
        "SCIE",
        [
            "Your direct payment policy says that care home residents may have one.",
            "Staff who carry out reviews know how to raise the offer.",
            "Finance can pay a resident, or a home on a resident's behalf, every four weeks.",
            "Local homes know how to invoice a resident and whom to call about a late payment.",
            "Residents and families have information they can read or listen to.",
        ],
    ),
    (
        "Closing event: sharing the learning",
        "Closing event slides: what the trailblazers learned",
        "slides",
        "pptx",
        "public",
        "SCIE",
        [
            (
                "Three years, fourteen sites",
                "From the first offers in 2014 to a national duty in April 2016.",
            ),
            (
                "What made a difference",
                "Raising the offer in person.\n"
                "Short agreements that homes helped to write.\n"
                "Light checks matched to a single regular payment.",
            ),
            (
                "Where to find it all",
                "The guidance, practice examples and documents stay on the hub.",
            ),
        ],
    ),
]

# The practice examples. ``site`` is a word from the name of one of the four named trailblazer
# councils, or a number: the nth of the other trailblazer sites in name order (their text names
# no place, so it reads true whichever council that is). Each text is a list of paragraphs; a
# nested list is a bulleted list. ``published`` is the day the example went on the hub.
PRACTICE = [
    {
        "title": "A single contract template agreed with local homes",
        "site": "Milton Keynes",
        "theme": "contracts",
        "tags": ["contracts"],
        "published": "2014-07-14",
        "summary": "Eleven homes signed one short agreement, so residents could compare terms "
        "side by side instead of reading three different contracts.",
        "challenge": [
            "When the first residents were offered a direct payment, three homes each sent their "
            "own contract. The longest ran to nineteen pages, and none said what happened to the "
            "fee while a resident was in hospital. Families could not compare them, and every "
            "contract went to the council's solicitors before anyone could sign."
        ],
        "what_they_did": [
            "The commissioning team wrote a four-page draft and took it to the care home "
            "managers' network in April 2014. Over two meetings the managers rewrote it with them. "
            "The agreed version covers:",
            [
                "the weekly fee and the day it is paid",
                "what is charged during a hospital stay or a holiday with family",
                "four weeks' notice on either side",
                "who to call when a payment is late",
            ],
            "The fee schedule sits in an annex, so it can change each April without anyone "
            "signing the agreement again.",
        ],
        "outcome": [
            "By July eleven of the borough's homes had signed up. The legal check, which had "
            "taken about a week per contract, is no longer needed, and two families said it was "
            "the first care home contract they had read to the end."
        ],
        "lessons": [
            "Let the homes edit the draft. The clauses they wrote themselves were the ones they "
            "defended to their own head offices."
        ],
        "contact": "Commissioning manager for older people's services",
    },
    {
        "title": "Paying the home on the resident's behalf",
        "site": "North Lincolnshire",
        "theme": "payments",
        "tags": ["payments"],
        "published": "2015-02-09",
        "summary": "Residents who wanted the choice but not the bank account asked the council "
        "to pay the home for them, and could still see every payment.",
        "challenge": [
            "Most of the residents who were interested had no close family nearby. Opening a bank "
            "account, and watching four-weekly sums of more than two thousand pounds go in and "
            "out of it, worried them more than the choice itself appealed."
        ],
        "what_they_did": [
            "The council offered a second route: the resident holds the direct payment on paper, "
            "decides which home and which services it buys, and signs a short instruction asking "
            "the council to pay the home on their behalf.",
            "Each resident gets a plain statement every quarter showing what was paid, to whom "
            "and when. At any review they can switch to receiving the money themselves.",
        ],
        "outcome": [
            "Nine of the first fourteen residents chose this route. Homes were paid on the same "
            "day every four weeks, and two residents moved to holding the money themselves once "
            "they felt confident."
        ],
        "lessons": [
            "Offer the simplest route first and make leaving it easy. Residents chose the "
            "direct payment for the control over what it buys, not for handling cash."
        ],
        "contact": "Personal budgets lead, adult social care",
    },
    {
        "title": "Explaining direct payments at the first review",
        "site": "Redbridge",
        "theme": "information",
        "tags": ["information"],
        "published": "2014-10-06",
        "summary": "Letters brought two replies out of forty; talking it through at the review, "
        "with a worked example, interested one resident in four.",
        "challenge": [
            "In the spring the council wrote to forty residents about direct payments and heard "
            "back from two. Staff in the homes reported that people had read the letter as a "
            "change to their fees and put it aside."
        ],
        "what_they_did": [
            "Social workers stopped sending letters and raised the offer during each resident's "
            "six-week or annual review instead. They brought a single page showing one "
            "resident's week and which parts of it a direct payment could change.",
            "The page was translated into the five languages most spoken in the borough's homes, "
            "and reviews were booked with an interpreter when the resident asked for one.",
        ],
        "outcome": [
            "Over the next three months one resident in four asked to know more, and six took "
            "up a direct payment. Reviews took about ten minutes longer."
        ],
        "lessons": [
            "Timing matters more than wording. At a review people are already thinking about "
            "what they would change; a letter arrives with the bills.",
            "Start with what could be different in someone's day, not with how the money moves.",
        ],
        "contact": "Team manager, reviewing team",
    },
    {
        "title": "Keeping family top-ups separate and visible",
        "site": "Enfield",
        "theme": "top_ups",
        "tags": ["top-ups"],
        "published": "2014-06-16",
        "summary": "A three-way agreement and a separate line on the invoice kept a family's "
        "top-up apart from the resident's direct payment.",
        "challenge": [
            "About a third of the residents in the first homes had a relative paying a top-up "
            "for a larger room or a home nearer the family. The council used to collect it and "
            "pay the home the full fee. Once the resident paid the home, nobody was sure who "
            "owed what, or what would happen if the top-up stopped."
        ],
        "what_they_did": [
            "The team drew up a three-way agreement between the resident, the person paying the "
            "top-up and the home, and shared it with the other sites (it is in the members' "
            "library). The top-up appears as its own line in the support plan and on the home's "
            "invoice, and the family pays the home directly.",
            "A review at twelve weeks checks that the top-up is still affordable for the family.",
        ],
        "outcome": [
            "No top-up was missed in the first six months. One family lowered theirs after seeing "
            "for the first time how the whole fee was made up, and the resident stayed in the "
            "same room."
        ],
        "lessons": [
            "Talk to the family before the resident signs anything: they are the ones taking on "
            "a new agreement.",
            "Say in writing that the council will review the placement before any change if a "
            "top-up stops. Homes and families both asked for that sentence.",
        ],
        "contact": "Direct payments project lead",
    },
    {
        "title": "A provider forum before the first payment",
        "site": 0,
        "theme": "providers",
        "tags": ["contracts"],
        "published": "2014-03-24",
        "summary": "Care home owners feared bad debts. A forum held in one of their own homes, "
        "with the finance team present, brought every home on board.",
        "challenge": [
            "Several owners said at the first briefing that they would not take residents paying "
            "by direct payment. Their worry was simple: a council pays late but always pays, and "
            "they did not know whether a resident would."
        ],
        "what_they_did": [
            "The council moved its quarterly provider forum out of the civic centre and into a "
            "care home's day room. The finance manager came along and went through the payment "
            "dates, named one person in the finance team to ring about a late payment, and "
            "explained that for the first year the council would cover any missed payment while "
            "it sorted out the cause."
        ],
        "outcome": [
            "All twenty-three homes in the area agreed to accept direct payments, and six "
            "offered to be among the first. In the first year the guarantee was used twice, both "
            "times for a bank error that was put right within a week."
        ],
        "lessons": [
            "Bring the people who handle the money, not only the commissioners: the questions "
            "were about cash flow.",
            "Meeting on the homes' ground changed the tone of the conversation.",
        ],
        "contact": "Provider relationships officer",
    },
    {
        "title": "Light-touch monitoring at three months",
        "site": "Enfield",
        "theme": "payments",
        "tags": ["payments"],
        "published": "2015-05-11",
        "summary": "Quarterly bank statements were built for home care. A three-month check "
        "and a yearly one cut the paperwork and still caught problems early.",
        "challenge": [
            "The council's usual direct payment audit asks for bank statements every quarter. "
            "That suits home care, where money goes on many small purchases. A care home fee is "
            "one payment every four weeks, and residents found the requests intrusive and "
            "pointless."
        ],
        "what_they_did": [
            "For residents in care homes, the team replaced quarterly statements with:",
            [
                "a phone call to the home at three months to confirm the fees had arrived",
                "a short conversation with the resident about whether the payment was working "
                "for them",
                "a yearly check after that, alongside the annual review",
            ],
            "Finance flags any account holding more than eight weeks of fees, so a build-up of "
            "money is noticed without anyone asking for statements.",
        ],
        "outcome": [
            "Staff time spent on monitoring fell from about four hours a year per resident to "
            "under one. Two unspent balances were found at the three-month call and returned "
            "before they grew."
        ],
        "lessons": [
            "Match the check to the risk. A single regular payment needs confirming, not auditing."
        ],
        "contact": "Direct payments finance officer",
    },
    {
        "title": "Easy-read leaflet for residents",
        "site": 1,
        "theme": "information",
        "tags": ["information"],
        "published": "2014-11-17",
        "summary": "Residents and a local advocacy group rewrote a sixteen-page leaflet as "
        "eight pages of pictures and short sentences.",
        "challenge": [
            "The only leaflet about direct payments had been written for people living in their "
            "own homes. It was sixteen pages long and talked about employing personal "
            "assistants. Many residents live with dementia or sight loss, and staff stopped "
            "handing it out."
        ],
        "what_they_did": [
            "Over two months, residents at two homes and a local advocacy group wrote a new "
            "version with the council. Each page has one picture and one or two sentences. "
            "Photographs of local people, used with their consent, replaced clip art.",
            "Drafts were read aloud at residents' meetings, and anything people stumbled over "
            "was rewritten. There are large-print and audio versions as well.",
        ],
        "outcome": [
            "Advocates now use the leaflet in their first conversation with a resident. Three "
            "other sites asked for the original files, which are shared on the hub."
        ],
        "lessons": [
            "Test the words with residents, not only with staff. The phrases staff thought were "
            "plain were often the ones residents asked about."
        ],
        "contact": "Information and advice officer",
    },
    {
        "title": "Joint visits by social worker and home manager",
        "site": "Milton Keynes",
        "theme": "planning",
        "tags": ["information"],
        "published": "2015-01-26",
        "summary": "One visit with the resident, the social worker and the home manager "
        "together produced support plans the home could act on.",
        "challenge": [
            "Support plans were written at the council's offices after a social worker's visit. "
            "They often asked for things the home could not offer, and missed things it could "
            "easily change. Residents gave slightly different answers to each person who asked."
        ],
        "what_they_did": [
            "The social worker and the home manager visited together, with the resident and "
            "someone the resident chose. They asked three questions: what matters to you, what "
            "would you change, and what would you spend the money on? The plan was written "
            "before anyone left the room."
        ],
        "outcome": [
            "Plans became more specific. One resident now has a key worker who speaks Polish; "
            "another uses part of the payment for a taxi to a weekly football match with his "
            "grandson. A joint visit took about ninety minutes, less than two separate ones."
        ],
        "lessons": [
            "Book home managers at least two weeks ahead, and agree before the visit who will "
            "write the plan."
        ],
        "contact": "Senior practitioner, older people's team",
    },
    {
        "title": "Choosing activities with a personal budget",
        "site": 2,
        "theme": "planning",
        "tags": ["rollout"],
        "published": "2015-09-14",
        "summary": "Homes priced the activities part of their fee separately, so residents "
        "could spend that part on something of their own choosing.",
        "challenge": [
            "Residents told the evaluators that the direct payment changed nothing in their "
            "day: the fee covered everything, so there was nothing left to choose."
        ],
        "what_they_did": [
            "Four homes agreed to show the activities part of their fee on its own. A resident "
            "who would rather do something else can take that part and spend it elsewhere, "
            "while the rest of the fee stays as before."
        ],
        "outcome": [
            "Seven of twelve residents changed something. One man went back to his allotment "
            "society every Saturday; a woman attends Sunday service at her own church, with a "
            "taxi there and back; two friends share a place at a local day centre's art group."
        ],
        "lessons": [
            "Start with a small part of the fee that homes can price honestly. Asking them to "
            "itemise everything at once stalled the talks.",
            "Tell the home early when a resident's plans change, so staffing can follow.",
        ],
        "contact": "Personalisation lead",
    },
    {
        "title": "Managed accounts for residents without a representative",
        "site": 3,
        "theme": "payments",
        "tags": ["payments"],
        "published": "2015-11-02",
        "summary": "An independent organisation holds the money for residents who want a "
        "direct payment but have no one to help them manage it.",
        "challenge": [
            "Some residents were clear about what they wanted to choose but had no relative or "
            "friend to help with the money, and did not want the council to handle it for them "
            "either."
        ],
        "what_they_did": [
            "The council commissioned a local user-led organisation to run managed accounts. "
            "The organisation receives the payment, pays the home and any other services in the "
            "plan, and sends the resident a large-print summary each month. The resident can ask "
            "for a visit to go through it.",
            "The fee for the service is agreed in advance and comes out of the direct payment, "
            "so residents see the full cost.",
        ],
        "outcome": [
            "Five residents use a managed account. None has been late paying a home, and two "
            "have used the spare flexibility to arrange regular outings."
        ],
        "lessons": [
            "Agree the fee before the first resident joins, and check that the monthly summary "
            "makes sense to the people receiving it, not only to auditors."
        ],
        "contact": "Commissioning officer, personal budgets",
    },
    {
        "title": "Training assessment staff",
        "site": "North Lincolnshire",
        "theme": "planning",
        "tags": ["rollout"],
        "published": "2016-01-18",
        "summary": "Before April 2016 every social worker and financial assessment officer had "
        "a half-day session, and confidence more than doubled.",
        "challenge": [
            "Only the small trailblazer team had made an offer so far. With every council "
            "required to offer these direct payments from April 2016, the rest of the service "
            "needed to be ready, and a survey found most staff unsure where to start."
        ],
        "what_they_did": [
            "The trailblazer team ran half-day sessions for social workers and financial "
            "assessment officers together. Each session used real cases from the trial, with "
            "names removed, and a one-page guide to deciding whether to raise the offer.",
            "Financial assessment officers joined because most questions from residents had "
            "turned out to be about money. A refresher followed three months later.",
        ],
        "outcome": [
            "Staff who said they felt confident making an offer rose from under a third to more "
            "than three quarters. Within a month, staff outside the trial team had made their "
            "first offers."
        ],
        "lessons": [
            "Train the people who do the assessments and the people who do the sums in the "
            "same room; each group had questions only the other could answer."
        ],
        "contact": "Workforce development lead",
    },
    {
        "title": "Negotiating fees with a small home",
        "site": "Redbridge",
        "theme": "contracts",
        "tags": ["contracts", "top-ups"],
        "published": "2016-03-07",
        "summary": "A nine-bed family home charged more than the council's usual rate and had "
        "never invoiced a resident. Help with the paperwork kept a resident in her home.",
        "challenge": [
            "A resident wanted to stay in the small family-run home she had lived in for four "
            "years. Its fee was above the council's usual rate, and the owners had only ever "
            "invoiced the council: they worried about doing it for one resident alone."
        ],
        "what_they_did": [
            "The council's brokerage team agreed a fee at its usual rate, with the difference "
            "paid by the resident's son as a top-up set out in writing. They gave the owners an "
            "invoice template and sat with them to send the first two invoices.",
            "The fee is reviewed each April on the same date as the council's own rates.",
        ],
        "outcome": [
            "The resident stayed. Within six months the home had taken two more residents "
            "paying by direct payment and was invoicing them without help."
        ],
        "lessons": [
            "Small homes need help with the paperwork more than a higher rate. An hour of "
            "brokerage time saved a move that would have cost far more."
        ],
        "contact": "Brokerage team manager",
    },
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

# The four named councils' own pages: summary, what they set out to do, progress updates
# (date, title, text). The other sites' pages are drawn from their practice examples.
SITE_STORIES = {
    "Enfield": (
        "A north London borough testing top-ups and lighter monitoring.",
        "Enfield started with residents of four homes in the east of the borough, many of "
        "whom had a relative paying a top-up. Its three-way top-up agreement became the "
        "template most other sites borrowed.",
        [
            ("2013-12-02", "Project lead in post", "Four homes agreed to take part."),
            ("2014-06-02", "Top-up agreement agreed", "Shared with the other sites."),
            ("2015-04-20", "Monitoring simplified", "A three-month call replaced statements."),
        ],
    ),
    "Redbridge": (
        "An outer London borough that moved the offer from letters to reviews, and a deep-dive "
        "site for the evaluation.",
        "Redbridge's homes house residents who speak many languages, so the team put its "
        "effort into explaining the offer in person, with translated material and "
        "interpreters at reviews.",
        [
            ("2014-01-13", "Letters sent", "Forty residents were written to; two replied."),
            ("2014-07-07", "Offer made at reviews", "Interest rose to one resident in four."),
            ("2016-03-01", "Small homes supported", "Brokerage helped a family-run home invoice."),
        ],
    ),
    "Milton Keynes": (
        "A unitary council that agreed one contract with its homes.evaluation.",
        "Milton Keynes worked through its care home managers' network from the start: the "
        "homes rewrote the council's draft contract with it, and home managers now join "
        "social workers on planning visits.",
        [
            ("2014-04-14", "Draft contract shared", "Taken to the managers' network."),
            ("2014-07-01", "Contract signed", "Eleven homes signed the same agreement."),
            ("2015-01-12", "Joint visits begin", "Plans written with the home manager present."),
        ],
    ),
    "North Lincolnshire": (
        "A largely rural council around Scunthorpe where most residents chose to have the "
        "council pay the home for them.",
        "With many residents living far from family, North Lincolnshire offered a way to hold "
        "a direct payment without handling the money, and later trained all its assessment "
        "staff ahead of the national start.",
        [
            ("2014-02-03", "First residents approached", "Fourteen residents showed interest."),
            ("2014-09-15", "Payments on their behalf", "Nine residents chose the council to pay."),
            ("2016-01-11", "All staff trained", "Half-day sessions before April 2016."),
        ],
    ),
}
