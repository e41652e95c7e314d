"""The coordinator's write pages: structures and memberships (manage_structures), team (manage_roles), and the
links between méso structures (manage_links: the operational team too).

Coordinators (and the operational team on links) and the platform admin may; other members and AVIQ reviewers get
403, outsiders 404.
POSTs carry empty data: the coordinator and admin get the form back with its errors (200) — nothing changes —
except the archive action, which redirects with an error message (302).
"""

from consortia.models import ConsortiumRole, Membership

from . import Entry, only

COORDINATION = ("coordinator",)
LINK_KEEPERS = ("coordinator", "operational")


def _structure(cast):
    return {"consortium_id": cast.consortium_a.pk, "structure_id": cast.member_a.pk}


def _membership(cast):
    membership = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)
    return {"consortium_id": cast.consortium_a.pk, "membership_id": membership.pk}


def _link(cast):
    from tests.factories import StructureLinkFactory

    link = StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a, kind="PA")
    return {"consortium_id": cast.consortium_a.pk, "link_id": link.pk}


def _role(cast):
    grant = ConsortiumRole.objects.get(consortium=cast.consortium_a, user=cast.users["viewer"])
    return {"consortium_id": cast.consortium_a.pk, "role_id": grant.pk}


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _pages(name, kwargs, allowed=COORDINATION):
    """GET shows the page; POST with empty data shows it again with its errors."""
    return [
        Entry(name, only(allowed), kwargs=kwargs),
        Entry(name, only(allowed), kwargs=kwargs, method="post"),
    ]


def _operational_expenses(cast):
    from consortia.models import Consortium

    return Consortium.objects.filter(pk=cast.consortium_a.pk).values_list("operational_team_records_expenses")[0]


ENTRIES = [
    *_pages("consortia:structure_create", _a),
    *_pages("consortia:structure_add_existing", _a),
    *_pages("consortia:structure_edit", _structure),
    Entry("consortia:structure_archive", only(COORDINATION, ok=302), kwargs=_structure, method="post"),
    *_pages("consortia:structure_delete", _structure),
    *_pages("consortia:membership_edit", _membership),
    *_pages("consortia:membership_make_lead", _membership),
    *_pages("consortia:membership_delete", _membership),
    *_pages("consortia:links_manage", _a, LINK_KEEPERS),
    *_pages("consortia:link_delete", _link, LINK_KEEPERS),
    *_pages("consortia:roles", _a),
    *_pages("consortia:role_revoke", _role),
    # switching what the operational team may do with expenses: a confirmed POST only (back to the team page)
    Entry(
        "consortia:operational_expenses",
        only(COORDINATION, ok=302),
        kwargs=_a,
        method="post",
        data=lambda cast: {"allowed": "1", "confirm": "on"},
        snapshot=_operational_expenses,
    ),
]

# The contact details of member_a's membership: coordinators, and the cast's structure reporter (who reports for
# member_a). POSTs with empty data show the form with its errors (the version is missing): nothing changes.
CONTACT = ("coordinator", "structure_reporter")
ENTRIES += [
    Entry("consortia:membership_contact", only(CONTACT), kwargs=_membership),
    Entry("consortia:membership_contact", only(CONTACT), kwargs=_membership, method="post"),
]
