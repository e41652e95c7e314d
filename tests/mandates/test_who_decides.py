"""« Qui décide de quoi »: the bodies learn their decision domains from their mandate in force, governance warns
before a vote in a domain the body's mandate does not cover, and the matrix page shows domains × spaces."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Body
from governance.selectors import autonomy_warning
from mandates.models import Mandate
from mandates.services import mandate_amend, mandate_create, mandate_update, mandates_expire
from mandates.who_decides import who_decides
from tests.factories import BodyFactory

from .test_services import ESSENTIALS, _adopt

pytestmark = pytest.mark.django_db

TEAM_DOMAINS = ["concertation", "methods_tools", "operational_budget"]


@pytest.fixture
def team(cast):
    return BodyFactory(consortium=cast.consortium_a, kind="operational_team", name="Équipe opérationnelle")


def _team_mandate(cast, team, **data):
    return mandate_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"kind": "operational_team", "body": team, **ESSENTIALS, "autonomy_domains": TEAM_DOMAINS, **data},
    )


def _domains(body):
    return Body.objects.get(pk=body.pk).mandate_domains


def test_a_body_has_no_domains_until_its_mandate_is_adopted(cast, gov, team):
    mandate = _team_mandate(cast, team)
    assert _domains(team) is None
    _adopt(cast, gov, mandate)
    assert _domains(team) == TEAM_DOMAINS


def test_an_adopted_amendment_replaces_the_domains(cast, gov, team):
    mandate = _adopt(cast, gov, _team_mandate(cast, team))
    amendment = mandate_amend(actor=None, mandate=mandate)
    mandate_update(
        actor=None, mandate=amendment, data={"autonomy_domains": ["methods_tools"]}, expected_version=amendment.version
    )
    assert _domains(team) == TEAM_DOMAINS  # the adopted version stays in force while the amendment is prepared
    _adopt(cast, gov, Mandate.objects.get(pk=amendment.pk))
    assert _domains(team) == ["methods_tools"]


def test_an_expired_mandate_takes_the_domains_away(cast, gov, team):
    today = timezone.localdate()
    _adopt(cast, gov, _team_mandate(cast, team, start_date=today, end_date=today + datetime.timedelta(days=10)))
    assert _domains(team) == TEAM_DOMAINS
    assert mandates_expire(today + datetime.timedelta(days=11)) == 1
    assert _domains(team) is None


def test_a_mandate_adopted_for_later_gives_its_domains_on_its_first_day(cast, gov, team):
    start = timezone.localdate() + datetime.timedelta(days=5)
    _adopt(cast, gov, _team_mandate(cast, team, start_date=start))
    assert _domains(team) is None
    mandates_expire(start)
    assert _domains(team) == TEAM_DOMAINS


def test_it_warns_when_the_body_has_no_mandate(gov):
    assert "n'a pas de mandat adopté" in autonomy_warning(gov.body, "priorities")


def test_it_warns_and_names_the_body_whose_mandate_covers_the_domain(cast, gov, team):
    _adopt(cast, gov, _team_mandate(cast, team))
    Body.objects.filter(pk=gov.body.pk).update(mandate_domains=["priorities"])
    gov.body.refresh_from_db()
    assert autonomy_warning(gov.body, "priorities") == ""
    warning = autonomy_warning(gov.body, "methods_tools")
    assert "ne couvre pas « Méthodes, outils et formats de travail »" in warning
    assert "« Équipe opérationnelle »" in warning
    assert "aucun mandat adopté" in autonomy_warning(gov.body, "urgent_strategic")
    assert autonomy_warning(gov.body, "other") == ""


def test_the_proposal_page_warns_the_preparer_before_the_vote_opens(cast, gov):
    url = reverse("governance:proposal", args=[cast.consortium_a.pk, gov.proposal.pk])
    page = cast.client("operational").get(url).content.decode()
    assert "n&#x27;a pas de mandat adopté" in page or "n'a pas de mandat adopté" in page
    assert reverse("mandates:who_decides", args=[cast.consortium_a.pk]) in page


def test_the_matrix_reads_the_mandates_in_force_and_the_forbidden_domain(cast, gov, team):
    _adopt(cast, gov, _team_mandate(cast, team))
    matrix = who_decides(cast.consortium_a, timezone.localdate())
    labels = [column.label for column in matrix.columns]
    assert labels == ["Gouvernance temporaire", "Équipe opérationnelle"]
    rows = {row.domain: [state for state, _column in row.cells] for row in matrix.rows}
    assert rows["operational_budget"] == ["", "alone"]
    assert rows["permanent_governance"] == ["forbidden", ""]
    assert "other" not in rows
    assert [column.label for column in matrix.without_mandate] == ["Gouvernance temporaire"]
    assert {row.domain for row in matrix.unassigned} >= {"priorities", "permanent_governance"}


def test_a_function_in_force_is_a_column_and_shared_domains_are_flagged(cast, gov, team):
    _adopt(cast, gov, _team_mandate(cast, team))
    secretary = mandate_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"kind": "secretary", **ESSENTIALS, "title": "Secrétariat", "autonomy_domains": ["methods_tools"]},
    )
    _adopt(cast, gov, secretary)
    matrix = who_decides(cast.consortium_a, timezone.localdate())
    assert matrix.columns[-1].label == "Secrétariat"
    assert [row.domain for row in matrix.shared] == ["methods_tools"]


def test_the_matrix_page_keeps_its_query_count_as_bodies_and_mandates_grow(cast, gov, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = cast.client("governance")
    url = reverse("mandates:who_decides", args=[cast.consortium_a.pk])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries)

    small = count()
    _adopt(cast, gov, _team_mandate(cast, team))
    for i in range(12):
        body = BodyFactory(consortium=cast.consortium_a, kind="working_group", name=f"GT {i:02d}")
        mandate_create(
            actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "body": body, **ESSENTIALS}
        )
    large = count()
    assert small == large
    page = client.get(url).content.decode()
    assert "GT 11" in page and "Gestion du budget opérationnel" in page
