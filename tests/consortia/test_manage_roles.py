"""The team and access page: who has which role, invitations by email, revoking a role."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import get_perms

from consortia.models import ConsortiumRole, User

from ..factories import UserFactory


def _url(cast, name="roles", **kwargs):
    return reverse(f"consortia:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def _state():
    return sorted(ConsortiumRole.objects.values_list("pk", "user_id", "consortium_id", "role", "structure_id")), sorted(
        User.objects.values_list("pk", "email")
    )


def test_it_lists_the_people_of_the_consortium_with_their_roles(cast):
    page = cast.client("coordinator").get(_url(cast)).content.decode()
    for role in ("operational@a.test", "structure_reporter@a.test", "Rapporteur d&#x27;une structure", "ASBL Membre A"):
        assert role in page
    assert "coordinator@b.test" not in page  # the outsider coordinates B, not A


def test_only_those_who_manage_roles_see_the_team_tab(cast):
    assert _url(cast) in cast.client("coordinator").get(_url(cast)).content.decode()
    detail = reverse("consortia:detail", kwargs={"consortium_id": cast.consortium_a.pk})
    assert _url(cast) not in cast.client("operational").get(detail).content.decode()


def test_it_invites_a_new_person_who_receives_a_link_to_choose_a_password(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("coordinator").post(
            _url(cast),
            {"email": "Claire.Martin@Exemple.be", "first_name": "Claire", "last_name": "Martin", "role": "operational"},
            follow=True,
        )
    user = User.objects.get(email="claire.martin@exemple.be")
    assert not user.has_usable_password()
    assert ConsortiumRole.objects.get(user=user).role == "operational"
    assert "view_consortium" in get_perms(user, cast.consortium_a)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["claire.martin@exemple.be"]
    page = response.content.decode()
    assert "Invitation envoyée à claire.martin@exemple.be" in page
    assert "invitation en attente" in page


def test_it_gives_a_role_to_an_existing_account(cast, django_capture_on_commit_callbacks):
    person = UserFactory(email="deja@exemple.be")
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("coordinator").post(
            _url(cast),
            {"email": "DEJA@exemple.be", "role": "structure_reporter", "structure": cast.partner_a.pk},
            follow=True,
        )
    grant = ConsortiumRole.objects.get(user=person)
    assert (grant.role, grant.structure) == ("structure_reporter", cast.partner_a)
    assert "a reçu le rôle « Rapporteur d&#x27;une structure »" in response.content.decode()
    assert User.objects.filter(email__iexact="deja@exemple.be").count() == 1


def test_it_refuses_an_email_that_already_has_that_role(cast, django_capture_on_commit_callbacks):
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("coordinator").post(_url(cast), {"email": "viewer@a.test", "role": "viewer"})
    assert response.status_code == 200
    assert response.context["form"].errors["role"][0].endswith("a déjà ce rôle dans le consortium.")
    assert _state() == before
    assert mail.outbox == []


def test_a_reporter_needs_a_structure_of_this_consortium(cast):
    client = cast.client("coordinator")
    before = _state()
    missing = client.post(_url(cast), {"email": "r@exemple.be", "role": "structure_reporter"})
    assert missing.context["form"].errors["structure"] == [
        "Un rapporteur est rattaché à une structure du consortium : choisissez-la."
    ]
    foreign = client.post(
        _url(cast), {"email": "r@exemple.be", "role": "structure_reporter", "structure": cast.lead_b.pk}
    )
    assert foreign.context["form"].errors["structure"] == ["Choisissez une structure de ce consortium."]
    assert _state() == before


def test_it_refuses_empty_malformed_and_overlong_input(cast):
    client = cast.client("coordinator")
    before = _state()
    empty = client.post(_url(cast), {})
    assert set(empty.context["form"].errors) == {"email", "role"}
    malformed = client.post(_url(cast), {"email": "pas-une-adresse", "role": "viewer"})
    assert malformed.context["form"].errors["email"] == ["Saisissez une adresse e-mail valide."]
    long = client.post(_url(cast), {"email": "a" * 10_000 + "@x.be", "first_name": "p" * 10_000, "role": "viewer"})
    assert "email" in long.context["form"].errors and "first_name" in long.context["form"].errors
    unknown_role = client.post(_url(cast), {"email": "x@exemple.be", "role": "king"})
    assert "role" in unknown_role.context["form"].errors
    assert _state() == before


def test_it_revokes_a_role_after_confirmation(cast):
    viewer = cast.users["viewer"]
    grant = ConsortiumRole.objects.get(user=viewer, consortium=cast.consortium_a)
    client = cast.client("coordinator")
    url = _url(cast, "role_revoke", role_id=grant.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).context["form"].errors["confirm"]
    assert ConsortiumRole.objects.filter(pk=grant.pk).exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == _url(cast)
    assert not ConsortiumRole.objects.filter(pk=grant.pk).exists()
    assert get_perms(viewer, cast.consortium_a) == []
    assert cast.client("viewer").get(reverse("consortia:detail", args=[cast.consortium_a.pk])).status_code == 404


def test_the_last_coordinator_cannot_revoke_their_own_role(cast):
    grant = ConsortiumRole.objects.get(user=cast.users["coordinator"], consortium=cast.consortium_a)
    before = _state()
    response = cast.client("coordinator").post(_url(cast, "role_revoke", role_id=grant.pk), {"confirm": "on"})
    assert response.status_code == 200
    assert "dernière personne à coordonner" in response.content.decode()
    assert _state() == before


def test_another_consortiums_role_answers_404(cast):
    grant = ConsortiumRole.objects.get(user=cast.users["outsider"])
    client = cast.client("coordinator")
    url = _url(cast, "role_revoke", role_id=grant.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert ConsortiumRole.objects.filter(pk=grant.pk).exists()


def test_the_team_page_uses_a_fixed_number_of_queries(cast):
    from consortia.services.roles import role_grant

    client = cast.client("coordinator")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(cast)).status_code == 200
        return len(queries)

    client.get(_url(cast))  # warm the session and user caches
    small = count()
    for index in range(15):
        person = UserFactory()
        role_grant(actor=None, consortium=cast.consortium_a, user=person, role="viewer")
        role_grant(
            actor=None,
            consortium=cast.consortium_a,
            user=person,
            role="structure_reporter",
            structure=cast.member_a if index % 2 else cast.lead_a,
        )
    assert count() == small
