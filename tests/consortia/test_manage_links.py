"""The coordinator's page for typed links (OG/PA/S) between the consortium's méso structures."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import StructureLink

from ..factories import MembershipFactory, StructureFactory, StructureLinkFactory


def _url(cast, name="links_manage", **kwargs):
    return reverse(f"consortia:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def _links():
    return sorted(StructureLink.objects.values_list("pk", "consortium_id", "source_id", "target_id", "kind", "note"))


def test_the_select_lists_hold_only_the_consortiums_active_meso_structures(cast):
    micro = MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(level="micro")).structure
    archived = MembershipFactory(consortium=cast.consortium_a).structure
    archived.archived_at = "2026-02-01T00:00:00Z"
    archived.save()
    response = cast.client("coordinator").get(_url(cast))
    choices = set(response.context["form"].fields["source"].queryset)
    assert choices == {cast.lead_a, cast.member_a, cast.partner_a}
    assert not {micro, archived, cast.lead_b} & choices
    assert set(response.context["form"].fields["target"].queryset) == choices


def test_it_adds_a_link(cast):
    response = cast.client("coordinator").post(
        _url(cast), {"source": cast.lead_a.pk, "target": cast.member_a.pk, "kind": "OG", "note": "Siège au CA"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(cast)
    link = StructureLink.objects.get()
    assert (link.consortium, link.source, link.target, link.kind, link.note) == (
        cast.consortium_a,
        cast.lead_a,
        cast.member_a,
        "OG",
        "Siège au CA",
    )
    page = cast.client("coordinator").get(_url(cast)).content.decode()
    assert "OG · Participation aux organes de gouvernance" in page


def test_another_consortiums_structure_posted_by_hand_is_a_form_error(cast):
    before = _links()
    response = cast.client("coordinator").post(
        _url(cast), {"source": cast.lead_a.pk, "target": cast.lead_b.pk, "kind": "PA"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == ["Choisissez une structure méso de ce consortium."]
    assert _links() == before


def test_it_refuses_a_link_to_itself_a_duplicate_an_unknown_kind_and_an_overlong_note(cast):
    StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a, kind="S")
    client = cast.client("coordinator")
    before = _links()
    itself = client.post(_url(cast), {"source": cast.lead_a.pk, "target": cast.lead_a.pk, "kind": "S"})
    assert itself.context["form"].errors["target"] == ["Un lien relie deux structures différentes."]
    duplicate = client.post(_url(cast), {"source": cast.lead_a.pk, "target": cast.member_a.pk, "kind": "S"})
    assert duplicate.status_code == 200
    assert "Ce lien existe déjà." in duplicate.content.decode()
    unknown = client.post(_url(cast), {"source": cast.lead_a.pk, "target": cast.member_a.pk, "kind": "XX"})
    assert "kind" in unknown.context["form"].errors
    long = client.post(
        _url(cast), {"source": cast.lead_a.pk, "target": cast.member_a.pk, "kind": "PA", "note": "n" * 10_000}
    )
    assert "au plus 250 caractères" in long.context["form"].errors["note"][0]
    empty = client.post(_url(cast), {})
    assert set(empty.context["form"].errors) == {"source", "target", "kind"}
    assert _links() == before


def test_it_removes_a_link_after_confirmation(cast):
    link = StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a)
    client = cast.client("coordinator")
    url = _url(cast, "link_delete", link_id=link.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).context["form"].errors["confirm"]
    assert StructureLink.objects.filter(pk=link.pk).exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not StructureLink.objects.filter(pk=link.pk).exists()


def test_another_consortiums_link_answers_404(cast):
    other = StructureLinkFactory(
        consortium=cast.consortium_b,
        source=cast.lead_b,
        target=MembershipFactory(consortium=cast.consortium_b).structure,
    )
    client = cast.client("coordinator")
    url = _url(cast, "link_delete", link_id=other.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert StructureLink.objects.filter(pk=other.pk).exists()


def test_the_links_page_uses_a_fixed_number_of_queries(cast):
    client = cast.client("coordinator")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(cast)).status_code == 200
        return len(queries)

    StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a)
    client.get(_url(cast))  # warm the session and user caches
    small = count()
    for _ in range(15):
        structure = MembershipFactory(consortium=cast.consortium_a).structure
        StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=structure)
        StructureLinkFactory(consortium=cast.consortium_a, source=structure, target=cast.member_a, kind="PA")
    assert count() == small
