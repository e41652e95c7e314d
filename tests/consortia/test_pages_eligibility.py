import dataclasses

import pytest
from django.urls import reverse

from consortia.models import Membership
from consortia.rules import EXPECTED_MEMBER_SECTORS, MemberFacts, check_eligibility, is_eligible
from tests.factories import MembershipFactory, StructureFactory

# --- consortia/rules.py: each rule met and not met ----------------------------------------------------------


def facts(name, sector="1LSS", **changes):
    base = MemberFacts(
        name=name,
        role="member",
        is_lead=False,
        legal_form="asbl",
        sector=sector,
        is_hospital=False,
        is_insurer=False,
        insolvency="none",
        conflict_of_interest_declared=True,
    )
    return dataclasses.replace(base, **changes)


def eligible_memberships():
    return [
        facts("Porteuse", "1LSS", is_lead=True),
        facts("Prévention", "PP"),
        facts("Santé mentale", "SM"),
        facts("Social", "SSS"),
        facts(
            "Hôpital", "SH", role="partner", is_hospital=True, legal_form="other", conflict_of_interest_declared=False
        ),
    ]


def rule(code, memberships, population=380_000):
    results = check_eligibility(territory_population=population, memberships=memberships)
    return next(r for r in results if r.code == code)


def replace(memberships, name, **changes):
    return [dataclasses.replace(m, **changes) if m.name == name else m for m in memberships]


def test_a_complete_consortium_meets_every_rule():
    results = check_eligibility(territory_population=380_000, memberships=eligible_memberships())

    assert [r.code for r in results] == [
        "one_lead",
        "lead_is_asbl_member",
        "no_excluded_members",
        "no_insolvent_members",
        "conflicts_declared",
        "territory_set",
        "sectors_covered",
    ]
    assert all(r.met for r in results)
    assert is_eligible(results)
    assert rule("one_lead", eligible_memberships()).reason == "Structure porteuse : Porteuse."


def test_it_requires_a_lead():
    result = rule("one_lead", replace(eligible_memberships(), "Porteuse", is_lead=False))

    assert not result.met
    assert result.reason == "Aucune structure porteuse n'est désignée."


def test_it_refuses_two_leads():
    result = rule("one_lead", replace(eligible_memberships(), "Social", is_lead=True))

    assert not result.met
    assert result.reason == "Plusieurs structures porteuses : Porteuse, Social."


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"legal_form": "srl"}, "Porteuse n'est pas une ASBL."),
        ({"role": "partner"}, "Porteuse n'est pas membre du consortium."),
        ({"is_lead": False}, "Pas de structure porteuse unique."),
    ],
)
def test_the_lead_must_be_an_asbl_member(changes, reason):
    result = rule("lead_is_asbl_member", replace(eligible_memberships(), "Porteuse", **changes))

    assert not result.met
    assert result.reason == reason


def test_the_lead_being_an_asbl_member_is_met():
    assert rule("lead_is_asbl_member", eligible_memberships()).met


@pytest.mark.parametrize("flag", ["is_hospital", "is_insurer"])
def test_a_hospital_or_insurer_cannot_be_a_member(flag):
    memberships = [*eligible_memberships(), facts("Mutuelle", "SSS", **{flag: True})]

    result = rule("no_excluded_members", memberships)

    assert not result.met
    assert result.reason == "Ne peuvent être que partenaires : Mutuelle."


def test_a_hospital_partner_is_allowed():
    result = rule("no_excluded_members", eligible_memberships())

    assert result.met and result.reason == "Aucun membre exclu."


@pytest.mark.parametrize("insolvency", ["bankruptcy", "judicial_reorganisation"])
def test_no_member_may_be_insolvent(insolvency):
    result = rule("no_insolvent_members", replace(eligible_memberships(), "Social", insolvency=insolvency))

    assert not result.met
    assert result.reason == "En procédure : Social."


def test_an_insolvent_partner_does_not_break_the_insolvency_rule():
    memberships = replace(eligible_memberships(), "Hôpital", insolvency="bankruptcy")

    assert rule("no_insolvent_members", memberships).met


def test_every_member_must_declare_conflicts_of_interest():
    memberships = replace(eligible_memberships(), "Prévention", conflict_of_interest_declared=False)

    result = rule("conflicts_declared", memberships)

    assert not result.met
    assert result.reason == "Déclaration manquante : Prévention."
    assert rule("conflicts_declared", eligible_memberships()).met  # the partner's missing one does not count


def test_conflicts_cannot_be_declared_without_members():
    result = rule("conflicts_declared", [])

    assert not result.met and result.reason == "Aucun membre."


@pytest.mark.parametrize("population", [None, 0])
def test_the_territory_must_have_a_population(population):
    result = rule("territory_set", eligible_memberships(), population=population)

    assert not result.met
    assert result.reason == "Le territoire n'a pas de population."


def test_the_territory_rule_shows_the_population():
    assert rule("territory_set", eligible_memberships()).reason == "Population : 380\u202f000 habitants."


def test_members_must_cover_the_four_expected_sectors():
    memberships = [m for m in eligible_memberships() if m.sector not in ("PP", "SSS")]

    result = rule("sectors_covered", memberships)

    assert not result.met
    assert result.reason == "Secteurs manquants : PP, SSS."
    one_missing = rule("sectors_covered", [m for m in eligible_memberships() if m.sector != "SM"])
    assert one_missing.reason == "Secteur manquant : SM."


def test_a_partner_does_not_cover_a_sector():
    memberships = replace(eligible_memberships(), "Social", role="partner")

    assert not rule("sectors_covered", memberships).met
    assert EXPECTED_MEMBER_SECTORS == ("1LSS", "PP", "SM", "SSS")


def test_one_unmet_rule_makes_the_consortium_not_eligible():
    results = check_eligibility(
        territory_population=380_000, memberships=replace(eligible_memberships(), "Social", insolvency="bankruptcy")
    )

    assert not is_eligible(results)
    assert [r.code for r in results if not r.met] == ["no_insolvent_members"]


# --- the page and the overview -------------------------------------------------------------------------------


def complete(cast):
    """Give consortium A the two missing sectors among its members."""
    for sector in ("PP", "SSS"):
        MembershipFactory(
            consortium=cast.consortium_a, structure=StructureFactory(name=f"ASBL {sector}", sector=sector)
        )


@pytest.mark.django_db
def test_the_page_lists_each_rule_with_its_state_and_reason_and_a_verdict(cast):
    response = cast.client("governance").get(reverse("consortia:eligibility", args=[cast.consortium_a.pk]))

    assert response.status_code == 200
    summary = response.context["eligibility"]
    assert not summary.eligible
    assert [r.code for r in summary.unmet] == ["sectors_covered"]
    html = response.content.decode()
    assert "Le consortium ne remplit pas encore les critères : 1 critère non rempli." in html
    assert "Secteurs manquants : PP, SSS." in html
    assert html.count("✓ rempli") == 6 and html.count("✗ non rempli") == 1


@pytest.mark.django_db
def test_the_page_says_when_every_rule_is_met(cast):
    complete(cast)

    html = cast.client("viewer").get(reverse("consortia:eligibility", args=[cast.consortium_a.pk])).content.decode()

    assert "Le consortium remplit tous les critères d'éligibilité." in html
    assert "✗ non rempli" not in html


@pytest.mark.django_db
def test_the_page_reflects_a_missing_declaration(cast):
    complete(cast)
    Membership.objects.filter(structure=cast.member_a).update(conflict_of_interest_declared=False)

    response = cast.client("viewer").get(reverse("consortia:eligibility", args=[cast.consortium_a.pk]))

    assert [r.code for r in response.context["eligibility"].unmet] == ["conflicts_declared"]
    assert "Déclaration manquante : ASBL Membre A." in response.content.decode()


@pytest.mark.django_db
def test_the_overview_shows_the_verdict_and_the_unmet_rules(cast):
    html = cast.client("viewer").get(reverse("consortia:detail", args=[cast.consortium_a.pk])).content.decode()

    assert "Éligibilité : 6 critères remplis sur 7." in html
    assert "(s)" not in html
    assert "Secteurs manquants : PP, SSS." in html
    assert reverse("consortia:eligibility", args=[cast.consortium_a.pk]) in html
    assert reverse("consortia:structure", args=[cast.consortium_a.pk, cast.lead_a.pk]) in html


@pytest.mark.django_db
def test_the_overview_says_when_the_consortium_is_eligible(cast):
    complete(cast)

    html = cast.client("viewer").get(reverse("consortia:detail", args=[cast.consortium_a.pk])).content.decode()

    assert "Éligibilité : tous les critères sont remplis." in html
