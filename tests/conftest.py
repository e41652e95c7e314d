"""The fixed cast every test can use.

Consortium A (the one under test) and consortium B (someone else's). One user per role in A, an outsider
who coordinates B, an AVIQ reviewer and a platform admin (both enrolled in TOTP), and anonymous.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from budget.models import RuleSet
from consortia.models import ConsortiumRole, Membership
from consortia.services.roles import role_grant

from .factories import (
    ConsortiumFactory,
    LifeBasinFactory,
    MembershipFactory,
    StructureFactory,
    TerritoryFactory,
    UserFactory,
    enrol_totp,
    login_with_mfa,
)

MEMBER_ROLES = ["coordinator", "operational", "accountant", "governance", "structure_reporter", "viewer"]
ALL_ACTORS = ["anonymous", "outsider", *MEMBER_ROLES, "reviewer", "admin"]


@dataclass
class Cast:
    consortium_a: object
    consortium_b: object
    lead_a: object
    member_a: object
    partner_a: object
    lead_b: object
    users: dict

    def user(self, actor):
        return self.users.get(actor)

    def client(self, actor) -> Client:
        client = Client()
        user = self.users.get(actor)
        if user is not None and user.must_use_mfa:
            login_with_mfa(client, user)  # AVIQ staff and admins always log in with their second factor
        elif user is not None:
            client.force_login(user)
        return client


def seed_active_ruleset() -> None:
    """Migration budget 0002 seeds the active rule set, but a transactional test's flush deletes it: put it back
    (RuleSet.active() refuses to run without one)."""
    if not RuleSet.objects.filter(is_active=True).exists():
        RuleSet.objects.create(name="Appel à projets OLS 2025 (AVIQ)", is_active=True)


def build_cast() -> Cast:
    seed_active_ruleset()
    territory_a = TerritoryFactory(name="Hautes Plaines", population=380_000)
    LifeBasinFactory(territory=territory_a, name="Ville Haute", population=90_000)
    LifeBasinFactory(territory=territory_a, name="Trois Vallées", population=60_000)
    consortium_a = ConsortiumFactory(name="OLS A", territory=territory_a)
    consortium_b = ConsortiumFactory(name="OLS B", territory=TerritoryFactory(name="Territoire B", population=520_000))
    lead_a = MembershipFactory(
        consortium=consortium_a, is_lead=True, structure=StructureFactory(name="ASBL Porteuse A")
    ).structure
    member_a = MembershipFactory(
        consortium=consortium_a, structure=StructureFactory(name="ASBL Membre A", sector="SM")
    ).structure
    partner_a = MembershipFactory(
        consortium=consortium_a,
        role=Membership.Role.PARTNER,
        structure=StructureFactory(name="Hôpital Partenaire A", sector="SH", is_hospital=True, legal_form="other"),
    ).structure
    lead_b = MembershipFactory(
        consortium=consortium_b, is_lead=True, structure=StructureFactory(name="ASBL Porteuse B")
    ).structure

    users = {"anonymous": None}
    for role in MEMBER_ROLES:
        user = UserFactory(email=f"{role}@a.test")
        role_grant(
            actor=None,
            consortium=consortium_a,
            user=user,
            role=role,
            structure=member_a if role == ConsortiumRole.Role.STRUCTURE_REPORTER else None,
        )
        users[role] = user
    outsider = UserFactory(email="coordinator@b.test")
    role_grant(actor=None, consortium=consortium_b, user=outsider, role="coordinator")
    users["outsider"] = outsider
    users["reviewer"] = enrol_totp(UserFactory(email="reviewer@aviq.test", aviq_reviewer=True))
    users["admin"] = enrol_totp(UserFactory(email="admin@ols.test", is_superuser=True, is_staff=True))
    return Cast(consortium_a, consortium_b, lead_a, member_a, partner_a, lead_b, users)


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (settings_test: one per process). Cached pages are keyed on database
    ids and revisions, which an earlier test's rolled-back rows may have used for other data."""
    cache.clear()


@pytest.fixture(autouse=True)
def _french(settings):
    settings.LANGUAGE_CODE = "fr"
