"""Mandates' access, through the consortia gate (the only module that calls guardian).

- `VIEW`: reading mandates — everyone who sees the consortium, AVIQ reviewers included;
- `PREPARE_DECISIONS`: writing them (create, edit a draft, propose it to the deciding body, amend an adopted one) —
  the operational team, the coordination and admins, as for governance proposals.
Check them with `consortium_access(user, consortium_id, PERM)` / `access.require(PERM)`.
"""

from consortia.permissions import Access, consortium_access, has_perm
from consortia.roles import PREPARE_DECISIONS, VIEW

__all__ = ["PREPARE_DECISIONS", "VIEW", "Access", "consortium_access", "has_perm"]
