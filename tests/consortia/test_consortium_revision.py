"""`Consortium.revision`: every consortia write that changes what a consortium's pages show counts one more, for
the consortia concerned only (their cached pages are keyed on it)."""

import pytest

from consortia.models import ConsortiumRole, Membership, StructureLink
from consortia.services import consortium as consortium_services
from consortia.services import links as link_services
from consortia.services import memberships as membership_services
from consortia.services import roles as role_services
from consortia.services import structures as structure_services
from consortia.services import territories as territory_services
from consortia.services import users as user_services
from consortia.services.base import bump_revision
from ols_platform.errors import DomainError

from ..factories import LifeBasinFactory, MembershipFactory, StructureFactory, StructureLinkFactory

pytestmark = pytest.mark.django_db

NEW_STRUCTURE = {
    "name": "ASBL Nouvelle",
    "legal_form": "asbl",
    "enterprise_number": "0403.123.486",
    "sector": "PP",
    "level": "meso",
}


def _membership(cast, structure):
    return Membership.objects.get(consortium=cast.consortium_a, structure=structure)


def _shared(cast):
    """Make the member of A a structure both consortia hold: a change to it shows in both."""
    MembershipFactory(consortium=cast.consortium_b, structure=cast.member_a, role="member")
    return cast.member_a


def _basin(cast):
    return cast.consortium_a.territory.life_basins.first()


# Each write: (what it does to the cast, which consortia it must bump).
WRITES = {
    "structure_create": (
        lambda cast: structure_services.structure_create(
            actor=cast.user("coordinator"), consortium=cast.consortium_a, role="member", data=NEW_STRUCTURE
        ),
        "a",
    ),
    "structure_update": (
        lambda cast: structure_services.structure_update(
            actor=cast.user("coordinator"), structure=cast.lead_a, data={"name": "ASBL Porteuse A bis"}
        ),
        "a",
    ),
    "structure_update of a shared structure": (
        lambda cast: structure_services.structure_update(
            actor=cast.user("admin"), structure=cast.member_a, data={"name": "ASBL Membre commune"}
        ),
        "ab",
    ),
    "structure_update of its bassins de vie": (
        lambda cast: structure_services.structure_update(
            actor=cast.user("coordinator"),
            structure=cast.member_a,
            data={"life_basins": [_basin(cast)]},
            territory=cast.consortium_a.territory,
        ),
        "a",
    ),
    "structure_set_life_basins": (
        lambda cast: structure_services.structure_set_life_basins(
            actor=None, structure=cast.member_a, life_basins=[_basin(cast)], territory=cast.consortium_a.territory
        ),
        "a",
    ),
    "structure_archive of a shared structure": (
        lambda cast: structure_services.structure_archive(actor=cast.user("admin"), structure=cast.member_a),
        "ab",
    ),
    "structure_delete": (
        lambda cast: structure_services.structure_delete(
            actor=None,
            structure=MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory()).structure,
            consortium=cast.consortium_a,
        ),
        "a",
    ),
    "membership_create": (
        lambda cast: membership_services.membership_create(
            actor=None, consortium=cast.consortium_a, structure=StructureFactory(), role="partner"
        ),
        "a",
    ),
    "membership_update": (
        lambda cast: membership_services.membership_update(
            actor=None, membership=_membership(cast, cast.member_a), data={"contact_name": "Léa"}
        ),
        "a",
    ),
    "membership_make_lead": (
        lambda cast: membership_services.membership_make_lead(actor=None, membership=_membership(cast, cast.member_a)),
        "a",
    ),
    "membership_delete": (
        lambda cast: membership_services.membership_delete(
            actor=None, membership=MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory())
        ),
        "a",
    ),
    "link_create": (
        lambda cast: link_services.link_create(
            actor=None, consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="PA"
        ),
        "a",
    ),
    "link_delete": (
        lambda cast: link_services.link_delete(
            actor=None,
            link=StructureLinkFactory(consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a),
        ),
        "a",
    ),
    "consortium_update": (
        lambda cast: consortium_services.consortium_update(
            actor=None, consortium=cast.consortium_a, data={"name": "OLS A renommé"}
        ),
        "a",
    ),
    "territory_update": (
        lambda cast: territory_services.territory_update(
            actor=None, territory=cast.consortium_a.territory, data={"population": 381_000}
        ),
        "a",
    ),
    "life_basin_create": (
        lambda cast: territory_services.life_basin_create(
            actor=None, territory=cast.consortium_a.territory, name="Val Neuf", population=12_000
        ),
        "a",
    ),
    "life_basin_update": (
        lambda cast: territory_services.life_basin_update(actor=None, life_basin=_basin(cast), data={"name": "Val"}),
        "a",
    ),
    "life_basin_delete": (
        lambda cast: territory_services.life_basin_delete(
            actor=None, life_basin=LifeBasinFactory(territory=cast.consortium_a.territory)
        ),
        "a",
    ),
    "role_grant": (
        lambda cast: role_services.role_grant(
            actor=None, consortium=cast.consortium_a, user=cast.user("outsider"), role="viewer"
        ),
        "a",
    ),
    "role_revoke": (
        lambda cast: role_services.role_revoke(
            actor=None, grant=ConsortiumRole.objects.get(user=cast.user("viewer"), consortium=cast.consortium_a)
        ),
        "a",
    ),
    "invite_to_consortium": (
        lambda cast: role_services.invite_to_consortium(
            actor=None, consortium=cast.consortium_a, email="nouvelle@a.test", role="viewer"
        ),
        "a",
    ),
    "user_update": (
        lambda cast: user_services.user_update(actor=None, user=cast.user("viewer"), data={"last_name": "Dubois"}),
        "a",
    ),
    "user_email_change": (
        lambda cast: user_services.user_email_change(actor=None, user=cast.user("outsider"), email="autre@b.test"),
        "b",
    ),
}


def _revisions(cast):
    cast.consortium_a.refresh_from_db()
    cast.consortium_b.refresh_from_db()
    return {"a": cast.consortium_a.revision, "b": cast.consortium_b.revision}


@pytest.mark.parametrize("write", list(WRITES))
def test_it_moves_the_revision_of_the_consortia_whose_pages_a_write_changes(cast, write):
    act, bumped = WRITES[write]
    if "shared" in write:
        _shared(cast)
    before = _revisions(cast)

    act(cast)

    after = _revisions(cast)
    assert {name for name in after if after[name] > before[name]} == set(bumped)


def test_a_refused_write_leaves_the_revision_alone(cast):
    before = _revisions(cast)

    with pytest.raises(DomainError):
        link_services.link_create(
            actor=None, consortium=cast.consortium_a, source=cast.lead_a, target=cast.lead_a, kind="OG"
        )

    assert _revisions(cast) == before


def test_it_counts_every_bump_and_writes_no_history(cast):
    consortium = cast.consortium_a
    consortium.refresh_from_db()
    start, entries = consortium.revision, consortium.history.count()

    bump_revision([consortium.pk])
    bump_revision(Membership.objects.filter(structure=cast.lead_a).values("consortium_id"))

    consortium.refresh_from_db()
    assert consortium.revision == start + 2
    assert consortium.history.count() == entries
    assert "revision" not in [f.name for f in consortium.history.model._meta.fields]


def test_a_link_made_in_the_database_behind_the_services_back_moves_nothing(cast):
    """The revision is counted by the services alone (see bump_revision): factories and shells do not."""
    before = _revisions(cast)

    StructureLink.objects.create(consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="S")

    assert _revisions(cast) == before
