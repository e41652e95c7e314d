import itertools

import factory
from allauth.mfa.models import Authenticator

from consortia.enterprise_number import make_enterprise_number
from consortia.models import Consortium, LifeBasin, Membership, Structure, StructureLink, Territory, User

_numbers = itertools.count(10_000_000)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Test"
    password = factory.django.Password("correct-horse-battery")


def enrol_totp(user):
    """Give a user a TOTP authenticator so the MFA gate lets them through."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "test"})
    return user


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire {n}")
    population = 320_000


class LifeBasinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeBasin

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Bassin {n}")
    population = 40_000


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"ASBL Structure {n}")
    legal_form = "asbl"
    enterprise_number = factory.LazyFunction(lambda: make_enterprise_number(next(_numbers)))
    sector = "1LSS"
    level = "meso"


class ConsortiumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consortium

    name = factory.Sequence(lambda n: f"OLS Test {n}")
    territory = factory.SubFactory(TerritoryFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    consortium = factory.SubFactory(ConsortiumFactory)
    structure = factory.SubFactory(StructureFactory)
    role = "member"
    conflict_of_interest_declared = True


class StructureLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructureLink

    consortium = factory.SubFactory(ConsortiumFactory)
    source = factory.SubFactory(StructureFactory)
    target = factory.SubFactory(StructureFactory)
    kind = "OG"
