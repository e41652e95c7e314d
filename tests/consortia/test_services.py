"""The rules of the consortia services: each refusal has a stable code, a French message, and changes nothing."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from guardian.shortcuts import get_perms

from consortia.models import ConsortiumRole, LifeBasin, Membership, Structure, StructureLink, User
from consortia.services import links as link_services
from consortia.services import memberships as membership_services
from consortia.services import roles as role_services
from consortia.services import structures as structure_services
from ols_platform.errors import ConflictError, DomainError

from ..factories import (
    LifeBasinFactory,
    MembershipFactory,
    StructureFactory,
    StructureLinkFactory,
)

VALID = "0403.123.486"


def _data(**overrides):
    data = {
        "name": "ASBL Nouvelle",
        "legal_form": "asbl",
        "enterprise_number": "BE0403123486",
        "sector": "PP",
        "level": "meso",
        "focus": "health",
        "is_hospital": False,
        "is_insurer": False,
        "insolvency": "none",
        "is_aviq_approved": False,
    }
    return data | overrides


def _snapshot():
    """What the consortia tables hold, to assert that a refused write changed nothing."""
    return (
        sorted(Structure.objects.values_list("pk", "name", "enterprise_number", "archived_at", "is_hospital")),
        sorted(Membership.objects.values_list("pk", "role", "is_lead", "conflict_of_interest_note")),
        sorted(StructureLink.objects.values_list("pk", "kind")),
        sorted(ConsortiumRole.objects.values_list("pk", "role")),
        User.objects.count(),
    )


def _refused(code, call, **kwargs):
    before = _snapshot()
    with pytest.raises(DomainError) as exc:
        call(**kwargs)
    assert exc.value.code == code
    assert exc.value.message
    assert _snapshot() == before
    return exc.value


def _membership(cast, structure, consortium=None):
    return Membership.objects.get(consortium=consortium or cast.consortium_a, structure=structure)


# --- structure_create --------------------------------------------------------------------------------------


def test_it_creates_a_structure_with_its_membership_and_normalised_number(cast):
    basin = LifeBasin.objects.get(name="Ville Haute")
    membership = structure_services.structure_create(
        actor=cast.users["coordinator"],
        consortium=cast.consortium_a,
        role="partner",
        data=_data(life_basins=[basin]),
        membership_data={"conflict_of_interest_declared": True, "joined_on": datetime.date(2026, 3, 1)},
    )
    structure = membership.structure
    assert structure.enterprise_number == VALID
    assert list(structure.life_basins.all()) == [basin]
    assert (membership.consortium, membership.role, membership.is_lead) == (cast.consortium_a, "partner", False)
    assert membership.conflict_of_interest_declared and membership.joined_on == datetime.date(2026, 3, 1)
    assert structure.history.first().history_user == cast.users["coordinator"]


def test_it_refuses_a_number_already_registered_and_points_to_adding_the_existing_structure(cast):
    exc = _refused(
        "duplicate_enterprise_number",
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="member",
        data=_data(enterprise_number=cast.lead_b.enterprise_number.replace(".", "")),
    )
    assert "ajoutez-la comme membre ou partenaire avec ce numéro" in exc.message
    assert exc.field == "enterprise_number"
    assert "structure_id" not in exc.params  # nobody sees it: its id is not handed out


def test_the_duplicate_error_gives_the_id_of_a_structure_the_actor_already_sees(cast):
    exc = _refused(
        "duplicate_enterprise_number",
        structure_services.structure_create,
        actor=cast.users["admin"],
        consortium=cast.consortium_a,
        role="member",
        data=_data(enterprise_number=cast.lead_b.enterprise_number),
    )
    assert exc.params["structure_id"] == cast.lead_b.pk


def test_a_second_identical_create_is_refused_as_already_in_the_consortium(cast):
    structure_services.structure_create(actor=None, consortium=cast.consortium_a, role="member", data=_data())
    exc = _refused(
        "duplicate_enterprise_number",
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="member",
        data=_data(),
    )
    assert exc.message == f"ASBL Nouvelle (numéro {VALID}) fait déjà partie du consortium."


@pytest.mark.parametrize(
    ("number", "code", "message_start"),
    [
        ("0403.123.487", "enterprise_number_checksum", "Numéro d'entreprise invalide"),
        ("04O3123486", "enterprise_number_format", "Le numéro d'entreprise ne contient que des chiffres"),
        ("403123486", "enterprise_number_format", "Le numéro d'entreprise compte 10 chiffres"),
        ("04031234860", "enterprise_number_format", "Le numéro d'entreprise compte 10 chiffres"),
        ("", "enterprise_number_format", "Indiquez le numéro d'entreprise"),
    ],
)
def test_it_refuses_a_wrong_enterprise_number(cast, number, code, message_start):
    exc = _refused(
        code,
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="member",
        data=_data(enterprise_number=number),
    )
    assert exc.message.startswith(message_start)
    assert exc.field == "enterprise_number"


@pytest.mark.parametrize("flag", ["is_hospital", "is_insurer"])
def test_it_refuses_a_hospital_or_insurer_as_member_and_creates_nothing(cast, flag):
    exc = _refused(
        "excluded_member",
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="member",
        data=_data(**{flag: True, "sector": "SH"}),
    )
    assert "peut être partenaire, pas membre" in exc.message
    assert exc.field == "role"


@pytest.mark.parametrize("flag", ["is_hospital", "is_insurer"])
def test_it_accepts_a_hospital_or_insurer_as_partner(cast, flag):
    membership = structure_services.structure_create(
        actor=None, consortium=cast.consortium_a, role="partner", data=_data(**{flag: True})
    )
    assert membership.role == "partner"


def test_it_refuses_a_life_basin_of_another_territory(cast):
    elsewhere = LifeBasinFactory(territory=cast.consortium_b.territory)
    exc = _refused(
        "life_basin_outside_territory",
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="member",
        data=_data(life_basins=[elsewhere]),
    )
    assert exc.field == "life_basins"
    assert "Hautes Plaines" in exc.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"name": ""}, "name"), ({"name": "x" * 10_000}, "name"), ({"address": "y" * 10_000}, "address")],
)
def test_it_refuses_empty_and_overlong_fields(cast, overrides, field):
    contact = {key: overrides.pop(key) for key in list(overrides) if key in ("address", "contact_email")}
    exc = _refused(
        "invalid",
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="member",
        data=_data(**overrides),
        membership_data=contact,
    )
    assert exc.field == field


def test_it_refuses_an_unknown_role(cast):
    _refused(
        "invalid",
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="boss",
        data=_data(),
    )


# --- structure_update ------------------------------------------------------------------------------------


def test_it_updates_a_structure_with_the_version_it_was_loaded_from(cast):
    version = cast.member_a.version
    structure_services.structure_update(
        actor=cast.users["coordinator"],
        structure=cast.member_a,
        data={"name": "ASBL Renommée", "enterprise_number": cast.member_a.enterprise_number.replace(".", "")},
        expected_version=version,
    )
    cast.member_a.refresh_from_db()
    assert cast.member_a.name == "ASBL Renommée"
    assert cast.member_a.version == version + 1


def test_it_refuses_a_save_based_on_stale_data(cast):
    loaded = cast.member_a.version
    structure_services.structure_update(actor=None, structure=cast.member_a, data={"name": "Premier enregistrement"})
    exc = _refused(
        "conflict",
        structure_services.structure_update,
        actor=None,
        structure=cast.member_a,
        data={"name": "Second enregistrement"},
        expected_version=loaded,
    )
    assert isinstance(exc, ConflictError)
    assert exc.params["version"] == Structure.objects.get(pk=cast.member_a.pk).version == loaded + 1
    assert Structure.objects.get(pk=cast.member_a.pk).name == "Premier enregistrement"


def test_a_change_of_life_basins_alone_makes_the_loaded_version_stale(cast):
    territory = cast.consortium_a.territory
    loaded = _membership(cast, cast.member_a).life_basins_version
    structure_services.structure_set_life_basins(
        actor=None,
        structure=cast.member_a,
        life_basins=LifeBasin.objects.filter(name="Ville Haute"),
        territory=territory,
    )
    exc = _refused(
        "conflict",
        structure_services.structure_update,
        actor=None,
        structure=cast.member_a,
        data={"name": "x"},
        expected_version=cast.member_a.version,  # the identity did not change: only the bassins de vie did
        territory=territory,
        expected_life_basins_version=loaded,
    )
    assert exc.params == {"life_basins_version": loaded + 1}


def test_another_territorys_life_basins_never_make_the_loaded_version_stale(cast):
    territory = cast.consortium_a.territory
    loaded = _membership(cast, cast.member_a).life_basins_version
    structure_services.structure_set_life_basins(
        actor=None,
        structure=cast.member_a,
        life_basins=[LifeBasinFactory(territory=cast.consortium_b.territory)],
        territory=cast.consortium_b.territory,
    )
    structure_services.structure_update(
        actor=None,
        structure=cast.member_a,
        data={"name": "x"},
        expected_version=cast.member_a.version,
        territory=territory,
        expected_life_basins_version=loaded,
    )


def test_it_refuses_another_structures_number(cast):
    exc = _refused(
        "duplicate_enterprise_number",
        structure_services.structure_update,
        actor=None,
        structure=cast.member_a,
        data={"enterprise_number": cast.lead_a.enterprise_number},
    )
    assert "Une autre structure porte déjà le numéro" in exc.message


def test_it_refuses_to_flag_a_member_as_hospital(cast):
    exc = _refused(
        "excluded_member",
        structure_services.structure_update,
        actor=None,
        structure=cast.member_a,
        data={"is_hospital": True},
    )
    assert exc.field == "is_hospital"


def test_it_refuses_to_make_the_lead_anything_but_an_asbl(cast):
    _refused(
        "lead_must_be_asbl",
        structure_services.structure_update,
        actor=None,
        structure=cast.lead_a,
        data={"legal_form": "srl"},
    )


def test_it_sets_the_life_basins_of_one_territory_and_keeps_the_others(cast):
    basin_b = LifeBasinFactory(territory=cast.consortium_b.territory)
    cast.member_a.life_basins.add(basin_b)
    ville_haute = LifeBasin.objects.get(name="Ville Haute")
    structure_services.structure_update(
        actor=None,
        structure=cast.member_a,
        data={"life_basins": [ville_haute]},
        territory=cast.consortium_a.territory,
    )
    assert set(cast.member_a.life_basins.all()) == {basin_b, ville_haute}
    _refused(
        "life_basin_outside_territory",
        structure_services.structure_update,
        actor=None,
        structure=cast.member_a,
        data={"life_basins": [basin_b]},
        territory=cast.consortium_a.territory,
    )


# --- archive and delete ----------------------------------------------------------------------------------------


def test_it_archives_and_unarchives_a_structure_and_ignores_a_repeated_request(cast):
    structure_services.structure_archive(actor=None, structure=cast.member_a)
    cast.member_a.refresh_from_db()
    assert cast.member_a.is_archived
    entries = cast.member_a.history.count()
    structure_services.structure_archive(actor=None, structure=cast.member_a)
    assert cast.member_a.history.count() == entries
    structure_services.structure_archive(actor=None, structure=cast.member_a, archived=False)
    cast.member_a.refresh_from_db()
    assert not cast.member_a.is_archived


def test_it_refuses_to_archive_the_lead(cast):
    _refused("lead_removal", structure_services.structure_archive, actor=None, structure=cast.lead_a)


def test_it_deletes_a_structure_only_this_consortium_uses(cast):
    structure = structure_services.structure_create(
        actor=None, consortium=cast.consortium_a, role="member", data=_data(life_basins=LifeBasin.objects.all())
    ).structure
    structure_services.structure_delete(actor=None, structure=structure, consortium=cast.consortium_a)
    assert not Structure.objects.filter(pk=structure.pk).exists()
    assert not Membership.objects.filter(structure_id=structure.pk).exists()


def test_it_deletes_a_structure_nobody_uses(db):
    structure = StructureFactory()
    structure_services.structure_delete(actor=None, structure=structure)
    assert not Structure.objects.filter(pk=structure.pk).exists()


def test_it_refuses_to_delete_a_structure_another_consortium_uses_and_proposes_leaving_it(cast):
    shared = MembershipFactory(consortium=cast.consortium_a).structure
    MembershipFactory(consortium=cast.consortium_b, structure=shared)
    exc = _refused(
        "structure_in_use",
        structure_services.structure_delete,
        actor=None,
        structure=shared,
        consortium=cast.consortium_a,
    )
    assert "fait partie d'un autre consortium" in exc.message and "Retirez-la plutôt de votre consortium" in exc.message


def test_it_refuses_to_delete_a_structure_still_in_a_consortium(cast):
    _refused("structure_in_use", structure_services.structure_delete, actor=None, structure=cast.partner_a)


def test_it_refuses_to_delete_the_lead(cast):
    _refused(
        "lead_removal",
        structure_services.structure_delete,
        actor=None,
        structure=cast.lead_a,
        consortium=cast.consortium_a,
    )


def test_it_refuses_to_delete_a_structure_with_a_reporter_or_a_link(cast):
    # member_a has the structure reporter of the cast
    _refused(
        "membership_in_use",
        structure_services.structure_delete,
        actor=None,
        structure=cast.member_a,
        consortium=cast.consortium_a,
    )


# --- memberships -------------------------------------------------------------------------------------------


def test_it_adds_an_existing_structure_of_another_consortium(cast):
    membership = membership_services.membership_create(
        actor=None, consortium=cast.consortium_a, structure=cast.lead_b, role="partner"
    )
    assert membership.consortium == cast.consortium_a
    assert _membership(cast, cast.lead_b, cast.consortium_b).is_lead


def test_it_refuses_a_structure_already_in_the_consortium(cast):
    _refused(
        "already_member",
        membership_services.membership_create,
        actor=None,
        consortium=cast.consortium_a,
        structure=cast.member_a,
        role="member",
    )


def test_it_refuses_a_second_lead(cast):
    exc = _refused(
        "second_lead",
        membership_services.membership_create,
        actor=None,
        consortium=cast.consortium_a,
        structure=cast.lead_b,
        role="member",
        is_lead=True,
    )
    assert "désigner comme structure porteuse" in exc.message
    _refused(
        "second_lead",
        membership_services.membership_update,
        actor=None,
        membership=_membership(cast, cast.member_a),
        data={"is_lead": True},
    )


def test_it_refuses_an_archived_structure(cast):
    archived = StructureFactory(archived_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC))
    _refused(
        "structure_archived",
        membership_services.membership_create,
        actor=None,
        consortium=cast.consortium_a,
        structure=archived,
        role="member",
    )


def test_it_updates_a_membership_with_the_version_it_was_loaded_from(cast):
    membership = _membership(cast, cast.member_a)
    version = membership.version
    membership_services.membership_update(
        actor=None,
        membership=membership,
        data={"role": "partner", "conflict_of_interest_note": "Administrateur commun avec l'ASBL X."},
        expected_version=version,
    )
    membership.refresh_from_db()
    assert membership.role == "partner"
    _refused(
        "conflict",
        membership_services.membership_update,
        actor=None,
        membership=membership,
        data={"role": "member"},
        expected_version=version,
    )


def test_it_refuses_to_turn_a_hospital_partner_into_a_member(cast):
    _refused(
        "excluded_member",
        membership_services.membership_update,
        actor=None,
        membership=_membership(cast, cast.partner_a),
        data={"role": "member"},
    )


def test_it_refuses_to_remove_the_lead_flag_or_make_the_lead_a_partner(cast):
    lead = _membership(cast, cast.lead_a)
    _refused(
        "lead_removal", membership_services.membership_update, actor=None, membership=lead, data={"is_lead": False}
    )
    _refused(
        "lead_must_be_member",
        membership_services.membership_update,
        actor=None,
        membership=lead,
        data={"role": "partner"},
    )


def test_it_refuses_an_overlong_conflict_note(cast):
    exc = _refused(
        "invalid",
        membership_services.membership_update,
        actor=None,
        membership=_membership(cast, cast.member_a),
        data={"conflict_of_interest_note": "z" * 10_000},
    )
    assert exc.field == "conflict_of_interest_note"


def test_it_hands_the_lead_over_in_one_step(cast):
    membership_services.membership_make_lead(actor=None, membership=_membership(cast, cast.member_a))
    leads = list(Membership.objects.filter(consortium=cast.consortium_a, is_lead=True))
    assert [m.structure for m in leads] == [cast.member_a]
    assert _membership(cast, cast.lead_a).role == "member"


def test_making_the_lead_lead_again_changes_nothing(cast):
    lead = _membership(cast, cast.lead_a)
    before = _snapshot()
    membership_services.membership_make_lead(actor=None, membership=lead)
    assert _snapshot() == before


def test_it_refuses_a_lead_that_is_not_an_asbl_member(cast):
    srl = MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(legal_form="srl"))
    exc = _refused("lead_must_be_asbl", membership_services.membership_make_lead, actor=None, membership=srl)
    assert "doit être une ASBL" in exc.message
    _refused(
        "lead_must_be_member",
        membership_services.membership_make_lead,
        actor=None,
        membership=_membership(cast, cast.partner_a),
    )


def test_it_refuses_to_remove_the_lead_from_the_consortium(cast):
    _refused(
        "lead_removal", membership_services.membership_delete, actor=None, membership=_membership(cast, cast.lead_a)
    )


def test_it_refuses_to_remove_a_structure_with_links_in_the_consortium(cast):
    partner = MembershipFactory(consortium=cast.consortium_a).structure
    StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=partner)
    _refused(
        "membership_in_use", membership_services.membership_delete, actor=None, membership=_membership(cast, partner)
    )


def test_it_removes_a_membership_and_keeps_the_structure(cast):
    membership_services.membership_delete(actor=None, membership=_membership(cast, cast.partner_a))
    assert not Membership.objects.filter(consortium=cast.consortium_a, structure=cast.partner_a).exists()
    assert Structure.objects.filter(pk=cast.partner_a.pk).exists()


def test_a_membership_removed_meanwhile_is_reported_not_crashed(cast):
    membership = _membership(cast, cast.partner_a)
    Membership.objects.filter(pk=membership.pk).delete()
    _refused(
        "not_found", membership_services.membership_update, actor=None, membership=membership, data={"role": "partner"}
    )


# --- links ---------------------------------------------------------------------------------------------------


def test_it_links_two_meso_structures_of_the_consortium(cast):
    link = link_services.link_create(
        actor=None, consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a, kind="OG", note=" CA "
    )
    assert (link.kind, link.note) == ("OG", "CA")


@pytest.mark.parametrize(
    ("target", "code"),
    [("lead_b", "not_in_consortium"), ("lead_a", "link_to_itself"), ("micro", "link_not_meso")],
)
def test_it_refuses_a_link_outside_the_consortium_to_itself_or_not_meso(cast, target, code):
    if target == "micro":
        structure = MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(level="micro")).structure
    else:
        structure = getattr(cast, target)
    _refused(
        code,
        link_services.link_create,
        actor=None,
        consortium=cast.consortium_a,
        source=cast.lead_a,
        target=structure,
        kind="PA",
    )


def test_it_refuses_a_duplicate_link_and_an_unknown_kind(cast):
    link_services.link_create(
        actor=None, consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a, kind="S"
    )
    for kind, code in (("S", "duplicate_link"), ("XX", "invalid")):
        _refused(
            code,
            link_services.link_create,
            actor=None,
            consortium=cast.consortium_a,
            source=cast.lead_a,
            target=cast.member_a,
            kind=kind,
        )


def test_removing_a_link_twice_is_harmless(cast):
    link = StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a)
    link_services.link_delete(actor=None, link=link)
    link_services.link_delete(actor=None, link=link)
    assert not StructureLink.objects.filter(pk=link.pk).exists()


# --- invitations and roles -----------------------------------------------------------------------------------


def test_it_invites_a_new_person_with_a_password_link(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        grant = role_services.invite_to_consortium(
            actor=cast.users["coordinator"],
            consortium=cast.consortium_a,
            email=" Nouvelle@Exemple.test ",
            role="accountant",
        )
    user = User.objects.get(email="nouvelle@exemple.test")
    assert grant.user == user and not user.has_usable_password()
    assert set(get_perms(user, cast.consortium_a)) >= {"view_consortium", "edit_budget"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nouvelle@exemple.test"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_gives_a_role_to_an_existing_account_and_tells_them(cast, django_capture_on_commit_callbacks):
    person = cast.users["viewer"]
    with django_capture_on_commit_callbacks(execute=True):
        role_services.invite_to_consortium(
            actor=None, consortium=cast.consortium_a, email=person.email.upper(), role="governance"
        )
    assert set(ConsortiumRole.objects.filter(user=person).values_list("role", flat=True)) == {"viewer", "governance"}
    assert len(mail.outbox) == 1 and "OLS A" in mail.outbox[0].subject + mail.outbox[0].body


def test_it_refuses_to_invite_someone_who_already_has_the_role(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exc = _refused(
            "duplicate_role",
            role_services.invite_to_consortium,
            actor=None,
            consortium=cast.consortium_a,
            email="viewer@a.test",
            role="viewer",
        )
    assert "a déjà ce rôle" in exc.message
    assert mail.outbox == []


def test_it_refuses_a_reporter_without_a_structure_of_the_consortium(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for structure in (None, cast.lead_b):
            exc = _refused(
                "reporter_needs_structure",
                role_services.invite_to_consortium,
                actor=None,
                consortium=cast.consortium_a,
                email="rapporteur@exemple.test",
                role="structure_reporter",
                structure=structure,
            )
            assert exc.field == "structure"
    assert mail.outbox == []


def test_it_refuses_an_invalid_address(cast):
    for email, code in (("", "invalid"), ("pas-une-adresse", "invalid"), ("a" * 10_000 + "@x.be", "invalid")):
        _refused(
            code,
            role_services.invite_to_consortium,
            actor=None,
            consortium=cast.consortium_a,
            email=email,
            role="viewer",
        )


def test_revoking_a_role_removes_its_permissions_and_a_second_revoke_is_harmless(cast):
    grant = ConsortiumRole.objects.get(consortium=cast.consortium_a, user=cast.users["accountant"])
    role_services.role_revoke(actor=cast.users["coordinator"], grant=grant)
    role_services.role_revoke(actor=cast.users["coordinator"], grant=grant)
    assert get_perms(cast.users["accountant"], cast.consortium_a) == []


def test_the_last_coordinator_cannot_revoke_themselves(cast):
    coordinator = cast.users["coordinator"]
    grant = ConsortiumRole.objects.get(consortium=cast.consortium_a, user=coordinator)
    _refused("last_coordinator", role_services.role_revoke, actor=coordinator, grant=grant)


# --- concurrency (PostgreSQL: select_for_update means something there) ---------------------------------------


def _race(*calls):
    """Run the calls at the same time, each in its own thread and database connection; return their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_version_let_exactly_one_through():
    from tests.conftest import build_cast

    cast = build_cast()
    loaded = cast.member_a.version
    outcomes = _race(
        *(
            (
                lambda name=name: structure_services.structure_update(
                    actor=None, structure=cast.member_a, data={"name": name}, expected_version=loaded
                )
            )
            for name in ("Version Une", "Version Deux")
        )
    )
    saved = [o for o in outcomes if isinstance(o, Structure)]
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert Structure.objects.get(pk=cast.member_a.pk).name == saved[0].name


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_creates_of_the_same_structure_make_one_and_refuse_the_other():
    from tests.conftest import build_cast

    cast = build_cast()
    outcomes = _race(
        *(
            (
                lambda: structure_services.structure_create(
                    actor=None, consortium=cast.consortium_a, role="member", data=_data()
                )
            )
            for _ in range(2)
        )
    )
    created = [o for o in outcomes if isinstance(o, Membership)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(created) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "duplicate_enterprise_number"
    assert Structure.objects.filter(enterprise_number=VALID).count() == 1


def test_it_refuses_a_life_basin_that_is_not_an_id(cast):
    _refused(
        "life_basin_outside_territory",
        structure_services.structure_create,
        actor=None,
        consortium=cast.consortium_a,
        role="member",
        data=_data(life_basins=["abc"]),
    )
