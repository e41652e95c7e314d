"""The one gate for access to consortia: the only module that calls guardian.

Outsiders (no role in the consortium) get 404, members without the right get 403 (PermissionDenied).
AVIQ reviewers read every consortium and review its budget; platform admins (superusers) may do everything.
The permission names are constants (declared in `consortia.roles`, re-exported here); check them with
`consortium_access(user, id, PERM)` or `access.require(PERM)`, never with a string or a test of the user's flags.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import Http404
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from ols_platform.validators import object_id

from .models import Consortium, ConsortiumRole, Membership, Structure, Territory
from .roles import (
    ALL_PERMS,
    EDIT_BUDGET,
    MANAGE_GOVERNANCE,
    MANAGE_LINKS,
    MANAGE_REPORTING,
    MANAGE_ROLES,
    MANAGE_STRUCTURES,
    PREPARE_DECISIONS,
    RECORD_EXPENSES,
    REVIEW_BUDGET,
    REVIEWER_PERMS,
    STORED_PERMS,
    VIEW,
    VIEW_BUDGET,
    perms_for_roles,
)

__all__ = [
    "EDIT_BUDGET",
    "MANAGE_GOVERNANCE",
    "MANAGE_LINKS",
    "PREPARE_DECISIONS",
    "MANAGE_ROLES",
    "MANAGE_STRUCTURES",
    "RECORD_EXPENSES",
    "REVIEW_BUDGET",
    "VIEW",
    "VIEW_BUDGET",
    "Access",
    "consortia_visible_to",
    "visible_consortium_ids",
    "consortium_access",
    "has_perm",
    "held_perms",
    "is_aviq_staff",
    "may_edit_contact",
    "perms_on",
    "sync_role_perms",
    "sync_role_perms_of",
]


def is_aviq_staff(user) -> bool:
    """AVIQ reviewers and platform admins: they see every consortium. The one place this rule is written."""
    return bool(user is not None and user.is_authenticated and (user.is_superuser or user.aviq_reviewer))


def visible_consortium_ids(user) -> list[int] | None:
    """Ids of the consortia the user may see (their `view` object permissions), or None for AVIQ staff and admins,
    who see them all. Global permissions are ignored.

    One small query, remembered on the user object for the request (as Django's backends do with `_perm_cache`):
    lists filter on these ids rather than on a permission subquery rebuilt for each of their queries.
    """
    if user is None or not user.is_authenticated:
        return []
    if is_aviq_staff(user):
        return None
    if not hasattr(user, "_ols_visible_consortia"):
        held = UserObjectPermission.objects.filter(
            user=user, content_type=ContentType.objects.get_for_model(Consortium), permission__codename=VIEW
        ).values_list("object_pk", flat=True)
        user._ols_visible_consortia = sorted(int(pk) for pk in held)
    return user._ols_visible_consortia


def consortia_visible_to(user, queryset=None):
    """Consortia the user may see."""
    queryset = Consortium.objects.all() if queryset is None else queryset
    ids = visible_consortium_ids(user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


def perms_on(user, consortium) -> frozenset[str]:
    """Everything the user may do in the consortium: their roles' guardian permissions, plus what their global role
    (AVIQ reviewer, platform admin) gives on every consortium."""
    if user is None or not user.is_authenticated:
        return frozenset()
    return _perms(user, None if user.is_superuser else held_perms(user, consortium))


def _perms(user, held: frozenset[str] | None) -> frozenset[str]:
    """What a logged-in user may do in a consortium where they hold `held`, with their global role's rights."""
    if user.is_superuser:
        return frozenset(ALL_PERMS)
    return held | REVIEWER_PERMS if user.aviq_reviewer else held


def _held_rows(user, object_pk):
    """The user's own object permission rows on a consortium (`object_pk`: its pk as text).
    Access is never given through groups (ols_platform.admin): guardian's group query is not needed."""
    return UserObjectPermission.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(Consortium), object_pk=object_pk
    )


def held_perms(user, consortium) -> frozenset[str]:
    """The user's own object permissions on the consortium, in one query."""
    return frozenset(_held_rows(user, str(consortium.pk)).values_list("permission__codename", flat=True))


def has_perm(user, consortium, perm: str) -> bool:
    """Whether the user may do `perm` in the consortium (for services, which hold a consortium, not an Access)."""
    return perm in perms_on(user, consortium)


@dataclass(frozen=True)
class Access:
    """A consortium as one user sees it, with what that user may do there."""

    consortium: Consortium
    perms: frozenset[str]

    def can(self, perm: str) -> bool:
        return perm in self.perms

    def require(self, perm: str) -> None:
        if perm not in self.perms:
            raise PermissionDenied

    # Named checks for templates, which cannot pass arguments.
    @property
    def can_manage_structures(self) -> bool:
        return MANAGE_STRUCTURES in self.perms

    @property
    def can_manage_roles(self) -> bool:
        return MANAGE_ROLES in self.perms

    @property
    def can_manage_links(self) -> bool:
        return MANAGE_LINKS in self.perms

    @property
    def can_view_budget(self) -> bool:
        return VIEW_BUDGET in self.perms

    @property
    def can_edit_budget(self) -> bool:
        return EDIT_BUDGET in self.perms

    @property
    def can_record_expenses(self) -> bool:
        return RECORD_EXPENSES in self.perms

    @property
    def can_review_budget(self) -> bool:
        return REVIEW_BUDGET in self.perms

    @property
    def can_manage_governance(self) -> bool:
        return MANAGE_GOVERNANCE in self.perms

    @property
    def can_prepare_decisions(self) -> bool:
        return PREPARE_DECISIONS in self.perms

    @property
    def can_manage_reporting(self) -> bool:
        return MANAGE_REPORTING in self.perms


@functools.cache
def _access_sql(vendor: str) -> str:
    """The SQL of `consortium_access`: the consortium, its territory and the user's own permission codenames on it.

    Written out rather than built by the ORM because every consortium page opens with it: compiling the same
    query (a correlated aggregate subquery and a join) took the ORM twice as long as PostgreSQL took to run it.
    The columns come from the models, so a new field is read without touching this; `raw()` still applies the
    database's converters (dates on SQLite)."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"c.{quote(field.column)}" for field in Consortium._meta.concrete_fields)
    codenames = "STRING_AGG(p.codename, ',')" if vendor == "postgresql" else "GROUP_CONCAT(p.codename, ',')"
    # Identifiers only come from the models; every value is a parameter.
    return (
        f"SELECT {columns}, t.name AS territory_name, t.population AS territory_population, "  # noqa: S608
        f"(SELECT {codenames} FROM {quote(UserObjectPermission._meta.db_table)} u "
        f"JOIN {quote(Permission._meta.db_table)} p ON p.id = u.permission_id "
        "WHERE u.user_id = %s AND u.content_type_id = %s AND u.object_pk = %s) AS held_codenames "
        f"FROM {quote(Consortium._meta.db_table)} c JOIN {quote(Territory._meta.db_table)} t ON t.id = c.territory_id "
        "WHERE c.id = %s"
    )


def _consortium_with_held_perms(user, pk: int) -> tuple[Consortium, frozenset[str]] | None:
    """The consortium (its territory loaded) and the user's own object permissions on it, in one query."""
    content_type = ContentType.objects.get_for_model(Consortium)
    params = [user.pk, content_type.pk, str(pk), pk]
    consortium = next(iter(Consortium.objects.raw(_access_sql(connection.vendor), params)), None)
    if consortium is None:
        return None
    territory = Territory(
        id=consortium.territory_id, name=consortium.territory_name, population=consortium.territory_population
    )
    territory._state.adding, territory._state.db = False, consortium._state.db
    Consortium.territory.field.set_cached_value(consortium, territory)
    return consortium, frozenset(filter(None, (consortium.held_codenames or "").split(",")))


def consortium_access(user, consortium_id, perm: str | None = None) -> Access:
    """The consortium if the user may see it (else 404) and, when `perm` is given, may do `perm` (else 403).

    One query: every consortium page opens with it."""
    pk = object_id(consortium_id)
    found = None
    if pk is not None and user is not None and user.is_authenticated:
        found = _consortium_with_held_perms(user, pk)
    if found is None:
        raise Http404
    consortium, held = found
    access = Access(consortium=consortium, perms=_perms(user, held))
    if VIEW not in access.perms:
        raise Http404
    if perm:
        access.require(perm)
    return access


def visible_structures(user, queryset=None):
    """Structures with a membership in a consortium the user sees; every structure for AVIQ staff and admins.

    A structure only another consortium holds is invisible: every page and endpoint answers 404 for it.
    """
    queryset = Structure.objects.all() if queryset is None else queryset
    ids = visible_consortium_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(pk__in=Membership.objects.filter(consortium_id__in=ids).values("structure_id"))


def may_edit_contact(user, access: Access, membership: Membership) -> bool:
    """Whether the user may change the contact details of `membership` (a membership of `access.consortium`, taken
    from the URL): those who manage the consortium's structures, and the reporter of that very structure there.
    AVIQ reviewers only read. The one place this rule is written."""
    if membership.consortium_id != access.consortium.pk:
        return False
    if access.can(MANAGE_STRUCTURES):
        return True
    return ConsortiumRole.objects.filter(
        user=user,
        consortium_id=access.consortium.pk,
        role=ConsortiumRole.Role.STRUCTURE_REPORTER,
        structure_id=membership.structure_id,
    ).exists()


def manages_structure(user, structure) -> bool:
    """Whether the user manages (manage_structures) one of the consortia the structure belongs to.

    This opens the structure's endpoint to writes; what a write may change when the structure is shared is the
    services' rule (`structure_shared`).
    """
    if user.is_superuser:
        return True
    for consortium_id in structure.memberships.values_list("consortium_id", flat=True):
        try:
            consortium_access(user, consortium_id, MANAGE_STRUCTURES)
        except (Http404, PermissionDenied):
            continue
        return True
    return False


@transaction.atomic
def sync_role_perms(user, consortium) -> None:
    """Make the user's guardian permissions on the consortium exactly those of their roles there (with what the
    consortium's settings allow those roles: pass the consortium as it now is)."""
    roles = ConsortiumRole.objects.filter(user=user, consortium=consortium).values_list("role", flat=True)
    wanted = perms_for_roles(roles, consortium)
    held = set(held_perms(user, consortium)) & set(STORED_PERMS)
    for perm in wanted - held:
        assign_perm(f"consortia.{perm}", user, consortium)
    for perm in held - wanted:
        remove_perm(f"consortia.{perm}", user, consortium)
    user.__dict__.pop("_ols_visible_consortia", None)


@transaction.atomic
def sync_role_perms_of(consortium, role: str) -> None:
    """`sync_role_perms` for everyone holding `role` in the consortium: after a setting that changes what the role
    may do there changed (call it in the same transaction, with the consortium as saved)."""
    holders = ConsortiumRole.objects.filter(consortium=consortium, role=role).select_related("user").order_by("pk")
    for user in {grant.user_id: grant.user for grant in holders}.values():
        sync_role_perms(user, consortium)
