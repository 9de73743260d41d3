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
