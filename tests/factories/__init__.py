from .accounts import OrganisationFactory, UserFactory, role

__all__ = ["OrganisationFactory", "UserFactory", "role"]
