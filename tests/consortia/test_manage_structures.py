"""The coordinator's structure pages: add a new or an existing structure, edit (with stale-save refusal),
archive, delete. Every refusal shows a French message and changes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consortia.models import LifeBasin, Membership, Structure
from consortia.services.structures import structure_update

from ..factories import LifeBasinFactory, MembershipFactory, StructureFactory

VALID = "0403.123.486"


def _url(name, cast, **kwargs):
    return reverse(f"consortia:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def _form(**overrides):
    data = {
        "role": "member",
        "joined_on": "2026-02-01",
        "conflict_of_interest_declared": "on",
        "name": "ASBL Les Tilleuls",
        "enterprise_number": "0403123486",
        "legal_form": "asbl",
        "sector": "PP",
        "level": "meso",
        "focus": "health",
        "insolvency": "none",
        "contact_name": "Anne Dupont",
        "contact_email": "anne@tilleuls.be",
        "contact_phone": "+32 81 00 00 00",
        "address": "Rue des Tilleuls 1, 5000 Namur",
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


def _edit_form(structure, **overrides):
    """The edit form as the page fills it for `structure`."""
    data = {
        field: getattr(structure, field)
        for field in ("name", "enterprise_number", "legal_form", "sector", "level", "focus", "insolvency")
    }
    data |= {flag: "on" for flag in ("is_hospital", "is_insurer", "is_aviq_approved") if getattr(structure, flag)}
    territory = structure.consortia.order_by("pk").first().territory
    data["life_basins"] = [basin.pk for basin in structure.life_basins.filter(territory=territory)]
    data |= _versions(structure, territory)
    return data | overrides


def _versions(structure, territory) -> dict:
    """The versions the edit page loads now: the structure's, and its bassins de vie's in `territory`."""
    membership = Membership.objects.get(structure=structure, consortium__territory=territory)
    return {
        "version": Structure.objects.get(pk=structure.pk).version,
        "life_basins_version": membership.life_basins_version,
    }


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _state():
    return (
        sorted(Structure.objects.values_list("pk", "name", "enterprise_number", "is_hospital", "archived_at")),
        sorted(Membership.objects.values_list("pk", "consortium_id", "structure_id", "role", "is_lead")),
    )


# --- add a new structure ---------------------------------------------------------------------------------


def test_the_create_form_offers_only_the_territorys_life_basins(cast):
    LifeBasinFactory(territory=cast.consortium_b.territory, name="Bassin d'ailleurs")
    response = cast.client("coordinator").get(_url("structure_create", cast))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ville Haute" in page and "Trois Vallées" in page
    assert "Bassin d&#x27;ailleurs" not in page and "Bassin d'ailleurs" not in page


def test_it_prefills_the_number_searched_for(cast):
    response = cast.client("coordinator").get(_url("structure_create", cast) + "?enterprise_number=BE0403123486")
    assert response.context["form"]["enterprise_number"].value() == "BE0403123486"


@pytest.mark.parametrize("typed", ["0123456749", "0123.456.749", "BE0123456749"])
def test_it_creates_a_structure_and_its_membership_from_any_usual_spelling(cast, typed):
    basin = LifeBasin.objects.get(name="Ville Haute")
    response = cast.client("coordinator").post(
        _url("structure_create", cast), _form(enterprise_number=typed, life_basins=[basin.pk])
    )
    structure = Structure.objects.get(name="ASBL Les Tilleuls")
    assert response.status_code == 302
    assert response["Location"] == _url("structure", cast, structure_id=structure.pk)
    assert structure.enterprise_number == "0123.456.749"
    assert list(structure.life_basins.all()) == [basin]
    membership = structure.memberships.get()
    assert (membership.consortium, membership.role, membership.is_lead) == (cast.consortium_a, "member", False)
    assert membership.conflict_of_interest_declared


def test_the_platform_admin_may_add_a_structure(cast):
    response = cast.client("admin").post(_url("structure_create", cast), _form(role="partner"))
    assert response.status_code == 302
    assert Structure.objects.get(enterprise_number=VALID).memberships.get().role == "partner"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0403.123.487", "le chiffre de contrôle (modulo 97) ne correspond pas"),
        ("04031234AB", "ne contient que des chiffres"),
        ("403123486", "compte 10 chiffres"),
        ("04031234860", "compte 10 chiffres"),
        ("", "Ce champ est obligatoire."),
        ("1" * 10_000, "au plus 30 caractères"),
    ],
)
def test_it_refuses_a_wrong_enterprise_number_with_a_french_message(cast, number, message):
    before = _state()
    response = cast.client("coordinator").post(_url("structure_create", cast), _form(enterprise_number=number))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["enterprise_number"])
    assert _state() == before


def test_it_refuses_a_number_already_registered_and_links_to_adding_it(cast):
    before = _state()
    response = cast.client("coordinator").post(
        _url("structure_create", cast), _form(enterprise_number=cast.lead_b.enterprise_number)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ajoutez-la comme membre ou partenaire avec ce numéro" in page
    assert _url("structure_add_existing", cast) + "?enterprise_number=" in page
    assert _state() == before


def test_a_double_submit_of_the_create_form_is_refused_as_a_duplicate(cast):
    client = cast.client("coordinator")
    first = client.post(_url("structure_create", cast), _form())
    second = client.post(_url("structure_create", cast), _form())
    assert first.status_code == 302
    assert second.status_code == 200
    assert second.context["form"].errors["enterprise_number"] == [
        f"ASBL Les Tilleuls (numéro {VALID}) fait déjà partie du consortium."
    ]
    assert Structure.objects.filter(enterprise_number=VALID).count() == 1


@pytest.mark.parametrize("flag", ["is_hospital", "is_insurer"])
def test_it_refuses_a_hospital_or_insurer_as_member_but_accepts_it_as_partner(cast, flag):
    client = cast.client("coordinator")
    before = _state()
    refused = client.post(_url("structure_create", cast), _form(**{flag: "on"}))
    assert refused.status_code == 200
    assert "peut être partenaire, pas membre" in refused.context["form"].errors["role"][0]
    assert _state() == before
    accepted = client.post(_url("structure_create", cast), _form(role="partner", **{flag: "on"}))
    assert accepted.status_code == 302


def test_it_refuses_a_life_basin_of_another_territory_posted_by_hand(cast):
    elsewhere = LifeBasinFactory(territory=cast.consortium_b.territory)
    before = _state()
    response = cast.client("coordinator").post(_url("structure_create", cast), _form(life_basins=[elsewhere.pk]))
    assert response.status_code == 200
    assert "life_basins" in response.context["form"].errors
    assert _state() == before


def test_it_refuses_an_empty_form_and_overlong_fields(cast):
    client = cast.client("coordinator")
    before = _state()
    empty = client.post(_url("structure_create", cast), {})
    assert empty.status_code == 200
    assert empty.context["form"].errors["name"] == ["Ce champ est obligatoire."]
    assert empty.context["form"].errors["role"] == ["Ce champ est obligatoire."]
    long = client.post(_url("structure_create", cast), _form(name="x" * 10_000, address="y" * 10_000))
    assert long.status_code == 200
    assert "au plus 200 caractères" in long.context["form"].errors["name"][0]
    assert "au plus 250 caractères" in long.context["form"].errors["address"][0]
    assert _state() == before


# --- add an existing structure ---------------------------------------------------------------------------


def test_it_finds_a_structure_of_another_consortium_by_number_and_adds_it_as_partner(cast):
    client = cast.client("coordinator")
    number = cast.lead_b.enterprise_number.replace(".", "")
    search = client.get(_url("structure_add_existing", cast), {"enterprise_number": f"BE{number}"})
    assert search.status_code == 200
    assert search.context["found"] == cast.lead_b
    response = client.post(
        _url("structure_add_existing", cast) + f"?enterprise_number=BE{number}",
        {"enterprise_number": f"BE{number}", "role": "partner", "joined_on": "2026-05-01"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("structure", cast, structure_id=cast.lead_b.pk)
    membership = Membership.objects.get(consortium=cast.consortium_a, structure=cast.lead_b)
    assert (membership.role, membership.is_lead) == ("partner", False)
    assert Membership.objects.get(consortium=cast.consortium_b, structure=cast.lead_b).is_lead


def test_it_says_when_no_structure_has_the_number_and_offers_to_create_it(cast):
    response = cast.client("coordinator").get(_url("structure_add_existing", cast), {"enterprise_number": VALID})
    page = response.content.decode()
    assert response.context["found"] is None
    assert f"Aucune structure n'est enregistrée avec le numéro {VALID}" in page
    assert _url("structure_create", cast) + "?enterprise_number=" in page


def test_the_search_refuses_a_wrong_number(cast):
    response = cast.client("coordinator").get(_url("structure_add_existing", cast), {"enterprise_number": "12AB"})
    assert response.status_code == 200
    assert "ne contient que des chiffres" in response.context["find_form"].errors["enterprise_number"][0]


def test_it_says_a_structure_is_already_in_the_consortium(cast):
    response = cast.client("coordinator").get(
        _url("structure_add_existing", cast), {"enterprise_number": cast.member_a.enterprise_number}
    )
    assert response.context["already"].structure == cast.member_a
    assert "fait déjà partie du consortium" in response.content.decode()


def test_adding_an_existing_hospital_as_member_or_a_structure_twice_is_refused(cast):
    hospital = StructureFactory(is_hospital=True, sector="SH", legal_form="other")
    archived = StructureFactory(archived_at=timezone.now())
    client = cast.client("coordinator")
    before = _state()

    def add(number, role="member"):
        return client.post(
            _url("structure_add_existing", cast), {"enterprise_number": number, "role": role, "joined_on": "2026-05-01"}
        )

    assert "peut être partenaire, pas membre" in add(hospital.enterprise_number).context["add_form"].errors["role"][0]
    assert "fait déjà partie du consortium" in add(cast.member_a.enterprise_number).content.decode()
    assert f"Aucune structure n&#x27;est enregistrée avec le numéro {VALID}" in add(VALID).content.decode()
    assert "est archivée" in add(archived.enterprise_number).content.decode()
    assert "ne contient que des chiffres" in add("12AB").content.decode()
    assert _state() == before


# --- edit ------------------------------------------------------------------------------------------------


def test_it_edits_a_structure_and_its_life_basins(cast):
    basin = LifeBasin.objects.get(name="Trois Vallées")
    response = cast.client("coordinator").post(
        _url("structure_edit", cast, structure_id=cast.member_a.pk),
        _edit_form(cast.member_a, name="ASBL Membre A (nouveau nom)", life_basins=[basin.pk], focus="social"),
    )
    assert response.status_code == 302
    assert response["Location"] == _url("structure", cast, structure_id=cast.member_a.pk)
    cast.member_a.refresh_from_db()
    assert (cast.member_a.name, cast.member_a.focus) == ("ASBL Membre A (nouveau nom)", "social")
    assert list(cast.member_a.life_basins.all()) == [basin]
    assert cast.member_a.history.first().history_user == cast.users["coordinator"]


def test_it_answers_404_for_a_structure_of_another_consortium(cast):
    client = cast.client("coordinator")
    for name in ("structure_edit", "structure_delete"):
        assert client.get(_url(name, cast, structure_id=cast.lead_b.pk)).status_code == 404
    before = _state()
    assert (
        client.post(_url("structure_edit", cast, structure_id=cast.lead_b.pk), _edit_form(cast.lead_b)).status_code
        == 404
    )
    assert (
        client.post(_url("structure_archive", cast, structure_id=cast.lead_b.pk), {"action": "archive"}).status_code
        == 404
    )
    assert (
        client.post(_url("structure_delete", cast, structure_id=cast.lead_b.pk), {"confirm": "on"}).status_code == 404
    )
    assert _state() == before


def test_a_save_based_on_stale_data_is_refused_and_shows_the_current_values(cast):
    client = cast.client("coordinator")
    loaded = _edit_form(cast.member_a)  # the form as it was opened
    structure_update(
        actor=cast.users["admin"], structure=cast.member_a, data={"name": "Nom choisi par l'admin", "sector": "SSS"}
    )
    stale = client.post(
        _url("structure_edit", cast, structure_id=cast.member_a.pk), loaded | {"name": "Mon nom", "sector": "SM"}
    )
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Quelqu&#x27;un a modifié" in page
    assert "Nom choisi par l&#x27;admin" in page and "SSS · Système social santé" in page
    assert {row["label"] for row in stale.context["conflicts"]} == {"Nom", "Secteur"}
    cast.member_a.refresh_from_db()
    assert cast.member_a.name == "Nom choisi par l'admin"
    # The refused form now carries the current version: saving again, informed, goes through.
    current = cast.member_a.version
    assert stale.context["form"]["version"].value() == current
    again = client.post(
        _url("structure_edit", cast, structure_id=cast.member_a.pk),
        loaded | {"name": "Mon nom", "sector": "SM", "version": current},
    )
    assert again.status_code == 302
    cast.member_a.refresh_from_db()
    assert cast.member_a.name == "Mon nom"


def test_editing_refuses_to_flag_a_member_as_hospital(cast):
    before = _state()
    response = cast.client("coordinator").post(
        _url("structure_edit", cast, structure_id=cast.member_a.pk), _edit_form(cast.member_a, is_hospital="on")
    )
    assert response.status_code == 200
    assert "ne peut être que partenaire" in response.context["form"].errors["is_hospital"][0]
    assert _state() == before


def test_editing_refuses_another_structures_number_and_a_missing_version(cast):
    client = cast.client("coordinator")
    before = _state()
    taken = client.post(
        _url("structure_edit", cast, structure_id=cast.member_a.pk),
        _edit_form(cast.member_a, enterprise_number=cast.lead_b.enterprise_number),
    )
    assert "Une autre structure porte déjà le numéro" in taken.context["form"].errors["enterprise_number"][0]
    no_version = _edit_form(cast.member_a)
    del no_version["version"]
    missing = client.post(_url("structure_edit", cast, structure_id=cast.member_a.pk), no_version)
    assert missing.status_code == 200 and "version" in missing.context["form"].errors
    assert _state() == before


# --- archive and delete ----------------------------------------------------------------------------------


def test_it_archives_and_unarchives_a_structure(cast):
    client = cast.client("coordinator")
    url = _url("structure_archive", cast, structure_id=cast.member_a.pk)
    assert client.post(url, {"action": "archive"})["Location"] == _url("structure", cast, structure_id=cast.member_a.pk)
    cast.member_a.refresh_from_db()
    assert cast.member_a.is_archived
    client.post(url, {"action": "unarchive"})
    cast.member_a.refresh_from_db()
    assert not cast.member_a.is_archived


def test_archiving_the_lead_or_an_unknown_action_is_refused_with_a_message(cast):
    client = cast.client("coordinator")
    before = _state()
    lead = client.post(_url("structure_archive", cast, structure_id=cast.lead_a.pk), {"action": "archive"}, follow=True)
    assert any("structure porteuse" in m for m in _messages(lead))
    odd = client.post(_url("structure_archive", cast, structure_id=cast.member_a.pk), {"action": "drop"}, follow=True)
    assert any("Action inconnue" in m for m in _messages(odd))
    assert client.get(_url("structure_archive", cast, structure_id=cast.member_a.pk)).status_code == 405
    assert _state() == before


def test_it_deletes_a_structure_only_this_consortium_uses(cast):
    structure = MembershipFactory(consortium=cast.consortium_a, role="partner").structure
    client = cast.client("coordinator")
    page = client.get(_url("structure_delete", cast, structure_id=structure.pk))
    assert page.status_code == 200
    assert f"{structure.name} sera retirée du consortium « OLS A », puis supprimée" in page.content.decode()
    response = client.post(_url("structure_delete", cast, structure_id=structure.pk), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == _url("members", cast)
    assert not Structure.objects.filter(pk=structure.pk).exists()


def test_deleting_needs_a_confirmation(cast):
    structure = MembershipFactory(consortium=cast.consortium_a, role="partner").structure
    before = _state()
    response = cast.client("coordinator").post(_url("structure_delete", cast, structure_id=structure.pk), {})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["Cochez « Je confirme » pour continuer."]
    assert _state() == before


def test_deleting_a_structure_another_consortium_holds_is_refused_and_leaving_it_is_proposed(cast):
    shared = MembershipFactory(consortium=cast.consortium_a, role="partner").structure
    MembershipFactory(consortium=cast.consortium_b, structure=shared)
    before = _state()
    response = cast.client("coordinator").post(
        _url("structure_delete", cast, structure_id=shared.pk), {"confirm": "on"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ne peut pas être supprimée. Retirez-la plutôt de votre consortium." in page
    membership = Membership.objects.get(consortium=cast.consortium_a, structure=shared)
    assert _url("membership_delete", cast, membership_id=membership.pk) in page
    assert _url("structure_archive", cast, structure_id=shared.pk) not in page
    assert _state() == before


def test_deleting_the_lead_is_refused(cast):
    before = _state()
    response = cast.client("coordinator").post(
        _url("structure_delete", cast, structure_id=cast.lead_a.pk), {"confirm": "on"}
    )
    assert "structure porteuse" in response.content.decode()
    assert _state() == before


# --- query counts ----------------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_form_pages_use_a_fixed_number_of_queries(cast):
    client = cast.client("coordinator")
    urls = [
        _url("structure_create", cast),
        _url("structure_edit", cast, structure_id=cast.member_a.pk),
        _url("structure_add_existing", cast) + f"?enterprise_number={cast.member_a.enterprise_number}",
        _url("structure_delete", cast, structure_id=cast.member_a.pk),
    ]
    client.get(urls[0])  # warm the session and user caches
    small = [_count(client, url) for url in urls]
    for _ in range(15):
        basin = LifeBasinFactory(territory=cast.consortium_a.territory)
        cast.member_a.life_basins.add(basin)
        MembershipFactory(consortium=cast.consortium_a).structure.life_basins.add(basin)
        MembershipFactory(consortium=cast.consortium_b, structure=cast.member_a) if _ == 0 else None
    large = [_count(client, url) for url in urls]
    assert large == small
