"""Every permission a user may hold on a consortium, and what each role grants.

Permissions are held on the Consortium, so every app's permission names are declared here, in the app that owns the
Consortium model (dependencies point one way); each app's `permissions.py` re-exports the names it checks.

Two kinds:
- stored: guardian object permissions (declared in `Consortium.Meta.permissions`), granted by consortium roles and
  kept in step by `consortia.permissions.sync_role_perms`;
- computed by the gate from a global role, never stored: AVIQ review (`REVIEW_BUDGET`). A reviewer reviews every
  consortium, including those created after they became a reviewer; storing it per consortium would need a grant on
  each new consortium and a sweep on each change of global role, and a stale row would keep a right nobody meant.
"""

from .models import ConsortiumRole

Role = ConsortiumRole.Role

# consortia
VIEW = "view_consortium"
MANAGE_STRUCTURES = "manage_structures"
MANAGE_ROLES = "manage_roles"
# budget (see budget/permissions.py)
VIEW_BUDGET = "view_budget"
EDIT_BUDGET = "edit_budget"
REVIEW_BUDGET = "review_budget"

# Guardian object permissions: what consortium roles grant and `sync_role_perms` keeps in step.
STORED_PERMS = (VIEW, MANAGE_STRUCTURES, MANAGE_ROLES, VIEW_BUDGET, EDIT_BUDGET)
# Computed by the gate from the global role (AVIQ reviewer, platform admin); never stored.
GLOBAL_ROLE_PERMS = (REVIEW_BUDGET,)
ALL_PERMS = (*STORED_PERMS, *GLOBAL_ROLE_PERMS)
# What AVIQ reviewers hold on every consortium: read everything, write only review actions.
REVIEWER_PERMS = frozenset({VIEW, VIEW_BUDGET, REVIEW_BUDGET})

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset({VIEW, MANAGE_STRUCTURES, MANAGE_ROLES, VIEW_BUDGET, EDIT_BUDGET}),
    Role.OPERATIONAL: frozenset({VIEW, VIEW_BUDGET}),
    Role.ACCOUNTANT: frozenset({VIEW, VIEW_BUDGET, EDIT_BUDGET}),
    Role.GOVERNANCE: frozenset({VIEW, VIEW_BUDGET}),
    Role.STRUCTURE_REPORTER: frozenset({VIEW}),
    Role.VIEWER: frozenset({VIEW, VIEW_BUDGET}),
}


def perms_for_roles(roles) -> frozenset[str]:
    granted = set()
    for role in roles:
        granted |= ROLE_PERMS[role]
    return frozenset(granted)
