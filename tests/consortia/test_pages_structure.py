import pytest
from django.urls import reverse

from consortia.models import Membership
from consortia.services.links import link_create
from consortia.services.memberships import membership_update
from consortia.services.structures import structure_update
from tests.factories import MembershipFactory, StructureFactory, StructureLinkFactory

pytestmark = pytest.mark.django_db


def url(consortium, structure_id):
    return reverse("consortia:structure", args=[consortium.pk, structure_id])


def test_it_shows_the_identity_flags_contact_and_membership_of_a_structure(cast):
    structure = cast.member_a
    structure.is_aviq_approved = True
    structure.focus = "health"
    structure.save()
    structure.life_basins.add(cast.consortium_a.territory.life_basins.get(name="Ville Haute"))
    Membership.objects.filter(structure=structure).update(
        conflict_of_interest_note="Administratrice commune.",
        contact_name="Jeanne Dupont",
        contact_email="jeanne@asbl.test",
        address="Rue Haute 1, 5000 Namur",
    )

    response = cast.client("structure_reporter").get(url(cast.consortium_a, structure.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>ASBL Membre A</h1>" in html
    assert structure.enterprise_number in html
    assert "SM · Santé mentale" in html
    assert "Santé" in html  # focus
    assert "Jeanne Dupont" in html and 'href="mailto:jeanne@asbl.test"' in html
    assert "Rue Haute 1, 5000 Namur" in html
    assert "Administratrice commune." in html
    assert "Ville Haute" in html
    assert "01/01/2026" in html  # member since


def test_it_says_a_partner_hospital_can_only_be_a_partner(cast):
    html = cast.client("viewer").get(url(cast.consortium_a, cast.partner_a.pk)).content.decode()

    assert "oui — ne peut être que partenaire" in html
    assert '<span class="badge">Partenaire</span>' in html


def test_it_shows_the_links_of_the_structure_in_this_consortium_in_and_out(cast):
    other = StructureFactory(name="ASBL Soutien")
    MembershipFactory(consortium=cast.consortium_a, structure=other)
    link_create(actor=None, consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="OG")
    link_create(actor=None, consortium=cast.consortium_a, source=other, target=cast.member_a, kind="S", note="Local")
    # The same structure in consortium B, with a link there: not shown on A's page.
    MembershipFactory(consortium=cast.consortium_b, structure=cast.member_a)
    StructureLinkFactory(consortium=cast.consortium_b, source=cast.member_a, target=cast.lead_b, kind="PA")

    response = cast.client("viewer").get(url(cast.consortium_a, cast.member_a.pk))

    assert [(link.kind, link.target.name) for link in response.context["links_out"]] == [("OG", "ASBL Porteuse A")]
    assert [(link.kind, link.source.name) for link in response.context["links_in"]] == [("S", "ASBL Soutien")]
    html = response.content.decode()
    assert "ASBL Porteuse B" not in html
    assert "Local" in html


def test_it_shows_who_changed_what_and_when(cast):
    coordinator = cast.users["coordinator"]
    coordinator.first_name, coordinator.last_name = "Claire", "Coordinatrice"
    coordinator.save()
    structure_update(actor=coordinator, structure=cast.member_a, data={"sector": "PP"})
    membership = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)
    membership_update(
        actor=coordinator,
        membership=membership,
        data={"conflict_of_interest_declared": False, "contact_name": "Jeanne"},
    )

    response = cast.client("viewer").get(url(cast.consortium_a, cast.member_a.pk))

    events = response.context["history"]
    assert [(e.subject, e.action) for e in events[:2]] == [
        ("Place dans le consortium", "~"),
        ("Fiche de la structure", "~"),
    ]
    assert events[0].who == coordinator
    assert ("personne de contact", "—", "Jeanne") in {(c.field, c.old, c.new) for c in events[0].changes}
    structure_changes = {(c.field, c.old, c.new) for c in events[1].changes}
    assert ("secteur", "SM · Santé mentale", "PP · Prévention et promotion de la santé") in structure_changes
    html = response.content.decode()
    assert "Claire Coordinatrice" in html
    assert "déclaration de conflits d&#x27;intérêts remise</strong> : oui → non" in html


def test_its_history_leaves_out_the_structure_s_place_and_links_in_another_consortium(cast):
    b_membership = MembershipFactory(consortium=cast.consortium_b, structure=cast.member_a)
    membership_update(actor=cast.users["outsider"], membership=b_membership, data={"joined_on": "2026-03-01"})
    StructureLinkFactory(consortium=cast.consortium_b, source=cast.member_a, target=cast.lead_b, kind="PA")

    response = cast.client("viewer").get(url(cast.consortium_a, cast.member_a.pk))

    subjects = [e.subject for e in response.context["history"]]
    assert subjects.count("Place dans le consortium") == 1  # A's creation only
    assert not any("ASBL Porteuse B" in s for s in subjects)


def test_it_answers_404_for_a_structure_of_another_consortium_even_to_the_admin(cast):
    for actor in ("coordinator", "reviewer", "admin"):
        assert cast.client(actor).get(url(cast.consortium_a, cast.lead_b.pk)).status_code == 404, actor


def test_it_answers_404_for_a_structure_outside_every_consortium_or_unknown(cast):
    loose = StructureFactory()
    client = cast.client("admin")
    assert client.get(url(cast.consortium_a, loose.pk)).status_code == 404
    assert client.get(url(cast.consortium_a, 987654)).status_code == 404
    assert client.get(url(cast.consortium_a, 10**30)).status_code == 404


def test_an_outsider_gets_404_even_for_a_structure_it_shares(cast):
    MembershipFactory(consortium=cast.consortium_b, structure=cast.member_a)

    assert cast.client("outsider").get(url(cast.consortium_a, cast.member_a.pk)).status_code == 404
    assert cast.client("outsider").get(url(cast.consortium_b, cast.member_a.pk)).status_code == 200


def test_it_refuses_writes(cast):
    assert cast.client("coordinator").post(url(cast.consortium_a, cast.member_a.pk)).status_code == 405
