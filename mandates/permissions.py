"""The mandates' access, through the consortia gate (declared in `consortia.roles`):

- `VIEW`: everyone who sees the consortium reads its mandates, AVIQ reviewers included;
- `PREPARE_DECISIONS` (operational team, coordinators, admins): write a mandate, propose it to its deciding body,
  open an amendment. Adopting it is the deciding body's vote (governance), not a permission.
"""

from consortia.permissions import Access, consortium_access, has_perm
from consortia.roles import PREPARE_DECISIONS, VIEW

__all__ = ["PREPARE_DECISIONS", "VIEW", "Access", "consortium_access", "has_perm"]
