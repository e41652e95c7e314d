"""The JSON API (GET of every list and detail): anonymous 401, outsiders 404 on consortium A's objects."""

from . import ACTORS, Entry, a, expect, only

logged_in = {actor: 200 for actor in ACTORS} | {"anonymous": 401}
in_a = expect(anonymous=401)  # every member of A, the reviewer and the admin: 200; the outsider: 404


def _coordinator(cast):
    return {"pk": cast.users["coordinator"].pk}


def _coordinator_grant(cast):
    grant = cast.users["coordinator"].consortium_roles.get(consortium=cast.consortium_a)
    return a(cast) | {"pk": grant.pk}


def _lead_membership(cast):
    return a(cast) | {"pk": cast.lead_a.memberships.get(consortium=cast.consortium_a).pk}


def _member_membership(cast):
    return a(cast) | {"pk": cast.member_a.memberships.get(consortium=cast.consortium_a).pk}


ENTRIES = [
    Entry("user-list", logged_in, api=True),
    # Each person sees their own account only; the admin sees every account.
    Entry(
        "user-detail",
        {actor: 404 for actor in ACTORS} | {"anonymous": 401, "coordinator": 200, "admin": 200},
        kwargs=_coordinator,
        api=True,
    ),
    Entry("territory-list", logged_in, api=True),
    Entry("territory-detail", logged_in, kwargs=lambda cast: {"pk": cast.consortium_a.territory_id}, api=True),
    Entry("structure-list", logged_in, api=True),
    Entry("structure-detail", in_a, kwargs=lambda cast: {"pk": cast.member_a.pk}, api=True),
    Entry("consortium-list", logged_in, api=True),
    Entry("consortium-detail", in_a, kwargs=lambda cast: {"pk": cast.consortium_a.pk}, api=True),
    Entry("consortium-role-list", in_a, kwargs=a, api=True),
    Entry("consortium-role-detail", in_a, kwargs=_coordinator_grant, api=True),
    Entry("consortium-membership-list", in_a, kwargs=a, api=True),
    Entry("consortium-membership-detail", in_a, kwargs=_member_membership, api=True),
    # Handing the lead to the structure that already holds it changes nothing: 200 for who manages structures.
    Entry(
        "consortium-membership-make-lead",
        only(("coordinator",), anonymous=401),
        kwargs=_lead_membership,
        method="post",
        api=True,
    ),
]
