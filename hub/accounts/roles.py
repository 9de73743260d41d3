"""The hub's roles. Each is a Django group created by a data migration; names are stable."""

PROGRAMME_TEAM = "Programme team"
TRAILBLAZER_STAFF = "Trailblazer staff"
LOCAL_AUTHORITY_MEMBERS = "Local authority members"
PROVIDERS = "Providers"
EVALUATORS = "Evaluators"
STEERING_GROUP = "Steering group"

ALL = [
    PROGRAMME_TEAM,
    TRAILBLAZER_STAFF,
    LOCAL_AUTHORITY_MEMBERS,
    PROVIDERS,
    EVALUATORS,
    STEERING_GROUP,
]

# Roles a person may ask for when signing up; the programme team grants the rest.
REQUESTABLE = [TRAILBLAZER_STAFF, LOCAL_AUTHORITY_MEMBERS, PROVIDERS, EVALUATORS]

# Roles a member may hold: every role but the programme team's, which carries editing rights
# and is granted only as a separate, explicit choice.
MEMBER_ROLES = [name for name in ALL if name != PROGRAMME_TEAM]

# Each role as a person would say it of someone, for the list of people.
PLAIN_WORDS = {
    PROGRAMME_TEAM: "Programme team",
    TRAILBLAZER_STAFF: "Works at a trailblazer site",
    LOCAL_AUTHORITY_MEMBERS: "Works at a council",
    PROVIDERS: "Works for a care provider",
    EVALUATORS: "Evaluator",
    STEERING_GROUP: "Steering group member",
}
