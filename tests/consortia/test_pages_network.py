import math
import re

import pytest
from django.urls import reverse

from consortia.network import (
    KIND_COLOURS,
    LABEL_MAX_CHARS,
    MAX_NODE_RADIUS,
    MOST_CONNECTED_LIMIT,
    Edge,
    Node,
    analyse,
    circular_layout,
    counts_by_kind,
    degrees,
    node_radius,
)
from tests.factories import MembershipFactory, StructureFactory, StructureLinkFactory

# --- consortia/network.py: pure code -------------------------------------------------------------------------

A, B, C, D = Node(1, "Alpha"), Node(2, "Bêta"), Node(3, "Gamma"), Node(4, "Delta")


def test_it_counts_links_by_kind_with_zero_for_absent_kinds():
    edges = [Edge(1, 2, "OG"), Edge(2, 1, "OG"), Edge(1, 3, "S")]

    assert counts_by_kind(edges) == {"OG": 2, "PA": 0, "S": 1}
    assert list(counts_by_kind([])) == ["OG", "PA", "S"]


def test_it_counts_links_in_out_and_distinct_neighbours():
    edges = [Edge(1, 2, "OG"), Edge(2, 1, "PA"), Edge(1, 2, "S"), Edge(3, 1, "S")]

    by_id = {d.node.id: d for d in degrees([A, B, C, D], edges)}

    assert (by_id[1].links_out, by_id[1].links_in, by_id[1].total, by_id[1].neighbours) == (2, 2, 4, 2)
    assert (by_id[2].links_out, by_id[2].links_in, by_id[2].neighbours) == (1, 2, 1)
    assert by_id[4].total == 0


def test_it_ranks_the_most_connected_first_then_by_name():
    edges = [Edge(1, 2, "OG"), Edge(3, 4, "OG"), Edge(3, 1, "PA")]

    ranked = [d.node.label for d in degrees([D, C, B, A], edges)]

    assert ranked == ["Alpha", "Gamma", "Bêta", "Delta"]


def test_it_names_at_most_five_most_connected_and_never_an_isolated_one():
    hub = Node(0, "Hub")
    spokes = [Node(i, f"Rayon {i:02d}") for i in range(1, 9)]
    lonely = Node(99, "Seule")
    network = analyse([hub, *spokes, lonely], [Edge(0, s.id, "PA") for s in spokes])

    assert len(network.most_connected) == MOST_CONNECTED_LIMIT
    assert network.most_connected[0].node == hub
    assert lonely not in [d.node for d in network.most_connected]
    assert network.isolated == [lonely]


def test_a_network_without_links_names_every_structure_isolated_and_none_most_connected():
    network = analyse([B, A], [])

    assert network.most_connected == []
    assert network.isolated == [A, B]
    assert network.link_count == 0


def test_an_empty_network_has_no_drawing():
    network = analyse([], [])

    assert network.drawing is None
    assert network.counts_by_kind == {"OG": 0, "PA": 0, "S": 0}


@pytest.mark.parametrize(
    ("nodes", "edges"),
    [
        ([A, B], [Edge(1, 9, "OG")]),
        ([A, B], [Edge(1, 1, "OG")]),
        ([A, B], [Edge(1, 2, "XX")]),
        ([A, Node(1, "Doublon")], []),
    ],
    ids=["unknown node", "self link", "unknown kind", "duplicate id"],
)
def test_it_rejects_an_inconsistent_network(nodes, edges):
    with pytest.raises(ValueError):
        analyse(nodes, edges)


def test_the_layout_is_the_same_whatever_the_input_order():
    edges = [Edge(1, 2, "OG"), Edge(3, 4, "PA"), Edge(2, 1, "S"), Edge(4, 1, "S")]

    first = circular_layout([A, B, C, D], edges)
    second = circular_layout([D, B, C, A], list(reversed(edges)))

    assert [(n.node.id, n.x, n.y, n.rotation) for n in first.nodes] == [
        (n.node.id, n.x, n.y, n.rotation) for n in second.nodes
    ]
    assert [(e.edge, e.path) for e in first.edges] == [(e.edge, e.path) for e in second.edges]


def test_it_places_the_nodes_on_a_circle_in_name_order_starting_at_the_top():
    drawing = circular_layout([D, C, B, A], [])
    centre = drawing.width / 2

    assert [n.node.label for n in drawing.nodes] == ["Alpha", "Bêta", "Delta", "Gamma"]
    radii = {round(math.hypot(n.x - centre, n.y - centre)) for n in drawing.nodes}
    assert len(radii) == 1
    top = drawing.nodes[0]
    assert top.x == pytest.approx(centre) and top.y < centre


def test_every_node_and_its_label_stays_inside_the_view_box():
    nodes = [Node(i, f"Structure au nom très long numéro {i}") for i in range(60)]
    hub_edges = [Edge(0, i, "PA") for i in range(1, 60)] + [Edge(i, 0, "S") for i in range(1, 60)]
    drawing = circular_layout(nodes, [Edge(i, (i + 7) % 60, "OG") for i in range(60)] + hub_edges)
    centre = drawing.width / 2

    for n in drawing.nodes:
        assert n.x - n.r > 0 and n.x + n.r < drawing.width
        assert n.y - n.r > 0 and n.y + n.r < drawing.height
        # A label runs outwards from its node; at font size 11 a character is about 6 units wide.
        assert len(n.label) <= LABEL_MAX_CHARS
        distance = math.hypot(n.label_x - centre, n.label_y - centre)
        assert distance > math.hypot(n.x - centre, n.y - centre) + n.r
        assert distance + len(n.label) * 6.0 < centre
    assert max(n.r for n in drawing.nodes) == MAX_NODE_RADIUS  # the hub is as big as a node gets
    assert drawing.view_box == f"0 0 {drawing.width:.1f} {drawing.height:.1f}"


def test_labels_on_the_left_half_are_anchored_at_their_end_and_never_upside_down():
    nodes = [Node(i, f"N{i}") for i in range(8)]
    drawing = circular_layout(nodes, [])
    centre = drawing.width / 2

    for n in drawing.nodes:
        assert -90 <= n.rotation <= 90
        if n.x < centre - 1:
            assert n.anchor == "end"
        elif n.x > centre + 1:
            assert n.anchor == "start"


def test_it_shortens_long_labels_with_an_ellipsis():
    drawing = circular_layout([Node(1, "x" * 80)], [])

    assert drawing.nodes[0].label.endswith("…")
    assert len(drawing.nodes[0].label) == LABEL_MAX_CHARS


def test_parallel_links_of_one_pair_get_distinct_curves_and_their_kind_s_colour():
    edges = [Edge(1, 2, "OG"), Edge(2, 1, "OG"), Edge(1, 2, "S")]

    drawing = circular_layout([A, B], edges)

    paths = [e.path for e in drawing.edges]
    assert len(set(paths)) == 3
    assert sum(1 for p in paths if " L " in p) == 1  # the middle one is straight, the others curve
    assert sum(1 for p in paths if " Q " in p) == 2
    assert {e.edge.kind: e.colour for e in drawing.edges} == {"OG": KIND_COLOURS["OG"], "S": KIND_COLOURS["S"]}


def test_a_node_grows_with_its_degree_up_to_a_maximum():
    assert node_radius(0) < node_radius(1) < node_radius(9) < node_radius(100) == node_radius(400) == MAX_NODE_RADIUS
    drawing = circular_layout([A, B, C], [Edge(1, 2, "OG"), Edge(1, 3, "PA")])
    sizes = {n.node.id: n.r for n in drawing.nodes}
    assert sizes[1] > sizes[2] == sizes[3]


# --- the page ------------------------------------------------------------------------------------------------


def url(consortium):
    return reverse("consortia:network", args=[consortium.pk])


def meso(consortium, name, **fields):
    return MembershipFactory(
        consortium=consortium, structure=StructureFactory(name=name, level="meso", **fields)
    ).structure


@pytest.mark.django_db
def test_it_draws_the_network_as_an_accessible_inline_svg_without_style_attributes(cast):
    a = cast.consortium_a
    third = meso(a, "ASBL Troisième")
    StructureLinkFactory(consortium=a, source=cast.member_a, target=cast.lead_a, kind="OG")
    StructureLinkFactory(consortium=a, source=cast.lead_a, target=third, kind="PA", note="Ateliers <communs>")

    response = cast.client("viewer").get(url(a))

    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and '<title id="network-title">' in svg and "<desc" in svg
    assert f'stroke="{KIND_COLOURS["OG"]}"' in svg and f'stroke="{KIND_COLOURS["PA"]}"' in svg
    assert "ASBL Membre A → ASBL Porteuse A · OG · Participation aux organes de gouvernance" in svg
    assert "Ateliers &lt;communs&gt;" in svg and "<communs>" not in html
    assert svg.count("<circle") == 4  # the three méso structures of A plus its méso partner
    assert " style=" not in html and "<style" not in html
    assert "<script>" not in html
    # Coordinates are plain numbers with a dot (never localised with a comma).
    assert not re.search(r'c[xy]="\d+,\d', svg)


@pytest.mark.django_db
def test_it_counts_links_by_type_and_names_the_most_connected_and_the_isolated(cast):
    a = cast.consortium_a
    third = meso(a, "ASBL Troisième")
    meso(a, "ASBL Seule")
    StructureLinkFactory(consortium=a, source=cast.member_a, target=cast.lead_a, kind="OG")
    StructureLinkFactory(consortium=a, source=cast.lead_a, target=third, kind="S")
    StructureLinkFactory(consortium=a, source=third, target=cast.lead_a, kind="S")

    response = cast.client("reviewer").get(url(a))

    graph = response.context["graph"]
    assert graph.counts_by_kind == {"OG": 1, "PA": 0, "S": 2}
    assert graph.most_connected[0].node.label == "ASBL Porteuse A"
    assert [n.label for n in graph.isolated] == ["ASBL Seule", "Hôpital Partenaire A"]
    html = response.content.decode()
    assert 'id="most-connected"' in html and "3 liens — sortants : 1, entrants : 2" in html
    assert "2 structures méso n'ont aucun lien" in html


@pytest.mark.django_db
def test_it_lists_every_link_in_a_table_as_a_text_alternative(cast):
    a = cast.consortium_a
    StructureLinkFactory(consortium=a, source=cast.member_a, target=cast.lead_a, kind="PA", note="Permanences")

    response = cast.client("viewer").get(url(a))

    table = response.content.decode().split('id="links-table"')[1]
    assert "ASBL Membre A" in table and "ASBL Porteuse A" in table and "Permanences" in table
    assert ">PA</abbr>" in table


@pytest.mark.django_db
def test_it_leaves_out_micro_and_macro_structures_and_other_consortia(cast):
    MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(name="Micro ASBL", level="micro"))
    StructureLinkFactory(consortium=cast.consortium_b, source=cast.lead_b, target=meso(cast.consortium_b, "B2"))

    response = cast.client("viewer").get(url(cast.consortium_a))

    labels = [n.label for n in response.context["graph"].nodes]
    assert "Micro ASBL" not in labels
    assert "ASBL Porteuse B" not in labels and "B2" not in labels
    assert response.context["graph"].link_count == 0


@pytest.mark.django_db
def test_it_still_shows_a_link_to_a_structure_no_longer_meso_and_flags_it(cast):
    StructureLinkFactory(consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="OG")
    cast.lead_a.level = "macro"
    cast.lead_a.save()

    response = cast.client("viewer").get(url(cast.consortium_a))

    node = next(n for n in response.context["graph"].nodes if n.label == "ASBL Porteuse A")
    assert node.is_meso is False and node.is_lead is True
    assert "n'est plus de niveau méso" in response.content.decode()


@pytest.mark.django_db
def test_it_says_when_there_is_no_meso_structure(cast):
    from consortia.models import Structure

    Structure.objects.filter(memberships__consortium=cast.consortium_a).update(level="micro")

    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    assert "Aucune structure de niveau méso dans ce consortium" in html
    assert "<svg" not in html
