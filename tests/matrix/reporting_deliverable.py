"""The evaluation deliverable: everyone who sees the consortium reads the overview and the five steps (AVIQ reviewers
included); the operational team and the coordination (MANAGE_REPORTING, admins too) write. POSTs of forms carry
empty data: allowed actors get the form back with its errors (400); removals send them back to the step (302);
refused actors change nothing."""

from . import Entry, expect, only

WRITERS = ("coordinator", "operational")


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _step(number):
    return lambda cast: {"consortium_id": cast.consortium_a.pk, "number": number}


def _evidence(cast):
    from reporting.services_deliverable import evidence_add

    evidence = evidence_add(
        actor=None,
        consortium=cast.consortium_a,
        number=1,
        data={"kind": "link", "title": "Diagnostic", "url": "https://example.org/diagnostic"},
    )
    return {"consortium_id": cast.consortium_a.pk, "evidence_id": evidence.pk}


def _project(cast):
    from reporting.services_deliverable import project_create

    data = {"title": "1000 premiers jours", "origin": "application", "status": "in_progress", "progress": 20}
    project = project_create(actor=None, consortium=cast.consortium_a, data=data)
    return {"consortium_id": cast.consortium_a.pk, "project_id": project.pk}


def _cycle(cast):
    from reporting.services_deliverable import cycle_create

    cycle = cycle_create(actor=None, consortium=cast.consortium_a, data={"title": "Cycle 1", "status": "running"})
    return {"consortium_id": cast.consortium_a.pk, "cycle_id": cycle.pk}


def _snapshot(cast):
    from reporting.models import DeliverableStep, LearningCycle, PriorityProject, StepEvidence

    return (
        sorted(DeliverableStep.objects.values_list("pk", "version", "narrative", "progress")),
        sorted(StepEvidence.objects.values_list("pk", "kind")),
        sorted(PriorityProject.objects.values_list("pk", "version", "title")),
        sorted(LearningCycle.objects.values_list("pk", "version", "title")),
    )


ENTRIES = [
    Entry("reporting:deliverable", expect(), kwargs=_a),
    *(
        Entry("reporting:deliverable_step", expect(), kwargs=_step(n), id=f"GET reporting:deliverable_step {n}")
        for n in range(1, 6)
    ),
    Entry("reporting:deliverable_step_edit", only(WRITERS), kwargs=_step(1)),
    Entry("reporting:deliverable_step_edit", only(WRITERS, ok=400), kwargs=_step(1), method="post", snapshot=_snapshot),
    Entry("reporting:deliverable_evidence_add", only(WRITERS), kwargs=_step(2)),
    Entry(
        "reporting:deliverable_evidence_add", only(WRITERS, ok=400), kwargs=_step(2), method="post", snapshot=_snapshot
    ),
    Entry(
        "reporting:deliverable_evidence_remove",
        only(WRITERS, ok=302),
        kwargs=_evidence,
        method="post",
        snapshot=_snapshot,
    ),
    Entry("reporting:deliverable_project_create", only(WRITERS), kwargs=_a),
    Entry("reporting:deliverable_project_create", only(WRITERS, ok=400), kwargs=_a, method="post", snapshot=_snapshot),
    Entry("reporting:deliverable_project_edit", only(WRITERS), kwargs=_project),
    Entry(
        "reporting:deliverable_project_edit", only(WRITERS, ok=400), kwargs=_project, method="post", snapshot=_snapshot
    ),
    Entry(
        "reporting:deliverable_project_delete",
        only(WRITERS, ok=302),
        kwargs=_project,
        method="post",
        snapshot=_snapshot,
    ),
    Entry("reporting:deliverable_cycle_create", only(WRITERS), kwargs=_a),
    Entry("reporting:deliverable_cycle_create", only(WRITERS, ok=400), kwargs=_a, method="post", snapshot=_snapshot),
    Entry("reporting:deliverable_cycle_edit", only(WRITERS), kwargs=_cycle),
    Entry("reporting:deliverable_cycle_edit", only(WRITERS, ok=400), kwargs=_cycle, method="post", snapshot=_snapshot),
    Entry(
        "reporting:deliverable_cycle_delete", only(WRITERS, ok=302), kwargs=_cycle, method="post", snapshot=_snapshot
    ),
]
