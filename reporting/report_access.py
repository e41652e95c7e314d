"""Who may read and write the structures' activity reports and the shared paragraphs — the one helper for these rules.

- the operational team and the coordination (MANAGE_REPORTING, admins too) read every report, edit any draft (they
  often hold the pen), reopen a submitted report, set how each structure reports and write the shared paragraphs;
- a structure's reporter (ConsortiumRole `structure_reporter` with its `structure`) reads and edits their own
  structure's report, and approves the shared paragraphs that concern it; another structure's draft is refused (403);
- everyone who sees the consortium (VIEW, AVIQ reviewers included) reads the submitted reports.
Outsiders never get this far: `consortium_access` answers 404.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from consortia.models import ConsortiumRole
from consortia.permissions import Access

from .permissions import MANAGE_REPORTING, VIEW


def reporter_structure_ids(consortium, user) -> frozenset[int]:
    """The structures `user` reports for in the consortium (one query)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    return frozenset(
        ConsortiumRole.objects.filter(
            consortium=consortium, user=user, role=ConsortiumRole.Role.STRUCTURE_REPORTER
        ).values_list("structure_id", flat=True)
    )


@dataclass(frozen=True)
class ReportRights:
    access: Access
    reporter_of: frozenset[int]

    @property
    def manages(self) -> bool:
        return self.access.can(MANAGE_REPORTING)

    def may_read(self, report) -> bool:
        if self.manages or report.structure_id in self.reporter_of:
            return True
        return not report.is_draft and self.access.can(VIEW)

    def may_write(self, structure_id: int) -> bool:
        """Whether this user holds the pen for the structure's reports (drafts only: the services check the status)."""
        return self.manages or structure_id in self.reporter_of

    def may_approve(self, structure_id: int) -> bool:
        return structure_id in self.reporter_of

    def require_read(self, report) -> None:
        if not self.may_read(report):
            raise PermissionDenied

    def require_write(self, structure_id: int) -> None:
        if not self.may_write(structure_id):
            raise PermissionDenied

    # For templates.
    @property
    def can_manage(self) -> bool:
        return self.manages

    @property
    def writes_some(self) -> bool:
        return self.manages or bool(self.reporter_of)


def report_rights(access: Access, user) -> ReportRights:
    return ReportRights(access, reporter_structure_ids(access.consortium, user))
