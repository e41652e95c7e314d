"""The coordinator's membership pages: edit a membership, hand the lead over, remove a structure from the consortium."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import Membership
from consortia.services.memberships import membership_update

from ..factories import MembershipFactory, StructureFactory, StructureLinkFactory


def _url(name, cast, membership):
    return reverse(f"consortia:{name}", kwargs={"consortium_id": cast.consortium_a.pk, "membership_id": membership.pk})


def _membership(cast, structure, consortium=None):
    return Membership.objects.get(consortium=consortium or cast.consortium_a, structure=structure)


def _form(membership, **overrides):
    data = {
        "role": membership.role,
        "joined_on": membership.joined_on.isoformat(),
        "conflict_of_interest_note": membership.conflict_of_interest_note,
        "version": Membership.objects.get(pk=membership.pk).version,
    }
    if membership.conflict_of_interest_declared:
        data["conflict_of_interest_declared"] = "on"
    return data | overrides


def _state():
    return sorted(
        Membership.objects.values_list(
            "pk", "consortium_id", "structure_id", "role", "is_lead", "conflict_of_interest_note", "joined_on"
        )
    )


# --- edit ------------------------------------------------------------------------------------------------


def test_it_edits_a_membership(cast):
    membership = _membership(cast, cast.member_a)
    response = cast.client("coordinator").post(
        _url("membership_edit", cast, membership),
        _form(membership, role="partner", joined_on="2026-04-15", conflict_of_interest_note="Administrateur commun."),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("consortia:members", kwargs={"consortium_id": cast.consortium_a.pk})
    membership.refresh_from_db()
    assert (membership.role, membership.joined_on.isoformat()) == ("partner", "2026-04-15")
    assert membership.conflict_of_interest_note == "Administrateur commun."
    assert membership.history.first().history_user == cast.users["coordinator"]


def test_the_role_offers_no_blank_choice(cast):
    membership = _membership(cast, cast.member_a)
    response = cast.client("coordinator").get(_url("membership_edit", cast, membership))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Adhésion : {cast.member_a.name}" in html and "Adhésion de" not in html
    assert 'name="role"' in html
    assert "---------" not in html
    assert 'name="role" value=""' not in html


def test_it_answers_404_for_a_membership_of_another_consortium(cast):
    other = _membership(cast, cast.lead_b, cast.consortium_b)
    client = cast.client("coordinator")
    before = _state()
    for name in ("membership_edit", "membership_make_lead", "membership_delete"):
        assert client.get(_url(name, cast, other)).status_code == 404
        assert client.post(_url(name, cast, other), _form(other) | {"confirm": "on"}).status_code == 404
    assert _state() == before


def test_it_refuses_a_hospital_as_member_and_the_lead_as_partner(cast):
    client = cast.client("coordinator")
    before = _state()
    hospital = _membership(cast, cast.partner_a)
    refused = client.post(_url("membership_edit", cast, hospital), _form(hospital, role="member"))
    assert "peut être partenaire, pas membre" in refused.context["form"].errors["role"][0]
    lead = _membership(cast, cast.lead_a)
    refused = client.post(_url("membership_edit", cast, lead), _form(lead, role="partner"))
    assert refused.status_code == 200
    assert "La structure porteuse doit être membre du consortium." in refused.content.decode()
    assert _state() == before


def test_it_refuses_empty_and_overlong_input(cast):
    membership = _membership(cast, cast.member_a)
    client = cast.client("coordinator")
    before = _state()
    empty = client.post(_url("membership_edit", cast, membership), {})
    assert empty.status_code == 200
    assert empty.context["form"].errors["role"] == ["Ce champ est obligatoire."]
    long = client.post(
        _url("membership_edit", cast, membership), _form(membership, conflict_of_interest_note="z" * 10_000)
    )
    assert "au plus 2000 caractères" in long.context["form"].errors["conflict_of_interest_note"][0]
    bad_date = client.post(_url("membership_edit", cast, membership), _form(membership, joined_on="31/02/2026"))
    assert "joined_on" in bad_date.context["form"].errors
    assert _state() == before


def test_a_stale_membership_save_is_refused_and_shows_the_current_values(cast):
    membership = _membership(cast, cast.member_a)
    loaded = _form(membership)
    membership_update(actor=None, membership=membership, data={"conflict_of_interest_note": "Note de l'admin."})
    response = cast.client("coordinator").post(
        _url("membership_edit", cast, membership), loaded | {"conflict_of_interest_note": "Ma note."}
    )
    assert response.status_code == 200
    assert "Note de l&#x27;admin." in response.content.decode()
    assert [row["label"] for row in response.context["conflicts"]] == ["Conflits d'intérêts déclarés"]
    membership.refresh_from_db()
    assert membership.conflict_of_interest_note == "Note de l'admin."


# --- hand the lead over ----------------------------------------------------------------------------------


def test_it_hands_the_lead_over_after_confirmation(cast):
    client = cast.client("coordinator")
    membership = _membership(cast, cast.member_a)
    page = client.get(_url("membership_make_lead", cast, membership))
    assert "ASBL Porteuse A cessera d'être structure porteuse" in page.content.decode()
    unconfirmed = client.post(_url("membership_make_lead", cast, membership), {})
    assert unconfirmed.context["form"].errors["confirm"] == ["Cochez « Je confirme » pour continuer."]
    assert _membership(cast, cast.lead_a).is_lead
    response = client.post(_url("membership_make_lead", cast, membership), {"confirm": "on"})
    assert response.status_code == 302
    leads = Membership.objects.filter(consortium=cast.consortium_a, is_lead=True)
    assert [m.structure for m in leads] == [cast.member_a]


def test_a_double_submit_of_the_lead_handover_changes_nothing_more(cast):
    client = cast.client("coordinator")
    membership = _membership(cast, cast.member_a)
    client.post(_url("membership_make_lead", cast, membership), {"confirm": "on"})
    before = _state()
    again = client.post(_url("membership_make_lead", cast, membership), {"confirm": "on"})
    assert again.status_code == 302
    assert _state() == before


def test_it_refuses_a_lead_that_is_not_an_asbl_or_a_partner(cast):
    srl = MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(legal_form="srl", name="SRL X"))
    client = cast.client("coordinator")
    before = _state()
    refused = client.post(_url("membership_make_lead", cast, srl), {"confirm": "on"})
    assert refused.status_code == 200
    assert "La structure porteuse doit être une ASBL ; SRL X est « SRL / société »." in refused.content.decode()
    partner = _membership(cast, cast.partner_a)
    refused = client.post(_url("membership_make_lead", cast, partner), {"confirm": "on"})
    assert "La structure porteuse doit être membre du consortium." in refused.content.decode()
    assert _state() == before


# --- remove from the consortium --------------------------------------------------------------------------


def test_it_removes_a_structure_from_the_consortium_after_confirmation(cast):
    partner = _membership(cast, cast.partner_a)
    client = cast.client("coordinator")
    assert client.get(_url("membership_delete", cast, partner)).status_code == 200
    assert client.post(_url("membership_delete", cast, partner), {}).status_code == 200
    assert Membership.objects.filter(pk=partner.pk).exists()
    response = client.post(_url("membership_delete", cast, partner), {"confirm": "on"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=partner.pk).exists()
    assert client.post(_url("membership_delete", cast, partner), {"confirm": "on"}).status_code == 404


def test_it_refuses_to_remove_the_lead_or_a_structure_with_links(cast):
    linked = MembershipFactory(consortium=cast.consortium_a)
    StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=linked.structure)
    client = cast.client("coordinator")
    before = _state()
    lead = client.post(_url("membership_delete", cast, _membership(cast, cast.lead_a)), {"confirm": "on"})
    assert "désignez d&#x27;abord une autre structure porteuse" in lead.content.decode()
    used = client.post(_url("membership_delete", cast, linked), {"confirm": "on"})
    assert "retirez-les d&#x27;abord" in used.content.decode()
    assert _state() == before


def test_the_membership_pages_use_a_fixed_number_of_queries(cast):
    client = cast.client("coordinator")
    membership = _membership(cast, cast.member_a)
    urls = [_url(name, cast, membership) for name in ("membership_edit", "membership_make_lead", "membership_delete")]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    counts()  # warm the session and user caches
    small = counts()
    MembershipFactory.create_batch(20, consortium=cast.consortium_a)
    assert counts() == small
