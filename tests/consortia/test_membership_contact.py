"""The contact details of a structure in a consortium: its reporter edits them, and only theirs."""

import pytest
from django.urls import reverse

from consortia.models import Membership
from consortia.services.memberships import membership_contact_update
from consortia.services.roles import role_grant

from ..factories import UserFactory


def _membership(cast, structure, consortium=None):
    return Membership.objects.get(consortium=consortium or cast.consortium_a, structure=structure)


def _url(membership, consortium_id=None):
    return reverse(
        "consortia:membership_contact",
        kwargs={"consortium_id": consortium_id or membership.consortium_id, "membership_id": membership.pk},
    )


def _form(membership, **overrides):
    data = {
        "contact_name": "Julie Renardy",
        "contact_email": "julie.renardy@csm-trois-vallees.be",
        "contact_phone": "081 23 45 67",
        "address": "Rue des Trois Vallées 12, 5000 Namur",
        "version": Membership.objects.get(pk=membership.pk).version,
    }
    return data | overrides


def _state():
    return sorted(
        Membership.objects.values_list(
            "pk", "version", "contact_name", "contact_email", "contact_phone", "address", "role", "is_lead"
        )
    )


def test_the_reporter_edits_the_contact_of_their_own_structure(cast):
    membership = _membership(cast, cast.member_a)
    revision = cast.consortium_a.revision
    client = cast.client("structure_reporter")
    response = client.post(_url(membership), _form(membership))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "consortia:structure", kwargs={"consortium_id": cast.consortium_a.pk, "structure_id": cast.member_a.pk}
    )
    membership.refresh_from_db()
    assert membership.contact_name == "Julie Renardy"
    assert membership.contact_email == "julie.renardy@csm-trois-vallees.be"
    assert membership.address == "Rue des Trois Vallées 12, 5000 Namur"
    assert membership.history.first().history_user == cast.users["structure_reporter"]
    cast.consortium_a.refresh_from_db()
    assert cast.consortium_a.revision > revision
    page = client.get(response["Location"])
    assert "Les coordonnées de ASBL Membre A sont enregistrées." in page.content.decode()
    assert "julie.renardy@csm-trois-vallees.be" in page.content.decode()


def test_a_coordinator_and_the_admin_edit_any_contact(cast):
    for actor in ("coordinator", "admin"):
        membership = _membership(cast, cast.partner_a)
        response = cast.client(actor).post(_url(membership), _form(membership, contact_name=f"Contact {actor}"))
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.contact_name == f"Contact {actor}"


@pytest.mark.parametrize("actor", ["operational", "accountant", "governance", "viewer", "reviewer"])
def test_it_refuses_other_members_and_the_aviq_reviewer_with_403(cast, actor):
    membership = _membership(cast, cast.member_a)
    before = _state()
    client = cast.client(actor)
    assert client.get(_url(membership)).status_code == 403
    assert client.post(_url(membership), _form(membership)).status_code == 403
    assert _state() == before


def test_it_answers_404_to_an_outsider(cast):
    membership = _membership(cast, cast.member_a)
    before = _state()
    client = cast.client("outsider")
    assert client.get(_url(membership)).status_code == 404
    assert client.post(_url(membership), _form(membership)).status_code == 404
    assert _state() == before


def test_a_reporter_may_not_edit_another_structure(cast):
    before = _state()
    client = cast.client("structure_reporter")
    for structure in (cast.lead_a, cast.partner_a):
        membership = _membership(cast, structure)
        assert client.get(_url(membership)).status_code == 403
        assert client.post(_url(membership), _form(membership)).status_code == 403
    assert _state() == before


def test_a_reporter_of_the_same_structure_in_another_consortium_may_not_edit_it_here(cast):
    """The role is tied to one consortium: reporting for member_a in B gives nothing on its membership in A."""
    from ..factories import MembershipFactory

    MembershipFactory(consortium=cast.consortium_b, structure=cast.member_a)
    user = UserFactory(email="reporter@b.test")
    role_grant(actor=None, consortium=cast.consortium_b, user=user, role="structure_reporter", structure=cast.member_a)
    client = cast.client("anonymous")
    client.force_login(user)
    mine = _membership(cast, cast.member_a, cast.consortium_b)
    assert client.get(_url(mine)).status_code == 200
    assert client.get(_url(_membership(cast, cast.member_a))).status_code == 404  # A is not theirs at all


def test_a_membership_of_another_consortium_is_404_even_for_the_admin(cast):
    other = _membership(cast, cast.lead_b, cast.consortium_b)
    before = _state()
    for actor in ("structure_reporter", "coordinator", "admin"):
        client = cast.client(actor)
        assert client.get(_url(other, cast.consortium_a.pk)).status_code == 404
        assert client.post(_url(other, cast.consortium_a.pk), _form(other)).status_code == 404
    assert _state() == before


def test_hidden_fields_cannot_widen_what_is_changed(cast):
    """Only the four contact fields are read: the consortium and membership come from the URL."""
    membership = _membership(cast, cast.member_a)
    other = _membership(cast, cast.lead_a)
    data = _form(
        membership,
        role="partner",
        is_lead="on",
        consortium=cast.consortium_b.pk,
        structure=cast.lead_a.pk,
        membership_id=other.pk,
        conflict_of_interest_note="injected",
    )
    response = cast.client("structure_reporter").post(_url(membership), data)
    assert response.status_code == 302
    membership.refresh_from_db()
    other.refresh_from_db()
    assert (membership.role, membership.is_lead, membership.conflict_of_interest_note) == ("member", False, "")
    assert (membership.consortium_id, membership.structure_id) == (cast.consortium_a.pk, cast.member_a.pk)
    assert other.contact_name != "Julie Renardy"


def test_it_rejects_a_malformed_email_and_changes_nothing(cast):
    membership = _membership(cast, cast.member_a)
    before = _state()
    response = cast.client("structure_reporter").post(_url(membership), _form(membership, contact_email="julie@"))
    assert response.status_code == 200
    assert "contact_email" in response.context["form"].errors
    assert "Saisissez une adresse e-mail valide." in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize(("field", "limit"), [("contact_name", 150), ("contact_phone", 40), ("address", 250)])
def test_it_rejects_an_over_long_field_and_changes_nothing(cast, field, limit):
    membership = _membership(cast, cast.member_a)
    before = _state()
    response = cast.client("structure_reporter").post(_url(membership), _form(membership, **{field: "x" * (limit + 1)}))
    assert response.status_code == 200
    assert f"au plus {limit} caractères" in response.context["form"].errors[field][0]
    assert _state() == before


def test_it_rejects_a_missing_or_garbled_version(cast):
    membership = _membership(cast, cast.member_a)
    before = _state()
    client = cast.client("structure_reporter")
    for version in ("", "abc", "-1"):
        response = client.post(_url(membership), _form(membership, version=version))
        assert response.status_code == 200
        assert response.context["form"].errors
    assert _state() == before


def test_a_stale_save_is_refused_and_shows_the_current_values(cast):
    membership = _membership(cast, cast.member_a)
    loaded = _form(membership)
    membership_contact_update(actor=None, membership=membership, data={"contact_name": "Nom de la coordination"})
    response = cast.client("structure_reporter").post(_url(membership), loaded | {"contact_name": "Mon nom"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "quelqu'un" in html.lower() or "entre-temps" in html
    assert [row["label"] for row in response.context["conflicts"]][0] == "Personne de contact"
    membership.refresh_from_db()
    assert membership.contact_name == "Nom de la coordination"
    # The form now carries the current version: a second, informed save goes through.
    again = cast.client("structure_reporter").post(
        _url(membership), loaded | {"contact_name": "Mon nom", "version": membership.version}
    )
    assert again.status_code == 302
    membership.refresh_from_db()
    assert membership.contact_name == "Mon nom"


def test_a_form_sent_twice_saves_once_and_does_not_conflict(cast):
    membership = _membership(cast, cast.member_a)
    data = _form(membership)
    client = cast.client("structure_reporter")
    assert client.post(_url(membership), data).status_code == 302
    membership.refresh_from_db()
    version, writes = membership.version, membership.history.count()
    assert client.post(_url(membership), data).status_code == 302
    membership.refresh_from_db()
    assert (membership.version, membership.history.count()) == (version, writes)


def test_the_reporter_reaches_the_page_from_home_and_from_the_structure(cast):
    membership = _membership(cast, cast.member_a)
    client = cast.client("structure_reporter")
    home = client.get(reverse("dashboard")).content.decode()
    assert _url(membership) in home
    assert "modifier les coordonnées de votre structure" in home
    structure = client.get(
        reverse("consortia:structure", kwargs={"consortium_id": cast.consortium_a.pk, "structure_id": cast.member_a.pk})
    ).content.decode()
    assert _url(membership) in structure
    lead = client.get(
        reverse("consortia:structure", kwargs={"consortium_id": cast.consortium_a.pk, "structure_id": cast.lead_a.pk})
    ).content.decode()
    assert "edit-contact" not in lead
    viewer = cast.client("viewer").get(
        reverse("consortia:structure", kwargs={"consortium_id": cast.consortium_a.pk, "structure_id": cast.member_a.pk})
    )
    assert "edit-contact" not in viewer.content.decode()
