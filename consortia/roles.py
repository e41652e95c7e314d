"""What each role may do in its consortium, as guardian object permissions on the Consortium."""

from .models import ConsortiumRole

Role = ConsortiumRole.Role

VIEW = "view_consortium"
MANAGE_STRUCTURES = "manage_structures"
MANAGE_ROLES = "manage_roles"
VIEW_BUDGET = "view_budget"
EDIT_BUDGET = "edit_budget"

ALL_PERMS = (VIEW, MANAGE_STRUCTURES, MANAGE_ROLES, VIEW_BUDGET, EDIT_BUDGET)
# What AVIQ reviewers hold on every consortium: read everything, write only review actions.
REVIEWER_PERMS = frozenset({VIEW, VIEW_BUDGET})

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
