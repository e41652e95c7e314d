"""Every write of the foundation's JSON API (POST/PUT/PATCH/DELETE on users, territories, structures, consortia,
memberships and roles), with a body that succeeds for the allowed actors.

Each actor's request runs in its own rolled-back savepoint (see tests/test_permission_matrix.py), so creates and
deletes succeed for every allowed actor; `snapshot` proves a refused actor changed nothing.
Anonymous callers get 401; outsiders 404 on consortium A's objects; members without the right and the AVIQ reviewer
403 (reviewers read, they do not write the foundation). Platform-wide objects (users, territories, new consortia) are
the admin's alone: every other logged-in caller gets 403 there.
"""

import itertools

from consortia.models import Consortium, ConsortiumRole, Membership, Structure, Territory, User

from . import ACTORS, Entry, a, only

_unique = itertools.count(1)

admin_only = {actor: 403 for actor in ACTORS} | {"anonymous": 401}
COORDINATION = ("coordinator",)


def _admin(ok):
    return admin_only | {"admin": ok}


def _coordination(ok):
    return only(COORDINATION, ok=ok, anonymous=401)


def _n():
    return next(_unique)


def _enterprise_number():
    from tests.factories import StructureFactory

    return StructureFactory.build().enterprise_number


# --- users --------------------------------------------------------------------------------------------------


def _coordinator_account(cast):
    return {"pk": cast.users["coordinator"].pk}


def _coordinator_names(cast):
    return User.objects.filter(pk=cast.users["coordinator"].pk).values_list("first_name", "last_name").get()


# --- territories --------------------------------------------------------------------------------------------


def _territory_a(cast):
    return {"pk": cast.consortium_a.territory_id}


def _territory_a_row(cast):
    return Territory.objects.filter(pk=cast.consortium_a.territory_id).values_list("name", "population").get()


def _unused_territory(cast):
    from tests.factories import TerritoryFactory

    return {"pk": TerritoryFactory(name=f"Territoire libre {_n()}").pk}


# --- structures ---------------------------------------------------------------------------------------------


def _new_structure_body(cast):
    return {
        "consortium": cast.consortium_a.pk,
        "role": "member",
        "name": f"ASBL Matrice {_n()}",
        "enterprise_number": _enterprise_number(),
        "legal_form": "asbl",
        "sector": "1LSS",
        "level": "meso",
    }


def _structures_of_a(cast):
    return sorted(Membership.objects.filter(consortium=cast.consortium_a).values_list("structure_id", flat=True))


def _member_a(cast):
    return {"pk": cast.member_a.pk}


def _member_a_row(cast):
    return Structure.objects.filter(pk=cast.member_a.pk).values_list("name", "level").get()


def _member_a_full(cast):
    return {
        "name": cast.member_a.name,
        "enterprise_number": cast.member_a.enterprise_number,
        "legal_form": cast.member_a.legal_form,
        "sector": cast.member_a.sector,
        "level": "micro",
    }


def _structure_of_a_alone(cast):
    """A structure of consortium A alone, with nothing else referring to it."""
    from tests.factories import MembershipFactory

    return {"pk": MembershipFactory(consortium=cast.consortium_a).structure_id}


# --- consortia ----------------------------------------------------------------------------------------------


def _new_consortium_body(cast):
    from tests.factories import StructureFactory, TerritoryFactory

    return {
        "name": f"OLS Matrice {_n()}",
        "territory": TerritoryFactory(name=f"Territoire Matrice {_n()}").pk,
        "lead_structure": StructureFactory().pk,
    }


def _consortium_a(cast):
    return {"pk": cast.consortium_a.pk}


def _consortium_a_row(cast):
    return Consortium.objects.filter(pk=cast.consortium_a.pk).values_list("name", "status", "start_date").get()


def _consortium_a_full(cast):
    return {
        "name": "OLS A renommé",
        "territory": cast.consortium_a.territory_id,
        "lead_structure": cast.lead_a.pk,
        "status": cast.consortium_a.status,
        "start_date": cast.consortium_a.start_date.isoformat(),
    }


# --- memberships --------------------------------------------------------------------------------------------


def _structure_seen_elsewhere(cast):
    """A structure outside consortium A that A's coordinator may see: a member of a consortium C where they also
    hold a role. (Through the API, a structure is added by id among those its caller sees.)"""
    from consortia.services.roles import role_grant
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    role_grant(actor=None, consortium=membership.consortium, user=cast.users["coordinator"], role="viewer")
    return {"structure": membership.structure_id, "role": "partner"}


def _partner_membership(cast):
    return a(cast) | {"pk": Membership.objects.get(consortium=cast.consortium_a, structure=cast.partner_a).pk}


def _partner_membership_row(cast):
    return list(
        Membership.objects.filter(consortium=cast.consortium_a, structure=cast.partner_a).values_list(
            "role", "conflict_of_interest_note"
        )
    )


def _partner_membership_full(cast):
    return {"structure": cast.partner_a.pk, "role": "partner", "conflict_of_interest_note": "Matrice"}


# --- roles --------------------------------------------------------------------------------------------------


def _roles_of_a(cast):
    return sorted(ConsortiumRole.objects.filter(consortium=cast.consortium_a).values_list("pk", flat=True))


def _viewer_grant(cast):
    return a(cast) | {"pk": ConsortiumRole.objects.get(consortium=cast.consortium_a, user=cast.users["viewer"]).pk}


ENTRIES = [
    # users: the admin's
    Entry(
        "user-list",
        _admin(201),
        method="post",
        api=True,
        data=lambda cast: {"email": f"nouveau{_n()}@matrice.test", "first_name": "Nouveau", "last_name": "Compte"},
        snapshot=lambda cast: User.objects.count(),
    ),
    Entry(
        "user-detail",
        _admin(200),
        kwargs=_coordinator_account,
        method="patch",
        api=True,
        data=lambda cast: {"first_name": "Renommée"},
        snapshot=_coordinator_names,
    ),
    Entry(
        "user-detail",
        _admin(200),
        kwargs=_coordinator_account,
        method="put",
        api=True,
        data=lambda cast: {"email": "coordinator@a.test", "first_name": "Renommée", "last_name": "Matrice"},
        snapshot=_coordinator_names,
    ),
    # territories: the admin's
    Entry(
        "territory-list",
        _admin(201),
        method="post",
        api=True,
        data=lambda cast: {"name": f"Territoire {_n()}", "population": 120000},
        snapshot=lambda cast: Territory.objects.count(),
    ),
    Entry(
        "territory-detail",
        _admin(200),
        kwargs=_territory_a,
        method="patch",
        api=True,
        data=lambda cast: {"population": 390000},
        snapshot=_territory_a_row,
    ),
    Entry(
        "territory-detail",
        _admin(200),
        kwargs=_territory_a,
        method="put",
        api=True,
        data=lambda cast: {"name": "Hautes Plaines", "population": 390000},
        snapshot=_territory_a_row,
    ),
    Entry(
        "territory-detail",
        _admin(204),
        kwargs=_unused_territory,
        method="delete",
        api=True,
        snapshot=lambda cast: Territory.objects.count(),
    ),
    # structures: created inside a consortium by who manages its structures; outsiders name a consortium they
    # cannot see, which reads as a wrong field (400), not as a URL they may not visit.
    Entry(
        "structure-list",
        _coordination(201) | {"outsider": 400},
        method="post",
        api=True,
        data=_new_structure_body,
        snapshot=_structures_of_a,
    ),
    Entry(
        "structure-detail",
        _coordination(200),
        kwargs=_member_a,
        method="patch",
        api=True,
        data=lambda cast: {"name": "ASBL Membre A (matrice)"},
        snapshot=_member_a_row,
    ),
    Entry(
        "structure-detail",
        _coordination(200),
        kwargs=_member_a,
        method="put",
        api=True,
        data=_member_a_full,
        snapshot=_member_a_row,
    ),
    # The API deletes only a structure nothing refers to, and its membership in A refers to it: who manages A's
    # structures passes the gate and meets the service's refusal (400 structure_in_use); nothing is deleted.
    Entry(
        "structure-detail",
        _coordination(400),
        kwargs=_structure_of_a_alone,
        method="delete",
        api=True,
        snapshot=lambda cast: Structure.objects.count(),
    ),
    # consortia: created by the admin, changed by the coordination too
    Entry(
        "consortium-list",
        _admin(201),
        method="post",
        api=True,
        data=_new_consortium_body,
        snapshot=lambda cast: Consortium.objects.count(),
    ),
    Entry(
        "consortium-detail",
        _coordination(200),
        kwargs=_consortium_a,
        method="patch",
        api=True,
        data=lambda cast: {"name": "OLS A renommé"},
        snapshot=_consortium_a_row,
    ),
    Entry(
        "consortium-detail",
        _coordination(200),
        kwargs=_consortium_a,
        method="put",
        api=True,
        data=_consortium_a_full,
        snapshot=_consortium_a_row,
    ),
    # memberships: manage_structures
    Entry(
        "consortium-membership-list",
        _coordination(201),
        kwargs=a,
        method="post",
        api=True,
        data=_structure_seen_elsewhere,
        snapshot=_structures_of_a,
    ),
    Entry(
        "consortium-membership-detail",
        _coordination(200),
        kwargs=_partner_membership,
        method="patch",
        api=True,
        data=lambda cast: {"conflict_of_interest_note": "Matrice"},
        snapshot=_partner_membership_row,
    ),
    Entry(
        "consortium-membership-detail",
        _coordination(200),
        kwargs=_partner_membership,
        method="put",
        api=True,
        data=_partner_membership_full,
        snapshot=_partner_membership_row,
    ),
    Entry(
        "consortium-membership-detail",
        _coordination(204),
        kwargs=_partner_membership,
        method="delete",
        api=True,
        snapshot=_partner_membership_row,
    ),
    # roles: manage_roles
    Entry(
        "consortium-role-list",
        _coordination(201),
        kwargs=a,
        method="post",
        api=True,
        data=lambda cast: {"user": f"invite{_n()}@matrice.test", "role": "viewer"},
        snapshot=_roles_of_a,
    ),
    Entry(
        "consortium-role-detail",
        _coordination(204),
        kwargs=_viewer_grant,
        method="delete",
        api=True,
        snapshot=_roles_of_a,
    ),
]
