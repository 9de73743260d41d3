import factory
from django.contrib.auth.models import Group

from hub.accounts.models import Organisation, User


def role(name):
    return Group.objects.get(name=name)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    slug = factory.Sequence(lambda n: f"testshire-council-{n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@council.example")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    status = User.Status.APPROVED
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
