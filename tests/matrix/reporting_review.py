"""The deliverable handed in to AVIQ and AVIQ's decisions on it and on the reports: the coordination and the
operational team hand in and amend (pages and API); AVIQ reviewers and admins approve or send back (API; the pages
are in the AVIQ workspace); every member reads the deliverable's state."""

from . import Entry, a, expect, only
from .reporting_reports import _report

WRITERS = ("coordinator", "operational")
AVIQ_ONLY = only((), anonymous=401, reviewer=200)


def _narratives(cast):
    from reporting.services_deliverable import step_update

    for number in range(1, 6):
        step_update(
            actor=None,
            consortium=cast.consortium_a,
            number=number,
            data={"narrative": f"Récit {number}.", "status": "in_progress", "progress": 50},
            expected_version=None,
        )
    return a(cast)


def _submitted(cast):
    from reporting.deliverable_workflow import deliverable_submit

    _narratives(cast)
    deliverable_submit(actor=None, consortium=cast.consortium_a)
    return a(cast)


def _approved(cast):
    from reporting.deliverable_workflow import deliverable_approve

    _submitted(cast)
    deliverable_approve(actor=cast.users["admin"], deliverable=cast.consortium_a.deliverable)
    return a(cast)


def _submitted_report(cast):
    return a(cast) | {"pk": _report(cast, submitted=True).pk}


def _state(cast):
    from reporting.models import ActivityReport, Deliverable
    from review.models import ReviewEvent

    return (
        list(Deliverable.objects.values_list("status", "version")),
        list(ActivityReport.objects.values_list("pk", "status")),
        ReviewEvent.objects.count(),
    )


def confirmed(cast):
    return {"confirm": "1"}


ENTRIES = [
    Entry(
        "reporting:deliverable_submit",
        only(WRITERS, ok=302),
        kwargs=_narratives,
        method="post",
        data=confirmed,
        snapshot=_state,
    ),
    Entry(
        "reporting:deliverable_amend",
        only(WRITERS, ok=302),
        kwargs=_approved,
        method="post",
        data=confirmed,
        snapshot=_state,
    ),
    Entry("consortium-deliverable", expect(anonymous=401), kwargs=a, api=True),
    Entry(
        "consortium-deliverable-submit",
        only(WRITERS, anonymous=401),
        kwargs=_narratives,
        method="post",
        api=True,
        data=lambda cast: {"note": "Voici le livrable."},
        snapshot=_state,
    ),
    Entry(
        "consortium-deliverable-approve",
        AVIQ_ONLY,
        kwargs=_submitted,
        method="post",
        api=True,
        data=lambda cast: {},
        snapshot=_state,
    ),
    Entry(
        "consortium-deliverable-request-changes",
        AVIQ_ONLY,
        kwargs=_submitted,
        method="post",
        api=True,
        data=lambda cast: {"comment": "Complétez l'étape 4."},
        snapshot=_state,
    ),
    Entry(
        "consortium-report-approve",
        AVIQ_ONLY,
        kwargs=_submitted_report,
        method="post",
        api=True,
        data=lambda cast: {},
        snapshot=_state,
    ),
    Entry(
        "consortium-report-request-changes",
        AVIQ_ONLY,
        kwargs=_submitted_report,
        method="post",
        api=True,
        data=lambda cast: {"comment": "Précisez les chiffres."},
        snapshot=_state,
    ),
]
