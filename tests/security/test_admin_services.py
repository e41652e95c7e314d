"""Every write of the Django admin goes through the services (or is not offered): their rules hold there too, and
a refusal is a message on the page, never a 500."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail

from consortia.models import Consortium, LifeBasin, Membership, Territory, User
from ols_platform.models import ActionLog
from tests.factories import StructureFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(cast):
    return cast.client("admin")


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


# --- structures: read-only -------------------------------------------------------------------------------------


def test_it_refuses_to_tick_is_hospital_on_a_member_structure(cast, admin_client):
    member = cast.member_a
    response = admin_client.post(
        f"/admin/consortia/structure/{member.pk}/change/",
        {"name": member.name, "enterprise_number": member.enterprise_number, "is_hospital": "on"},
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert not member.is_hospital
    assert admin_client.get(f"/admin/consortia/structure/{member.pk}/change/").status_code == 200  # still readable
    assert admin_client.get("/admin/consortia/structure/add/").status_code == 403


# --- territories and bassins de vie -----------------------------------------------------------------------------


def _territory_form(territory, basins=(), **changes):
    data = {
        "name": territory.name,
        "population": territory.population,
        "life_basins-TOTAL_FORMS": str(len(basins)),
        "life_basins-INITIAL_FORMS": str(sum(1 for basin in basins if basin.get("id"))),
        "life_basins-MIN_NUM_FORMS": "0",
        "life_basins-MAX_NUM_FORMS": "1000",
    }
    for index, basin in enumerate(basins):
        for key, value in basin.items():
            data[f"life_basins-{index}-{key}"] = value
        data[f"life_basins-{index}-territory"] = territory.pk
    data.update(changes)
    return data


def test_a_territory_edit_goes_through_the_service(cast, admin_client):
    territory = cast.consortium_a.territory
    url = f"/admin/consortia/territory/{territory.pk}/change/"
    basins = [{"id": b.pk, "name": b.name, "population": b.population} for b in territory.life_basins.all()]
    response = admin_client.post(url, _territory_form(territory, basins, population=400_000), follow=True)
    assert response.status_code == 200
    territory.refresh_from_db()
    assert territory.population == 400_000
    assert territory.history.first().history_user == cast.users["admin"]


def test_a_territory_cannot_take_another_ones_name_in_other_case(cast, admin_client):
    territory = cast.consortium_a.territory
    response = admin_client.post(
        f"/admin/consortia/territory/{territory.pk}/change/",
        _territory_form(territory, name="TERRITOIRE B"),
        follow=True,
    )
    assert response.status_code == 200
    assert "Un territoire porte déjà ce nom." in _messages(response)
    territory.refresh_from_db()
    assert territory.name == "Hautes Plaines"


def test_a_bassin_de_vie_in_use_is_not_deleted_from_the_inline(cast, admin_client):
    territory = cast.consortium_a.territory
    basin = territory.life_basins.get(name="Ville Haute")
    cast.member_a.life_basins.add(basin)
    basins = [
        {"id": b.pk, "name": b.name, "population": b.population, **({"DELETE": "on"} if b == basin else {})}
        for b in territory.life_basins.all()
    ]
    response = admin_client.post(
        f"/admin/consortia/territory/{territory.pk}/change/", _territory_form(territory, basins), follow=True
    )
    assert response.status_code == 200
    assert "est utilisé" in _messages(response)
    assert LifeBasin.objects.filter(pk=basin.pk).exists()
    assert cast.member_a.life_basins.filter(pk=basin.pk).exists()


def test_bassins_de_vie_are_added_and_renamed_through_the_services(cast, admin_client):
    territory = TerritoryFactory(name="Nouveau territoire")
    basin = LifeBasin.objects.create(territory=territory, name="Ancien nom", population=1000)
    basins = [
        {"id": basin.pk, "name": "Nouveau nom", "population": 1000},
        {"name": "Deuxième bassin", "population": 2000},
    ]
    response = admin_client.post(
        f"/admin/consortia/territory/{territory.pk}/change/", _territory_form(territory, basins), follow=True
    )
    assert response.status_code == 200
    assert sorted(territory.life_basins.values_list("name", flat=True)) == ["Deuxième bassin", "Nouveau nom"]
    assert LifeBasin.history.filter(name="Deuxième bassin").first().history_user == cast.users["admin"]


def test_a_territory_with_a_consortium_is_not_deleted(cast, admin_client):
    territory = cast.consortium_a.territory
    response = admin_client.post(f"/admin/consortia/territory/{territory.pk}/delete/", {"post": "yes"}, follow=True)
    assert response.status_code in (200, 403)
    assert Territory.objects.filter(pk=territory.pk).exists()


# --- consortia -------------------------------------------------------------------------------------------------


def test_a_consortium_is_created_with_its_lead_through_the_service(cast, admin_client):
    territory = TerritoryFactory(name="Territoire C")
    lead = StructureFactory(name="ASBL Porteuse C")
    response = admin_client.post(
        "/admin/consortia/consortium/add/",
        {
            "name": "OLS C",
            "territory": territory.pk,
            "lead_structure": lead.pk,
            "status": "active",
            "start_date": "01/01/2026",
        },
        follow=True,
    )
    assert response.status_code == 200, response.content.decode()[:500]
    consortium = Consortium.objects.get(name="OLS C")
    assert Membership.objects.get(consortium=consortium).structure == lead
    assert Membership.objects.get(consortium=consortium).is_lead


def test_a_consortium_led_by_a_non_asbl_is_refused_with_a_message(cast, admin_client):
    territory = TerritoryFactory(name="Territoire D")
    lead = StructureFactory(name="Société D", legal_form="srl")
    response = admin_client.post(
        "/admin/consortia/consortium/add/",
        {
            "name": "OLS D",
            "territory": territory.pk,
            "lead_structure": lead.pk,
            "status": "active",
            "start_date": "01/01/2026",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "ASBL" in _messages(response)
    assert not Consortium.objects.filter(name="OLS D").exists()


def test_a_consortium_keeps_its_territory_and_cannot_be_deleted(cast, admin_client):
    consortium = cast.consortium_a
    other = TerritoryFactory(name="Ailleurs")
    response = admin_client.post(
        f"/admin/consortia/consortium/{consortium.pk}/change/",
        {"name": "OLS A renommé", "territory": other.pk, "status": "active", "start_date": "01/01/2026"},
        follow=True,
    )
    assert response.status_code == 200
    consortium.refresh_from_db()
    assert (consortium.name, consortium.territory_id) == ("OLS A renommé", cast.consortium_a.territory_id)
    assert consortium.history.first().history_user == cast.users["admin"]
    assert admin_client.post(f"/admin/consortia/consortium/{consortium.pk}/delete/", {"post": "yes"}).status_code == 403


# --- users -----------------------------------------------------------------------------------------------------


def test_a_user_added_in_the_admin_is_invited_without_a_password(
    cast, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/consortia/user/add/",
            {"email": "New.Reviewer@AVIQ.test", "first_name": "Nina", "last_name": "Nouvelle", "aviq_reviewer": "on"},
            follow=True,
        )
    assert response.status_code == 200
    user = User.objects.get(email="new.reviewer@aviq.test")
    assert user.aviq_reviewer and not user.has_usable_password()
    assert mail.outbox[-1].to == ["new.reviewer@aviq.test"]


def test_the_admin_sets_no_password(cast, admin_client):
    viewer = cast.users["viewer"]
    assert admin_client.get(f"/admin/consortia/user/{viewer.pk}/password/").status_code in (302, 404)
    response = admin_client.post(
        f"/admin/consortia/user/{viewer.pk}/password/", {"password1": "Autre-mot-2026!", "password2": "Autre-mot-2026!"}
    )
    assert response.status_code in (302, 404)
    viewer.refresh_from_db()
    assert viewer.check_password("correct-horse-battery")


def _user_form(user, **changes):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        **({"aviq_reviewer": "on"} if user.aviq_reviewer else {}),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_global_role_changes_through_user_update_and_flags_stay_read_only(cast, admin_client):
    person = UserFactory(email="future.reviewer@aviq.test")  # holds no consortium role (separation of duties)
    response = admin_client.post(
        f"/admin/consortia/user/{person.pk}/change/",
        _user_form(person, aviq_reviewer="on", is_superuser="on", is_staff="on"),
        follow=True,
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.aviq_reviewer
    assert not person.is_superuser and not person.is_staff


def test_the_admin_cannot_make_a_consortium_member_a_reviewer(cast, admin_client):
    viewer = cast.users["viewer"]
    response = admin_client.post(
        f"/admin/consortia/user/{viewer.pk}/change/", _user_form(viewer, aviq_reviewer="on"), follow=True
    )
    assert response.status_code == 200
    assert "ne peut tenir aucun rôle" in response.content.decode()
    viewer.refresh_from_db()
    assert not viewer.aviq_reviewer


def test_a_superusers_reviewer_flag_is_not_offered(cast, admin_client):
    admin = cast.users["admin"]
    admin_client.post(f"/admin/consortia/user/{admin.pk}/change/", _user_form(admin, aviq_reviewer="on"))
    admin.refresh_from_db()
    assert not admin.aviq_reviewer and admin.is_superuser


def test_an_address_changed_by_the_admin_must_be_confirmed_by_its_owner(
    cast, admin_client, django_capture_on_commit_callbacks
):
    viewer = cast.users["viewer"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/consortia/user/{viewer.pk}/change/", _user_form(viewer, email="Viewer.New@A.test"), follow=True
        )
    assert response.status_code == 200
    viewer.refresh_from_db()
    assert viewer.email == "viewer.new@a.test"
    assert list(EmailAddress.objects.filter(user=viewer).values_list("email", "verified", "primary")) == [
        ("viewer.new@a.test", False, True)
    ]
    assert mail.outbox[-1].to == ["viewer.new@a.test"]
    log = ActionLog.objects.get(action="user.email_changed")
    assert (log.actor, log.target_id, log.data) == (
        cast.users["admin"],
        viewer.pk,
        {"from": "viewer@a.test", "to": "viewer.new@a.test"},
    )


def test_an_address_of_another_account_is_refused_with_a_message(cast, admin_client):
    viewer = cast.users["viewer"]
    response = admin_client.post(
        f"/admin/consortia/user/{viewer.pk}/change/", _user_form(viewer, email="COORDINATOR@a.test"), follow=True
    )
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.email == "viewer@a.test"


def test_users_are_not_deleted_from_the_admin(cast, admin_client):
    viewer = cast.users["viewer"]
    assert admin_client.post(f"/admin/consortia/user/{viewer.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=viewer.pk).exists()


# --- allauth's records ------------------------------------------------------------------------------------------


def test_addresses_cannot_be_marked_verified_in_the_admin(cast, admin_client):
    address = EmailAddress.objects.create(user=cast.users["viewer"], email="viewer@a.test", verified=False)
    admin_client.post(
        "/admin/account/emailaddress/", {"action": "make_verified", "_selected_action": [address.pk]}, follow=True
    )
    address.refresh_from_db()
    assert not address.verified
    assert admin_client.get(f"/admin/account/emailaddress/{address.pk}/change/").status_code == 200


def test_removing_a_lost_authenticator_is_logged_and_takes_the_recovery_codes(cast, admin_client):
    reviewer = cast.users["reviewer"]
    totp = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    response = admin_client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=reviewer).exists()
    assert ActionLog.objects.filter(action="mfa.authenticator_removed", target_id=reviewer.pk).exists()
    assert admin_client.get(f"/admin/mfa/authenticator/{totp.pk}/change/").status_code == 302  # gone


def test_groups_are_not_offered(admin_client):
    assert admin_client.get("/admin/auth/group/").status_code == 404


def test_an_unused_bassin_de_vie_is_deleted_through_the_service(cast, admin_client):
    territory = cast.consortium_a.territory
    unused = territory.life_basins.get(name="Trois Vallées")
    basins = [
        {"id": b.pk, "name": b.name, "population": b.population, **({"DELETE": "on"} if b == unused else {})}
        for b in territory.life_basins.all()
    ]
    response = admin_client.post(
        f"/admin/consortia/territory/{territory.pk}/change/", _territory_form(territory, basins), follow=True
    )
    assert response.status_code == 200
    assert not LifeBasin.objects.filter(pk=unused.pk).exists()
    assert LifeBasin.history.filter(id=unused.pk, history_type="-").get().history_user == cast.users["admin"]


@pytest.mark.parametrize("model", ["apitoken", "outboxtask", "actionlog"])
def test_tokens_outbox_and_action_log_are_listed_but_never_written_in_the_admin(cast, admin_client, model):
    from ols_platform.tokens import token_create

    token_create(actor=cast.users["viewer"], user=cast.users["viewer"])
    assert admin_client.get(f"/admin/ols_platform/{model}/").status_code == 200
    assert admin_client.get(f"/admin/ols_platform/{model}/add/").status_code == 403
    assert b"key_hash" not in admin_client.get("/admin/ols_platform/apitoken/").content
