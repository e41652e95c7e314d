"""Reads on consortia: each builds in visibility and loads what its page shows in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q

from .models import Consortium, Membership
from .permissions import consortia_visible_to
from .rules import MemberFacts, check_eligibility


def dashboard_consortia(user):
    """The consortia a user sees, with member/partner counts and the lead, in two queries."""
    lead = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(is_lead=True).select_related("structure"),
        to_attr="lead_memberships",
    )
    return (
        consortia_visible_to(user, Consortium.objects.select_related("territory"))
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__role=Membership.Role.MEMBER), distinct=True),
            partner_count=Count("memberships", filter=Q(memberships__role=Membership.Role.PARTNER), distinct=True),
            life_basin_count=Count("territory__life_basins", distinct=True),
        )
        .prefetch_related(lead)
        .order_by("name")
    )


def lead_membership(consortium):
    return consortium.memberships.filter(is_lead=True).select_related("structure").first()


def eligibility(consortium):
    memberships = consortium.memberships.select_related("structure")
    facts = [
        MemberFacts(
            name=m.structure.name,
            role=m.role,
            is_lead=m.is_lead,
            legal_form=m.structure.legal_form,
            sector=m.structure.sector,
            is_hospital=m.structure.is_hospital,
            is_insurer=m.structure.is_insurer,
            insolvency=m.structure.insolvency,
            conflict_of_interest_declared=m.conflict_of_interest_declared,
        )
        for m in memberships
    ]
    return check_eligibility(territory_population=consortium.territory.population, memberships=facts)


def membership_counts(consortium) -> dict:
    counts = consortium.memberships.aggregate(
        members=Count("pk", filter=Q(role=Membership.Role.MEMBER)),
        partners=Count("pk", filter=Q(role=Membership.Role.PARTNER)),
    )
    counts["links"] = consortium.links.count()
    return counts
