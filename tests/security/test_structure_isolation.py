"""Issue 6, hole 2: one consortium must never change what another consortium sees of its structures.

The model (README, "the structure sharing model"): a structure's identity is shared and changed only by a platform
admin or by the one consortium that holds it alone; each consortium keeps its own contact (on its membership) and
its own bassins de vie (those of its territory); an existing structure is added by its enterprise number only.

Consortium A's coordinator tries every structure write path on a structure shared with consortium B (B's lead,
which A added as a partner by its number) and on a structure only B holds; B's view is compared before and after.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from consortia import selectors
from consortia.models import LifeBasin, Membership, Structure
from consortia.services.memberships import membership_update
from consortia.services.structures import structure_set_life_basins, structure_update
from tests.factories import LifeBasinFactory, MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db

IDENTITY = (
    "name",
    "enterprise_number",
    "legal_form",
    "sector",
    "level",
    "focus",
    "is_hospital",
    "is_insurer",
    "insolvency",
    "is_aviq_approved",
)
A_ROLES = ["coordinator", "operational", "accountant", "governance", "structure_reporter", "viewer"]


def _web(name, consortium, **kwargs):
    return reverse(f"consortia:{name}", kwargs={"consortium_id": consortium.pk, **kwargs})


def _api_structure(structure_id):
    return reverse("structure-detail", kwargs={"pk": structure_id})


def _api_memberships(consortium, pk=None):
    if pk is None:
        return reverse("consortium-membership-list", kwargs={"consortium_id": consortium.pk})
    return reverse("consortium-membership-detail", kwargs={"consortium_id": consortium.pk, "pk": pk})


def _send(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture
def world(cast):
    """B's lead shared with A (added by A as a partner, by its number), B's own-only member, B's own choices."""
    b = cast.consortium_b
    basin_b = LifeBasinFactory(territory=b.territory, name="Bassin de B")
    only_b = MembershipFactory(consortium=b, structure=StructureFactory(name="ASBL Seulement B")).structure
    for structure in (cast.lead_b, only_b):
        structure_set_life_basins(actor=None, structure=structure, life_basins=[basin_b], territory=b.territory)
        membership_update(
            actor=None,
            membership=Membership.objects.get(consortium=b, structure=structure),
            data={"contact_name": "Contact choisi par B", "contact_email": "b@b.test", "address": "Rue de B 1"},
        )
    number = cast.lead_b.enterprise_number.replace(".", "")
    added = cast.client("coordinator").post(
        _web("structure_add_existing", cast.consortium_a),
        {"enterprise_number": f"BE {number}", "role": "partner", "joined_on": "2026-05-01"},
    )
    assert added.status_code == 302
    return {"shared": cast.lead_b, "only_b": only_b, "basin_b": basin_b}


def b_view(cast, world) -> dict:
    """Everything B's coordinator sees of its structures: members table, structure pages, API, eligibility."""
    b = cast.consortium_b
    client = cast.client("outsider")  # the coordinator of B
    cache.clear()  # the rows the table is rendered from, not a page cached before the write
    members = client.get(_web("members", b))
    assert members.status_code == 200
    view = {
        "members": [
            (
                {field: getattr(m.structure, field) for field in (*IDENTITY, "archived_at")},
                m.role,
                m.is_lead,
                m.contact_name,
                m.contact_email,
                m.contact_phone,
                m.address,
                sorted(basin.name for basin in m.structure.territory_basins),
            )
            for m in members.context["rows"]
        ],
        "eligibility": selectors.eligibility_summary(b),
        "network": selectors.network(b),
        "api_memberships": client.get(_api_memberships(b)).json(),
    }
    for key in ("shared", "only_b"):
        structure = world[key]
        page = client.get(_web("structure", b, structure_id=structure.pk))
        assert page.status_code == 200
        view[f"page_{key}"] = [
            (e.when, e.who, e.subject, e.action, [(c.field, c.old, c.new) for c in e.changes])
            for e in page.context["history"]
        ]
        view[f"api_{key}"] = client.get(_api_structure(structure.pk)).json()
    return view


# --- the attack of the issue -----------------------------------------------------------------------------


def test_the_reported_attack_changes_nothing_b_sees(cast):
    """A's coordinator posts B's lead id in the add-existing form, then renames it and declares it bankrupt."""
    client = cast.client("coordinator")
    before_b = selectors.eligibility_summary(cast.consortium_b)
    name = cast.lead_b.name

    smuggled = client.post(
        _web("structure_add_existing", cast.consortium_a),
        {"structure": cast.lead_b.pk, "role": "partner", "joined_on": "2026-05-01"},
    )
    patched = _send(client, "patch", _api_structure(cast.lead_b.pk), {"name": "Pirate", "insolvency": "bankruptcy"})

    assert smuggled.status_code == 200  # the form asks for the enterprise number; an id is no key
    assert not Membership.objects.filter(consortium=cast.consortium_a, structure=cast.lead_b).exists()
    assert patched.status_code == 404
    cast.lead_b.refresh_from_db()
    assert (cast.lead_b.name, cast.lead_b.insolvency) == (name, "none")
    assert selectors.eligibility_summary(cast.consortium_b) == before_b


def test_even_with_the_number_a_shared_structure_s_identity_is_refused_to_the_other_consortium(cast, world):
    before = b_view(cast, world)

    response = _send(
        cast.client("coordinator"),
        "patch",
        _api_structure(world["shared"].pk),
        {"name": "Pirate", "insolvency": "bankruptcy"},
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "structure_shared"
    assert "partagée avec un autre consortium" in body["detail"]
    assert "administration de la plateforme" in body["detail"]
    assert body["detail"].startswith(world["shared"].name) and "Pirate" not in body["detail"]  # its real name
    assert b_view(cast, world) == before


# --- every write path of A, on a shared structure and on one only B holds --------------------------------


def _identity_form(structure, territory, **overrides):
    data = {field: getattr(structure, field) for field in ("name", "enterprise_number", "legal_form", "sector")}
    data |= {"level": structure.level, "focus": structure.focus, "insolvency": structure.insolvency}
    data["version"] = Structure.objects.get(pk=structure.pk).version
    here = Membership.objects.filter(structure=structure, consortium__territory=territory).first()
    data["life_basins_version"] = here.life_basins_version if here else 1  # a structure of B only: a 404 anyway
    return data | overrides


def _web_writes(cast, world, structure):
    """Every web write of A's coordinator aimed at `structure` (through A's pages and B's)."""
    a, b = cast.consortium_a, cast.consortium_b
    ville_haute = LifeBasin.objects.get(name="Ville Haute")
    for consortium in (a, b):
        yield (
            "post",
            _web("structure_edit", consortium, structure_id=structure.pk),
            _identity_form(
                structure,
                consortium.territory,
                name="Pirate",
                insolvency="bankruptcy",
                is_hospital="on",
                life_basins=[ville_haute.pk],
            ),
        )
        yield (
            "post",
            _web("structure_edit", consortium, structure_id=structure.pk),
            _identity_form(structure, consortium.territory, life_basins=[world["basin_b"].pk]),
        )
        yield "post", _web("structure_archive", consortium, structure_id=structure.pk), {"action": "archive"}
        yield "post", _web("structure_delete", consortium, structure_id=structure.pk), {"confirm": "on"}
        yield "post", _web("links_manage", consortium), {"source": structure.pk, "target": cast.lead_a.pk, "kind": "OG"}
    for membership in Membership.objects.filter(structure=structure):
        for name in ("membership_edit", "membership_make_lead", "membership_delete"):
            for consortium in (a, b):
                data = {"confirm": "on", "role": "member", "joined_on": "2026-01-01", "contact_name": "Pirate"}
                yield "post", _web(name, consortium, membership_id=membership.pk), data
    yield "post", _web("structure_add_existing", a), {"structure": structure.pk, "role": "member"}


def _api_writes(cast, world, structure):
    a, b = cast.consortium_a, cast.consortium_b
    url = _api_structure(structure.pk)
    full = {field: getattr(structure, field) for field in IDENTITY}
    yield "patch", url, {"name": "Pirate", "insolvency": "bankruptcy"}
    yield "patch", url, {"is_hospital": True}
    yield "patch", url, {"contact_name": "Pirate"}  # no longer a structure field: ignored, changes nothing
    yield "put", url, full | {"name": "Pirate"}
    yield "delete", url, None
    for membership in Membership.objects.filter(structure=structure):
        for consortium in (a, b):
            detail = _api_memberships(consortium, membership.pk)
            yield "patch", detail, {"contact_name": "Pirate", "role": "partner"}
            yield "put", detail, {"structure": structure.pk, "role": "member", "contact_name": "Pirate"}
            yield "delete", detail, None
            yield "post", detail + "make-lead/", None
    yield "post", _api_memberships(b), {"structure": structure.pk, "role": "partner"}
    yield "post", _api_memberships(a), {"structure": structure.pk, "role": "partner"}


@pytest.mark.parametrize("target", ["shared", "only_b"])
def test_no_web_write_by_a_changes_what_b_sees(cast, world, target):
    structure = world[target]
    client = cast.client("coordinator")
    before = b_view(cast, world)

    for method, url, data in list(_web_writes(cast, world, structure)):
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        assert b_view(cast, world) == before, url


@pytest.mark.parametrize("target", ["shared", "only_b"])
def test_no_api_write_by_a_changes_what_b_sees(cast, world, target):
    structure = world[target]
    client = cast.client("coordinator")
    before = b_view(cast, world)

    for method, url, data in list(_api_writes(cast, world, structure)):
        response = _send(client, method, url, data)
        assert response.status_code < 500, (url, response.status_code)
        assert b_view(cast, world) == before, (method, url, response.content)


def test_a_s_web_edits_of_a_shared_structure_keep_to_a_s_own_basins_and_contact(cast, world):
    shared, a = world["shared"], cast.consortium_a
    client = cast.client("coordinator")
    ville_haute = LifeBasin.objects.get(name="Ville Haute")
    membership = Membership.objects.get(consortium=a, structure=shared)

    edit = client.get(_web("structure_edit", a, structure_id=shared.pk))
    assert edit.context["shared"] and edit.context["form"].fields["name"].disabled
    assert "partagée avec un autre consortium" in edit.content.decode()
    saved = client.post(
        _web("structure_edit", a, structure_id=shared.pk),
        _identity_form(shared, a.territory, name="Pirate", life_basins=[ville_haute.pk]),
    )
    contact = client.post(
        _web("membership_edit", a, membership_id=membership.pk),
        {
            "role": "partner",
            "joined_on": "2026-05-01",
            "contact_name": "Contact de A",
            "version": Membership.objects.get(pk=membership.pk).version,
        },
    )

    assert saved.status_code == 302
    shared.refresh_from_db()
    assert shared.name == "ASBL Porteuse B"  # the disabled identity was not taken from the post
    assert set(shared.life_basins.values_list("name", flat=True)) == {"Ville Haute", "Bassin de B"}
    assert contact.status_code == 302
    assert Membership.objects.get(consortium=cast.consortium_b, structure=shared).contact_name == "Contact choisi par B"
    a_page = client.get(_web("structure", a, structure_id=shared.pk)).content.decode()
    assert "Contact de A" in a_page and "Contact choisi par B" not in a_page and "Bassin de B" not in a_page


def test_archiving_a_shared_structure_is_refused_with_a_message(cast, world):
    client = cast.client("coordinator")
    response = client.post(
        _web("structure_archive", cast.consortium_a, structure_id=world["shared"].pk),
        {"action": "archive"},
        follow=True,
    )
    assert "partagée avec un autre consortium" in [str(m) for m in response.context["messages"]][0]
    assert not Structure.objects.get(pk=world["shared"].pk).is_archived


# --- a structure only B holds is 404 to A's users everywhere -------------------------------------------------


@pytest.mark.parametrize("actor", A_ROLES)
def test_a_structure_only_b_holds_is_404_to_every_user_of_a(cast, world, actor):
    """Its pages and endpoints answer as for a structure that does not exist: 404 (403 on a write page the user
    may not open at all, whatever the id)."""
    only_b, unknown = world["only_b"], 987_654
    client = cast.client(actor)
    for consortium in (cast.consortium_a, cast.consortium_b):
        assert client.get(_web("structure", consortium, structure_id=only_b.pk)).status_code == 404
        for name in ("structure_edit", "structure_delete"):
            status = client.get(_web(name, consortium, structure_id=only_b.pk)).status_code
            assert status == client.get(_web(name, consortium, structure_id=unknown)).status_code
            assert status in (403, 404) and (status == 404 or actor != "coordinator")
        archive = client.post(_web("structure_archive", consortium, structure_id=only_b.pk), {"action": "archive"})
        assert archive.status_code in (403, 404)
    assert client.get(_api_structure(only_b.pk)).status_code == 404
    for method in ("patch", "put", "delete"):
        assert _send(client, method, _api_structure(only_b.pk), {"name": "x"}).status_code == 404
    listed = client.get(reverse("structure-list")).json()["results"]
    assert only_b.pk not in {row["id"] for row in listed}
    assert only_b.pk not in {m["structure"] for m in client.get(_api_memberships(cast.consortium_a)).json()["results"]}
    assert client.get(_api_memberships(cast.consortium_b)).status_code == 404


def test_an_id_of_a_structure_a_cannot_see_is_refused_like_an_unknown_one(cast, world):
    client = cast.client("coordinator")
    url = _api_memberships(cast.consortium_a)
    hidden = _send(client, "post", url, {"structure": world["only_b"].pk, "role": "partner"})
    unknown = _send(client, "post", url, {"structure": 987_654, "role": "partner"})

    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json()["code"] == unknown.json()["code"] == "does_not_exist"
    assert hidden.json()["detail"].replace(str(world["only_b"].pk), "N") == unknown.json()["detail"].replace(
        "987654", "N"
    )
    assert not Membership.objects.filter(consortium=cast.consortium_a, structure=world["only_b"]).exists()


def test_a_structure_is_added_through_the_api_by_its_number(cast, world):
    client = cast.client("coordinator")
    number = world["only_b"].enterprise_number
    unknown = _send(
        client, "post", _api_memberships(cast.consortium_a), {"enterprise_number": "0403.123.486", "role": "partner"}
    )
    added = _send(
        client,
        "post",
        _api_memberships(cast.consortium_a),
        {"enterprise_number": "BE" + number.replace(".", ""), "role": "partner", "contact_name": "Contact de A"},
    )

    assert unknown.status_code == 400 and unknown.json()["code"] == "does_not_exist"
    assert added.status_code == 201, added.json()
    assert added.json()["structure"] == world["only_b"].pk and added.json()["contact_name"] == "Contact de A"
    assert Membership.objects.get(consortium=cast.consortium_b, structure=world["only_b"]).contact_name == (
        "Contact choisi par B"
    )


def test_the_duplicate_number_error_hides_the_id_of_a_structure_the_caller_cannot_see(cast, world):
    client = cast.client("coordinator")
    payload = {
        "name": "Copie",
        "legal_form": "asbl",
        "sector": "PP",
        "level": "meso",
        "consortium": cast.consortium_a.pk,
        "role": "member",
    }
    hidden = _send(
        client, "post", reverse("structure-list"), payload | {"enterprise_number": world["only_b"].enterprise_number}
    )
    seen = _send(
        client, "post", reverse("structure-list"), payload | {"enterprise_number": cast.member_a.enterprise_number}
    )

    assert hidden.status_code == 400 and hidden.json()["code"] == "duplicate_enterprise_number"
    assert "params" not in hidden.json() and "structure_id" not in hidden.content.decode()
    assert "ajoutez-la comme membre ou partenaire avec ce numéro" in hidden.json()["detail"]
    assert seen.json()["params"] == {"structure_id": str(cast.member_a.pk)}


# --- who may still change a structure's identity --------------------------------------------------------------


def test_the_platform_admin_corrects_a_shared_structure_for_everyone(cast, world):
    response = _send(
        cast.client("admin"), "patch", _api_structure(world["shared"].pk), {"name": "ASBL Porteuse B (corrigée)"}
    )
    assert response.status_code == 200, response.json()
    members = cast.client("outsider").get(_web("members", cast.consortium_b)).context["rows"]
    assert "ASBL Porteuse B (corrigée)" in {m.structure.name for m in members}
    structure_update(actor=cast.users["admin"], structure=world["shared"], data={"insolvency": "bankruptcy"})
    assert not selectors.eligibility_summary(cast.consortium_b).eligible


def test_the_sole_holder_still_edits_everything(cast, world):
    client = cast.client("outsider")  # B's coordinator, sole holder of only_b
    only_b = world["only_b"]
    patched = _send(client, "patch", _api_structure(only_b.pk), {"name": "ASBL Renommée par B", "level": "micro"})
    edited = client.post(
        _web("structure_edit", cast.consortium_b, structure_id=only_b.pk),
        _identity_form(
            Structure.objects.get(pk=only_b.pk), cast.consortium_b.territory, insolvency="judicial_reorganisation"
        ),
    )
    archived = client.post(_web("structure_archive", cast.consortium_b, structure_id=only_b.pk), {"action": "archive"})

    assert patched.status_code == 200, patched.json()
    assert edited.status_code == 302
    assert archived.status_code == 302
    only_b.refresh_from_db()
    assert (only_b.name, only_b.level, only_b.insolvency) == ("ASBL Renommée par B", "micro", "judicial_reorganisation")
    assert only_b.is_archived


def test_once_shared_the_former_sole_holder_asks_the_admin_too(cast, world):
    response = _send(cast.client("outsider"), "patch", _api_structure(world["shared"].pk), {"name": "Autre nom"})
    assert response.status_code == 400 and response.json()["code"] == "structure_shared"


def test_the_admin_edits_a_shared_structure_s_identity_on_the_web_form_too(cast, world):
    shared, b = world["shared"], cast.consortium_b
    client = cast.client("admin")
    form = client.get(_web("structure_edit", b, structure_id=shared.pk))
    assert not form.context["shared"] and not form.context["form"].fields["name"].disabled

    saved = client.post(
        _web("structure_edit", b, structure_id=shared.pk),
        _identity_form(shared, b.territory, name="ASBL Porteuse B (nom officiel)", life_basins=[world["basin_b"].pk]),
    )

    assert saved.status_code == 302
    shared.refresh_from_db()
    assert shared.name == "ASBL Porteuse B (nom officiel)"
    assert shared.history.first().history_user == cast.users["admin"]


def test_deleting_a_shared_structure_is_refused_and_offers_to_leave_it(cast, world):
    a, shared = cast.consortium_a, world["shared"]
    response = cast.client("coordinator").post(_web("structure_delete", a, structure_id=shared.pk), {"confirm": "on"})

    membership = Membership.objects.get(consortium=a, structure=shared)
    page = response.content.decode()
    assert response.status_code == 200
    assert "partagée avec un autre consortium" in page
    assert _web("membership_delete", a, membership_id=membership.pk) in page
    assert _web("structure_archive", a, structure_id=shared.pk) not in page


def test_a_shared_structure_s_history_does_not_name_the_people_of_the_other_consortium(cast, world):
    b_coordinator = cast.users["outsider"]
    b_coordinator.first_name, b_coordinator.last_name = "Bérénice", "DeBé"
    b_coordinator.save()
    only_b = world["only_b"]
    structure_update(actor=b_coordinator, structure=only_b, data={"name": "ASBL Seulement B (renommée)"})
    number = only_b.enterprise_number
    cast.client("coordinator").post(
        _web("structure_add_existing", cast.consortium_a),
        {"enterprise_number": number, "role": "partner", "joined_on": "2026-05-01"},
    )

    a_page = cast.client("viewer").get(_web("structure", cast.consortium_a, structure_id=only_b.pk))
    b_page = cast.client("outsider").get(_web("structure", cast.consortium_b, structure_id=only_b.pk))

    assert "Bérénice DeBé" not in a_page.content.decode()
    renamed = [e for e in a_page.context["history"] if e.changes and e.subject == "Fiche de la structure"]
    assert renamed and renamed[0].who is None and renamed[0].elsewhere
    assert "un autre consortium" in a_page.content.decode()
    assert "Bérénice DeBé" in b_page.content.decode()
