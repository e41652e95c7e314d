"""AVIQ's review of a handed-in activity report: approved (locked) or sent back with reasons (the structure's
reporters edit and hand it in again). Each step is in the report's review history and told to its reporters and
the coordination."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.permissions import is_aviq_staff
from consortia.selectors import coordinators_of
from consortia.services.base import bump_revision, lock_consortium
from ols_platform.audit import log_action
from ols_platform.errors import DomainError
from ols_platform.notifications import notify
from review.models import Action, ItemKind
from review.services import clean_review_text, record_event

from ..models.reports import ActivityReport, ReportStatus
from .reports import reporters_of


def record_report_event(actor, report: ActivityReport, action: str, comment: str = "") -> None:
    record_event(
        actor=actor,
        consortium_id=report.consortium_id,
        item_kind=ItemKind.REPORT,
        item_id=report.pk,
        action=action,
        comment=comment,
    )


def _tell(report: ActivityReport, title: str, body: str) -> None:
    notify(
        [*reporters_of(report.consortium_id, [report.structure_id]), *coordinators_of(report.consortium_id)],
        kind="activity_report.reviewed",
        title=title,
        body=body,
        url=f"/consortia/{report.consortium_id}/reports/{report.pk}/",
        consortium=report.consortium_id,
    )


def _decide(actor, report: ActivityReport, status: str, action: str, comment, title: str) -> ActivityReport:
    if not is_aviq_staff(actor):
        raise DomainError(_("Seule l'AVIQ examine les rapports d'activité."), code="not_reviewer")
    required = _("Expliquez les modifications demandées.") if status == ReportStatus.CHANGES_REQUESTED else None
    comment = clean_review_text(comment, field="comment", required_message=required)
    with transaction.atomic():
        lock_consortium(report.consortium_id)
        report = ActivityReport.objects.select_for_update().select_related("structure").get(pk=report.pk)
        if report.status != ReportStatus.SUBMITTED:
            raise DomainError(
                _("Seul un rapport remis peut être examiné (statut actuel : %s).") % report.get_status_display(),
                code="not_submitted",
                params={"status": report.status},
            )
        report.status = status
        report.updated_at = timezone.now()
        report.save()
        record_report_event(actor, report, action, comment)
        log_action(f"activity_report.{action}", actor=actor, target=report, consortium=report.consortium_id)
        _tell(report, title % {"year": report.year, "structure": report.structure.name}, comment)
        bump_revision([report.consortium_id])
        return report


def report_approve(*, actor, report: ActivityReport, comment="") -> ActivityReport:
    return _decide(
        actor,
        report,
        ReportStatus.APPROVED,
        Action.APPROVED,
        comment,
        _("L'AVIQ a approuvé le rapport d'activité %(year)s de %(structure)s"),
    )


def report_request_changes(*, actor, report: ActivityReport, comment) -> ActivityReport:
    return _decide(
        actor,
        report,
        ReportStatus.CHANGES_REQUESTED,
        Action.CHANGES_REQUESTED,
        comment,
        _("L'AVIQ demande des modifications au rapport d'activité %(year)s de %(structure)s"),
    )
