"""The deliverable's writes: exact step titles, evidence of the same consortium only, optimistic locking, projects
and learning cycles, every refusal changing nothing."""

import pytest

from ols_platform.errors import ConflictError, DomainError
from reporting import services_deliverable as services
from reporting.models import DeliverableStep, LearningCycle, PriorityProject, StepEvidence
from reporting.models.deliverable import STEP_TITLES
from tests.governance import conftest as governance_cast

from .deliverable_helpers import activity, decision_and_mandate

pytestmark = pytest.mark.django_db
gov = governance_cast.gov  # the governance cast: a deciding body with two seats

STEP = {"narrative": "# Diagnostic\n\nNous avons **rencontré** 40 acteurs.", "status": "in_progress", "progress": 40}


def test_the_five_steps_are_titled_exactly_as_the_call_for_projects():
    assert STEP_TITLES == {
        1: "Réaliser une évaluation de la situation initiale du consortium",
        2: "Établir un projet commun aux membres du consortium",
        3: "Rendre le consortium fonctionnel en travaillant sur des projets concrets",
        4: "Élaborer le modèle de gouvernance du consortium",
        5: "Renforcer une dynamique apprenante et adopter des pratiques réflexives",
    }


def test_it_creates_the_step_on_its_first_write_and_counts_versions(cast):
    step = services.step_update(
        actor=cast.users["operational"], consortium=cast.consortium_a, number=1, data=STEP, expected_version=1
    )
    assert (step.version, step.progress, step.title) == (2, 40, STEP_TITLES[1])
    again = services.step_update(
        actor=None, consortium=cast.consortium_a, number=1, data=STEP | {"progress": 60}, expected_version=2
    )
    assert again.pk == step.pk and again.version == 3


def test_it_refuses_a_stale_save_and_keeps_the_first(cast):
    services.step_update(actor=None, consortium=cast.consortium_a, number=2, data=STEP, expected_version=1)
    with pytest.raises(ConflictError):
        services.step_update(
            actor=None, consortium=cast.consortium_a, number=2, data=STEP | {"narrative": "Autre"}, expected_version=1
        )
    assert DeliverableStep.objects.get(consortium=cast.consortium_a, number=2).narrative == STEP["narrative"]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"progress": -1}, "progress"),
        ({"progress": 101}, "progress"),
        ({"progress": "4O"}, "progress"),
        ({"progress": None}, "progress"),
        ({"progress": True}, "progress"),
        ({"status": "finished"}, "status"),
        ({"status": "done", "progress": 80}, "progress"),
        ({"status": "not_started", "progress": 10}, "status"),
        ({"narrative": "x" * 30_001}, "narrative"),
        ({"narrative": 42}, "narrative"),
    ],
)
def test_it_refuses_a_wrong_step_and_writes_nothing(cast, change, field):
    with pytest.raises(DomainError) as refused:
        services.step_update(actor=None, consortium=cast.consortium_a, number=1, data=STEP | change, expected_version=1)
    assert refused.value.field == field and refused.value.message
    assert not DeliverableStep.objects.exists()


@pytest.mark.parametrize("number", [0, 6, -1, "1", True, None])
def test_it_refuses_a_step_outside_the_five(cast, number):
    with pytest.raises(DomainError):
        services.step_update(actor=None, consortium=cast.consortium_a, number=number, data=STEP, expected_version=None)


def test_it_links_an_activity_a_decision_an_adopted_mandate_and_a_link(cast, gov):
    decision, mandate = decision_and_mandate(cast, gov)
    mine = activity(cast.consortium_a)
    for data in (
        {"kind": "activity", "target": mine.pk},
        {"kind": "decision", "target": str(decision.pk)},
        {"kind": "mandate", "target": mandate.pk},
        {"kind": "link", "title": "Diagnostic territorial", "url": "https://example.org/diagnostic.pdf"},
    ):
        services.evidence_add(actor=None, consortium=cast.consortium_a, number=4, data=data)
    labels = [e.label for e in StepEvidence.objects.order_by("pk")]
    assert labels == [str(mine), str(decision), str(mandate), "Diagnostic territorial"]


def test_it_refuses_evidence_from_another_consortium_and_writes_nothing(cast, gov):
    theirs = activity(cast.consortium_b, "Leur concertation")
    decision, mandate = decision_and_mandate(cast, gov)
    for data in (
        {"kind": "activity", "target": theirs.pk},
        {"kind": "decision", "target": 10**9},
        {"kind": "mandate", "target": decision.pk + 10**6},
    ):
        with pytest.raises(DomainError) as refused:
            services.evidence_add(actor=None, consortium=cast.consortium_a, number=1, data=data)
        assert refused.value.code == "not_found"
    # A's decision, asked from B's deliverable, is as unknown there.
    with pytest.raises(DomainError):
        services.evidence_add(
            actor=None, consortium=cast.consortium_b, number=1, data={"kind": "decision", "target": decision.pk}
        )
    assert not StepEvidence.objects.exists() and not DeliverableStep.objects.exists()


def test_it_asks_to_choose_when_no_element_is_given(cast):
    for target in (None, "", "abc", True):
        with pytest.raises(DomainError) as refused:
            services.evidence_add(
                actor=None, consortium=cast.consortium_a, number=1, data={"kind": "activity", "target": target}
            )
        assert refused.value.code == "required" and "Choisissez" in refused.value.message
    assert not StepEvidence.objects.exists()


def test_it_refuses_a_mandate_that_is_not_adopted(cast):
    from mandates.services import mandate_create

    from .deliverable_helpers import ESSENTIALS

    draft = mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS})
    with pytest.raises(DomainError):
        services.evidence_add(
            actor=None, consortium=cast.consortium_a, number=4, data={"kind": "mandate", "target": draft.pk}
        )


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "link", "title": "", "url": "https://example.org/a"},
        {"kind": "link", "title": "Doc", "url": "http://example.org/a"},
        {"kind": "link", "title": "Doc", "url": "javascript:alert(1)"},
        {"kind": "link", "title": "Doc", "url": "https://exa mple.org"},
        {"kind": "link", "title": "x" * 201, "url": "https://example.org/a"},
        {"kind": "photo", "title": "Doc", "url": "https://example.org/a"},
    ],
)
def test_it_refuses_a_wrong_link(cast, data):
    with pytest.raises(DomainError):
        services.evidence_add(actor=None, consortium=cast.consortium_a, number=1, data=data)
    assert not StepEvidence.objects.exists()


def test_it_refuses_the_same_activity_twice_on_a_step(cast):
    mine = activity(cast.consortium_a)
    services.evidence_add(
        actor=None, consortium=cast.consortium_a, number=1, data={"kind": "activity", "target": mine.pk}
    )
    with pytest.raises(DomainError) as refused:
        services.evidence_add(
            actor=None, consortium=cast.consortium_a, number=1, data={"kind": "activity", "target": mine.pk}
        )
    assert refused.value.code == "duplicate" and StepEvidence.objects.count() == 1


PROJECT = {
    "title": "1000 premiers jours",
    "description": "",
    "origin": "application",
    "status": "in_progress",
    "progress": 30,
}


def test_projects_keep_their_order_and_refuse_duplicates_and_stale_saves(cast):
    first = services.project_create(actor=None, consortium=cast.consortium_a, data=PROJECT)
    second = services.project_create(
        actor=None, consortium=cast.consortium_a, data=PROJECT | {"title": "Santé mentale"}
    )
    assert (first.position, second.position) == (1, 2)
    with pytest.raises(DomainError):
        services.project_create(
            actor=None, consortium=cast.consortium_a, data=PROJECT | {"title": "1000 PREMIERS JOURS"}
        )
    services.project_update(actor=None, project=first, data=PROJECT | {"progress": 50}, expected_version=1)
    with pytest.raises(ConflictError):
        services.project_update(actor=None, project=first, data=PROJECT | {"progress": 70}, expected_version=1)
    assert PriorityProject.objects.get(pk=first.pk).progress == 50


def test_it_refuses_a_done_project_below_100(cast):
    with pytest.raises(DomainError):
        services.project_create(actor=None, consortium=cast.consortium_a, data=PROJECT | {"status": "done"})
    assert not PriorityProject.objects.exists()


CYCLE = {"title": "Parcours périnatal", "status": "running", "hard_data": "Naissances par commune (IWEPS)."}


def test_cycles_follow_one_another_and_never_loop(cast):
    first = services.cycle_create(actor=None, consortium=cast.consortium_a, data=CYCLE)
    second = services.cycle_create(actor=None, consortium=cast.consortium_a, data=CYCLE | {"follows": first})
    assert (first.number, second.number, second.follows_id) == (1, 2, first.pk)
    with pytest.raises(DomainError):
        services.cycle_update(actor=None, cycle=first, data=CYCLE | {"follows": second}, expected_version=1)
    assert LearningCycle.objects.get(pk=first.pk).follows_id is None


def test_a_cycle_refuses_another_consortiums_activity_or_cycle_and_dates_out_of_order(cast):
    import datetime

    theirs = activity(cast.consortium_b)
    other = services.cycle_create(actor=None, consortium=cast.consortium_b, data=CYCLE)
    for data in (
        CYCLE | {"activities": [theirs]},
        CYCLE | {"follows": other},
        CYCLE | {"plan_date": datetime.date(2026, 5, 1), "do_date": datetime.date(2026, 4, 1)},
    ):
        with pytest.raises(DomainError):
            services.cycle_create(actor=None, consortium=cast.consortium_a, data=data)
    assert not LearningCycle.objects.filter(consortium=cast.consortium_a).exists()


def test_a_cycle_links_its_activities(cast):
    mine = activity(cast.consortium_a)
    cycle = services.cycle_create(actor=None, consortium=cast.consortium_a, data=CYCLE | {"activities": [mine]})
    assert list(cycle.activities.all()) == [mine]
    assert [label for label, _text in cycle.data_used] == ["Données « dures » (quantifiables)"]
