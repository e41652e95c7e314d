"""A mandate's composition and resources point at the budget that pays for them: the funded team's members at their
mise à disposition or convention (seed 000, l. 712: "équipe financée via le budget OLS"), the resources at budget
lines. Only the consortium's own budget rows can be named."""

import pytest
from django.urls import reverse

from mandates.models import Mandate
from mandates.services import mandate_amend, mandate_create, mandate_update
from ols_platform.errors import DomainError
from tests.budget.conftest import add_line
from tests.budget.staff_fixtures import add_arrangement
from tests.factories import BodyFactory

from .test_services import ESSENTIALS, _adopt

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(cast):
    return BodyFactory(consortium=cast.consortium_a, kind="operational_team", name="Équipe opérationnelle")


def _draft(cast, team, **data):
    return mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS, **data}
    )


def _funded(arrangement, **member):
    return {"structure": None, "profile": "", "contribution": "funded_team", "staff_arrangement": arrangement} | member


def test_a_funded_member_names_its_arrangement_and_takes_its_employer(cast, team):
    arrangement = add_arrangement(cast)
    mandate = _draft(cast, team, members=[_funded(arrangement)])
    member = mandate.members.get()
    assert member.staff_arrangement == arrangement and member.structure == cast.member_a


def test_resources_name_budget_lines(cast, team):
    line = add_line(cast, "5000.00", category="operating", label="Salle de réunion")
    mandate = _draft(cast, team, budget_lines=[line])
    assert list(mandate.budget_lines.all()) == [line]


@pytest.mark.parametrize(
    "member",
    [
        {"contribution": "facilitation"},  # an arrangement pays the funded team only
        {"structure": "lead"},  # the arrangement's employer is member A, not the lead
    ],
)
def test_it_refuses_an_arrangement_on_the_wrong_member(cast, team, member):
    arrangement = add_arrangement(cast)
    if member.get("structure") == "lead":
        member["structure"] = cast.lead_a
    with pytest.raises(DomainError) as caught:
        _draft(cast, team, members=[_funded(arrangement, **member)])
    assert caught.value.field == "members"
    assert not Mandate.objects.exists()


def test_it_refuses_another_consortiums_budget_rows(cast, team):
    from budget.models import BudgetLine

    line = add_line(cast, "5000.00", category="operating", label="Salle")
    arrangement = add_arrangement(cast)
    mandate = _draft(cast, team)
    # Move them to consortium B's budget: the mandate of A may no longer name them.
    from budget.services import budget_line_create

    foreign = budget_line_create(
        actor=None,
        consortium=cast.consortium_b,
        data={"structure": cast.lead_b.pk, "category": "operating", "year": 1, "label": "B", "amount": "10"},
    )
    with pytest.raises(DomainError):
        mandate_update(actor=None, mandate=mandate, data={"budget_lines": [line, foreign]}, expected_version=None)
    assert not mandate.budget_lines.exists()
    arrangement.budget = foreign.budget
    with pytest.raises(DomainError):
        mandate_update(actor=None, mandate=mandate, data={"members": [_funded(arrangement)]}, expected_version=None)
    assert not mandate.members.exists()
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_an_amendment_keeps_the_links_and_the_page_shows_them(cast, gov, team):
    arrangement = add_arrangement(cast)
    line = add_line(cast, "5000.00", category="operating", label="Salle de réunion")
    mandate = _adopt(cast, gov, _draft(cast, team, budget_lines=[line], members=[_funded(arrangement)]))
    amendment = mandate_amend(actor=None, mandate=mandate)
    assert list(amendment.budget_lines.all()) == [line]
    assert amendment.members.get().staff_arrangement == arrangement
    page = cast.client("governance").get(reverse("mandates:mandate", args=[cast.consortium_a.pk, mandate.pk]))
    text = page.content.decode()
    assert "Salle de réunion" in text and "5\u00a0000,00\u00a0€" in text
    assert "Infirmière coordinatrice" in text and "Mise à disposition" in text


def test_the_edit_form_offers_the_latest_budget_lines_and_arrangements(cast, team):
    arrangement = add_arrangement(cast)
    line = add_line(cast, "5000.00", category="operating", label="Salle de réunion")
    mandate = _draft(cast, team)
    url = reverse("mandates:edit", args=[cast.consortium_a.pk, mandate.pk])
    client = cast.client("operational")
    page = client.get(url).content.decode()
    assert "Salle de réunion" in page and "Infirmière coordinatrice" in page
    form = {
        "kind": "operational_team",
        "body": team.pk,
        "version": mandate.version,
        "budget_lines": [line.pk],
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-contribution": "funded_team",
        "members-0-staff_arrangement": arrangement.pk,
    } | ESSENTIALS
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    mandate.refresh_from_db()
    assert list(mandate.budget_lines.all()) == [line]
    assert mandate.members.get().staff_arrangement == arrangement


def test_the_form_refuses_another_consortiums_line_or_arrangement_and_changes_nothing(cast, team):
    from budget.services import budget_line_create

    foreign = budget_line_create(
        actor=None,
        consortium=cast.consortium_b,
        data={"structure": cast.lead_b.pk, "category": "operating", "year": 1, "label": "B", "amount": "10"},
    )
    mandate = _draft(cast, team)
    url = reverse("mandates:edit", args=[cast.consortium_a.pk, mandate.pk])
    form = {
        "kind": "operational_team",
        "body": team.pk,
        "version": mandate.version,
        "budget_lines": [foreign.pk],
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-contribution": "funded_team",
        "members-0-staff_arrangement": "999999",
    } | ESSENTIALS
    response = cast.client("operational").post(url, form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sélectionnez un choix valide" in text
    mandate.refresh_from_db()
    assert not mandate.budget_lines.exists() and not mandate.members.exists()
