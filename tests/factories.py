import itertools
import time

import factory
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.http import HttpRequest

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
    """Give a user a TOTP authenticator (with a real secret, see `totp_code`) so the MFA gate lets them through."""
    TOTP.activate(user, generate_totp_secret())
    return user


def totp_code(user) -> str:
    """The code the user's authenticator app shows right now."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def login_with_mfa(client, user):
    """Log `client` in as `user` the way allauth does after password + TOTP (the admin requires the second step)."""
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=getattr(authenticator, "pk", None), type="totp")
    request.session.save()
    return client


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


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.Body"

    consortium = factory.SubFactory(ConsortiumFactory)
    kind = "working_group"
    name = factory.Sequence(lambda n: f"GT {n}")
    default_method = "consent"
    quorum = "0.50"


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.Seat"

    body = factory.SubFactory(BodyFactory)
    votes = True


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.Proposal"

    body = factory.SubFactory(BodyFactory)
    consortium = factory.SelfAttribute("body.consortium")
    title = factory.Sequence(lambda n: f"Proposition {n}")
    domain = "methods_tools"
    method = "consent"
    quorum = "0.50"
