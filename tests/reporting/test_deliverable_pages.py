"""The deliverable's pages: the overview (steps, overall progress, the use of the subsidy from the budget), a step
page (Markdown narrative, evidence, projects, governance, cycles), the edit forms, and fixed query counts as data
grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import selectors as budget_selectors
from ols_platform.formatting import format_money, format_percent
from reporting import services_deliverable as services
from reporting.models import DeliverableStep, PriorityProject
from reporting.models.deliverable import STEP_TITLES
from tests.governance import conftest as governance_cast

from .deliverable_helpers import activity, budget_with_spending, decision_and_mandate

pytestmark = pytest.mark.django_db
gov = governance_cast.gov


def url(cast, name, **kwargs):
    return reverse(f"reporting:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def queries(client, path) -> int:
    client.get(path)  # warm the session and the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_overview_shows_the_five_exact_titles_and_the_overall_progress(cast):
    services.step_update(
        actor=None,
        consortium=cast.consortium_a,
        number=1,
        data={"narrative": "", "status": "done", "progress": 100},
        expected_version=None,
    )
    page = cast.client("reviewer").get(url(cast, "deliverable")).content.decode()
    for title in STEP_TITLES.values():
        assert title.replace("'", "&#x27;") in page
    assert '<strong id="overall-value">20 %</strong>' in page


def test_a_step_above_five_is_not_found(cast):
    assert cast.client("viewer").get(url(cast, "deliverable_step", number=6)).status_code == 404
    assert cast.client("coordinator").get(url(cast, "deliverable_step_edit", number=0)).status_code == 404


def test_the_narrative_is_rendered_from_markdown_without_raw_html(cast):
    services.step_update(
        actor=None,
        consortium=cast.consortium_a,
        number=2,
        data={
            "narrative": "## Vision\n\n**Commune** <script>alert(1)</script>",
            "status": "in_progress",
            "progress": 5,
        },
        expected_version=None,
    )
    page = cast.client("viewer").get(url(cast, "deliverable_step", number=2)).content.decode()
    assert "<h2>Vision</h2>" in page and "<strong>Commune</strong>" in page
    assert "<script>alert(1)" not in page


def test_the_edit_form_saves_and_a_stale_form_gets_a_409_with_the_current_values(cast):
    client = cast.client("operational")
    path = url(cast, "deliverable_step_edit", number=1)
    form = {"narrative": "Premier récit", "status": "in_progress", "progress": "30", "version": "1"}
    assert client.post(path, form).status_code == 302
    stale = client.post(path, form | {"narrative": "Récit concurrent"})
    assert stale.status_code == 409
    assert "Quelqu&#x27;un a modifié" in stale.content.decode()
    assert DeliverableStep.objects.get(number=1).narrative == "Premier récit"


@pytest.mark.parametrize("progress", ["-5", "150", "abc", "", "1e2"])
def test_the_edit_form_refuses_a_wrong_progress_in_french(cast, progress):
    form = {"narrative": "Récit", "status": "in_progress", "progress": progress, "version": "1"}
    response = cast.client("operational").post(url(cast, "deliverable_step_edit", number=1), form)
    assert response.status_code == 400
    assert "avancement" in response.content.decode().lower()
    assert not DeliverableStep.objects.exists()


def test_the_evidence_form_refuses_another_consortiums_activity(cast):
    theirs = activity(cast.consortium_b, "Leur activité")
    response = cast.client("operational").post(
        url(cast, "deliverable_evidence_add", number=1), {"kind": "activity", "activity": str(theirs.pk)}
    )
    assert response.status_code == 400
    assert "n&#x27;existe pas dans ce consortium" in response.content.decode()


def test_the_evidence_form_links_an_activity_of_the_consortium(cast):
    mine = activity(cast.consortium_a)
    response = cast.client("operational").post(
        url(cast, "deliverable_evidence_add", number=1), {"kind": "activity", "activity": str(mine.pk)}
    )
    assert response.status_code == 302
    assert mine.title in cast.client("viewer").get(url(cast, "deliverable_step", number=1)).content.decode()


def test_a_project_is_created_from_the_form_and_listed_on_step_3(cast):
    data = {"title": "Accessibilité des soins en Ville Haute", "origin": "application", "status": "in_progress"}
    response = cast.client("coordinator").post(url(cast, "deliverable_project_create"), data | {"progress": "35"})
    assert response.status_code == 302
    page = cast.client("viewer").get(url(cast, "deliverable_step", number=3)).content.decode()
    assert "Accessibilité des soins en Ville Haute" in page and 'value="35"' in page
    assert PriorityProject.objects.get().origin == "application"


def test_a_cycle_form_with_another_consortiums_activity_is_refused(cast):
    theirs = activity(cast.consortium_b)
    data = {"title": "Cycle", "status": "planned", "activities": [str(theirs.pk)]}
    response = cast.client("coordinator").post(url(cast, "deliverable_cycle_create"), data)
    assert response.status_code == 400


def test_step_4_shows_the_adopted_mandates_and_the_register_summary(cast, gov):
    decision, mandate = decision_and_mandate(cast, gov, title="Mandat de l'équipe")
    page = cast.client("reviewer").get(url(cast, "deliverable_step", number=4)).content.decode()
    assert "Mandat de l&#x27;équipe" in page
    assert "1 décision du" in page and gov.body.name in page


def test_the_subsidy_figures_are_the_budget_summarys(cast):
    budget_with_spending(cast)
    summary = budget_selectors.summary(cast.consortium_a, budget_selectors.versions(cast.consortium_a))
    page = cast.client("reviewer").get(url(cast, "deliverable")).content.decode()
    assert f'id="subsidy-envelope">{format_money(summary.envelope)}<' in page
    assert f'id="subsidy-planned">{format_money(summary.total_planned)}<' in page
    assert f'id="subsidy-actual">{format_money(summary.total_actual)}<' in page
    assert f">{format_percent(summary.personnel_share, 2)}<" in page
    assert summary.total_actual > 0 and summary.personnel_share is not None


def test_the_subsidy_is_hidden_from_those_who_cannot_see_the_budget(cast):
    budget_with_spending(cast)
    page = cast.client("structure_reporter").get(url(cast, "deliverable")).content.decode()
    assert "Utilisation de la subvention" not in page


def _grow(cast, gov, n, offset=0):
    for i in range(n):
        mine = activity(cast.consortium_a, f"Activité {offset + i}", day=1 + (offset + i) % 28)
        for number in (1, 3, 5):
            services.evidence_add(
                actor=None, consortium=cast.consortium_a, number=number, data={"kind": "activity", "target": mine.pk}
            )
        services.project_create(
            actor=None,
            consortium=cast.consortium_a,
            data={"title": f"Projet {offset + i}", "origin": "added", "status": "planned", "progress": 0},
        )
        services.cycle_create(
            actor=None,
            consortium=cast.consortium_a,
            data={"title": f"Cycle {offset + i}", "status": "running", "activities": [mine]},
        )
        decision_and_mandate(cast, gov, title=f"Mandat {offset + i}")


@pytest.mark.parametrize("name, number", [("deliverable", None), *(("deliverable_step", n) for n in range(1, 6))])
def test_the_pages_cost_the_same_queries_at_two_sizes(cast, gov, name, number):
    budget_with_spending(cast)
    client = cast.client("coordinator")
    path = url(cast, name, **({"number": number} if number else {}))
    _grow(cast, gov, 1)
    small = queries(client, path)
    _grow(cast, gov, 6, offset=1)
    assert queries(client, path) == small


def test_the_overview_offers_the_pdf_to_those_who_keep_the_deliverable_only(cast):
    button = 'name="kind" value="evaluation_deliverable"'
    assert button in cast.client("operational").get(url(cast, "deliverable")).content.decode()
    assert button not in cast.client("reviewer").get(url(cast, "deliverable")).content.decode()
