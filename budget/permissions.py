"""The budget's access: the permissions the budget pages, API and services check, through the consortia gate.

Who holds what (declared in `consortia.roles`, because permissions are held on the Consortium):
- `VIEW_BUDGET`: every member but the structure reporter, AVIQ reviewers, admins;
- `EDIT_BUDGET`: coordinators, accountants, admins (lines, arrangements, submission, amendments, import);
- `RECORD_EXPENSES`: coordinators, accountants, admins, and the operational team while the consortium's coordination
  allows it (`Consortium.operational_team_records_expenses`, see `consortia.roles.ALLOWED_BY_CONSORTIUM`): record
  an expense and its justificatif — expenses are never edited nor deleted (history keeps financial records);
- `REVIEW_BUDGET`: AVIQ reviewers and admins (approve, request changes) — computed by the gate from the global
  role, never stored in guardian (see `consortia.roles`).
Check them with `consortium_access(user, consortium_id, PERM)` / `access.require(PERM)` in views and with
`has_perm(user, consortium, PERM)` in services.
"""

from consortia.permissions import Access, consortium_access, has_perm
from consortia.roles import EDIT_BUDGET, RECORD_EXPENSES, REVIEW_BUDGET, VIEW_BUDGET

__all__ = [
    "EDIT_BUDGET",
    "RECORD_EXPENSES",
    "REVIEW_BUDGET",
    "VIEW_BUDGET",
    "Access",
    "consortium_access",
    "has_perm",
]
