"""Who may read and ask for generated documents — one helper for the pages and the API.

- a structure's activity report (its PDF) follows the report's own rule (reporting/report_access.py): the operational
  team, the coordination and that structure's reporters always; everyone who sees the consortium once the report is
  handed in (submitted);
- every other document (the deliverable, a mandate's sheet) is read by everyone who sees the consortium;
- asking: MANAGE_REPORTING for every document; a reporter for their own structure's activity report.
"""

from django.db.models import Exists, OuterRef, Q

from .models import ActivityReport, DocumentKind
from .models.reports import HANDED_IN
from .permissions import MANAGE_REPORTING
from .report_access import reporter_structure_ids


def visible_documents(access, user, rows):
    if access.can(MANAGE_REPORTING):
        return rows
    submitted = ActivityReport.objects.filter(
        consortium_id=OuterRef("consortium_id"),
        structure_id=OuterRef("structure_id"),
        year=OuterRef("year"),
        status__in=HANDED_IN,
    )
    return rows.filter(
        ~Q(kind=DocumentKind.ACTIVITY_REPORT)
        | Q(structure_id__in=reporter_structure_ids(access.consortium, user))
        | Exists(submitted)
    )


def may_request_some(access, user) -> bool:
    return access.can(MANAGE_REPORTING) or bool(reporter_structure_ids(access.consortium, user))


def may_request(access, user, kind: str, structure=None) -> bool:
    if access.can(MANAGE_REPORTING):
        return True
    return (
        kind == DocumentKind.ACTIVITY_REPORT
        and structure is not None
        and structure.pk in reporter_structure_ids(access.consortium, user)
    )
