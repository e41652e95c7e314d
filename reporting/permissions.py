"""Reporting's access, through the consortia gate (the only module that calls guardian).

- `VIEW`: reading the activity log, the deliverable and the reports that are no longer drafts — everyone who sees the
  consortium, AVIQ reviewers included;
- `MANAGE_REPORTING`: keeping the activity log, the shared paragraphs and the evaluation deliverable, generating the
  consortium's documents — the operational team, the coordination and admins.
Check them with `consortium_access(user, consortium_id, PERM)` / `access.require(PERM)`.
"""

from consortia.permissions import Access, consortium_access, has_perm
from consortia.roles import MANAGE_REPORTING, VIEW

__all__ = ["MANAGE_REPORTING", "VIEW", "Access", "consortium_access", "has_perm"]
