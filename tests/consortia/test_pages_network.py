import itertools
import re

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortia.network import (
    KIND_COLOURS,
    KIND_DASHES,
    LABEL_WIDTH,
    LINK_KINDS,
    MAX_NODE_RADIUS,
    MOST_CONNECTED_LIMIT,
    Edge,
    Node,
    analyse,
    counts_by_kind,
    degrees,
    fit,
    grouped_layout,
    node_radius,
    text_width,
)
from consortia.services.links import link_create, link_delete
from consortia.services.structures import structure_update
from consortia.views.network import LINKS_PER_PAGE
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


def test_an_empty_network_has_an_empty_drawing():
    network = analyse([], [])
    drawing = grouped_layout(network.nodes, network.edges)

    assert network.counts_by_kind == {"OG": 0, "PA": 0, "S": 0}
    assert drawing.nodes == [] and drawing.groups == [] and drawing.edges == []


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
    nodes = [Node(1, "Alpha", group="PP"), Node(2, "Bêta", group="SM"), Node(3, "Gamma", group="PP"), D]
    edges = [Edge(1, 2, "OG"), Edge(3, 4, "PA"), Edge(2, 1, "S"), Edge(4, 1, "S")]

    first = grouped_layout(nodes, edges)
    second = grouped_layout(list(reversed(nodes)), list(reversed(edges)))

    assert first == second


def test_it_draws_one_band_per_group_in_the_given_order_its_nodes_together_in_name_order():
    nodes = [
        Node(1, "Zèbre", group="SM"),
        Node(2, "Abeille", group="SM"),
        Node(3, "Castor", group="PP"),
        Node(4, "Sans groupe connu", group="XX"),
    ]
    titles = {"PP": "PP · Prévention — 1 structure", "SM": "SM · Santé mentale — 2 structures", "SH": "SH"}

    drawing = grouped_layout(nodes, [], groups=titles)

    assert [(g.key, g.title, g.count) for g in drawing.groups] == [
        ("PP", "PP · Prévention — 1 structure", 1),
        ("SM", "SM · Santé mentale — 2 structures", 2),
        ("XX", "XX", 1),  # a group without a title follows, named by its key; an empty one is not drawn
    ]
    assert [n.node.label for n in drawing.nodes] == ["Castor", "Abeille", "Zèbre", "Sans groupe connu"]
    for band in drawing.groups:
        inside = [n for n in drawing.nodes if n.node.group == band.key]
        for n in inside:  # every node of the group inside its band, under its title
            assert band.x < n.x - n.r and n.label_x + n.label_width < band.x + band.width
            assert band.title_box.y1 < n.y - n.r and n.y + n.r < band.y + band.height


def test_a_group_fills_its_columns_top_down_like_an_index():
    nodes = [Node(i, f"Structure {i:02d}", group="PP") for i in range(12)]

    drawing = grouped_layout(nodes, [])

    columns = {}
    for n in drawing.nodes:
        columns.setdefault(n.x, []).append(n.node.label)
    assert list(columns.values()) == [
        ["Structure 00", "Structure 01", "Structure 02"],
        ["Structure 03", "Structure 04", "Structure 05"],
        ["Structure 06", "Structure 07", "Structure 08"],
        ["Structure 09", "Structure 10", "Structure 11"],
    ]


names = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèçàÉ 0123456789'-·Wm@…中"),
    min_size=1,
    max_size=120,
).filter(str.strip)


@st.composite
def graphs(draw, max_nodes=300):
    count = draw(st.integers(min_value=1, max_value=max_nodes))
    labels = draw(st.lists(names, min_size=count, max_size=count))
    groups = draw(st.lists(st.sampled_from(["1LSS", "PP", "SH", "SM", "SSS", ""]), min_size=count, max_size=count))
    lead = draw(st.integers(min_value=0, max_value=count - 1))
    nodes = [Node(i, labels[i], is_lead=i == lead, group=groups[i]) for i in range(count)]
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=2 * count))
    edges = {Edge(a, b, LINK_KINDS[(a + b) % 3]) for a, b in pairs if a != b}
    return nodes, sorted(edges, key=lambda e: (e.source, e.target, e.kind))


def _assert_legible(drawing):
    boxes = drawing.text_boxes()
    for first, second in itertools.combinations(boxes, 2):
        assert not first.intersects(second), (first, second)
    for box in boxes:
        assert box.x0 >= 0 and box.x1 <= drawing.width and box.y0 >= 0 and box.y1 <= drawing.height
    for n in drawing.nodes:
        assert n.x - n.r > 0 and n.y - n.r > 0 and n.x + n.r < drawing.width and n.y + n.r < drawing.height
        assert n.label_width <= LABEL_WIDTH + 0.05


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(graph=graphs())
def test_no_two_texts_of_the_drawing_ever_overlap_whatever_the_graph(graph):
    nodes, edges = graph
    titles = {"PP": "PP · Prévention et promotion de la santé — " + "très " * 60 + "long", "SM": "SM"}

    _assert_legible(grouped_layout(nodes, edges, groups=titles))


@pytest.mark.parametrize("size", [1, 2, 7, 60, 150, 300])
def test_no_two_labels_overlap_at_any_size_even_with_long_wide_names(size):
    nodes = [
        Node(i, ("WWWWWWW MMMMMM " * (1 + i % 5)) + str(i), is_lead=i == 0, group=("PP", "SM", "SH")[i % 3])
        for i in range(size)
    ]
    edges = [Edge(i, (i * 7 + 1) % size, LINK_KINDS[i % 3]) for i in range(size) if (i * 7 + 1) % size != i]

    drawing = grouped_layout(nodes, edges)

    _assert_legible(drawing)
    assert len(drawing.nodes) == size and len(drawing.edges) == len(edges)
    # The text keeps its size: a bigger network is a taller drawing, never a smaller print.
    assert drawing.width <= 1120


def test_it_shortens_long_labels_with_an_ellipsis_to_the_width_of_their_cell():
    drawing = grouped_layout([Node(1, "x" * 80), Node(2, "Court")], [])

    long, short = sorted(drawing.nodes, key=lambda n: n.node.id)
    assert long.label.endswith("…") and long.label_width <= LABEL_WIDTH
    assert text_width(long.label + "x") > LABEL_WIDTH - text_width("…")  # no more room than needed
    assert short.label == "Court"


def test_text_widths_follow_the_font_metrics():
    assert text_width("WWW") > text_width("iii") * 3
    assert text_width("é") == text_width("e")
    assert text_width("Gras", bold=True) > text_width("Gras")
    assert fit("  deux   espaces ", 500) == "deux espaces"
    assert fit("abcdef", 1) == "…"


def test_parallel_links_of_one_pair_get_distinct_curves():
    edges = [Edge(1, 2, "OG"), Edge(2, 1, "OG"), Edge(1, 2, "S")]

    drawing = grouped_layout([A, B], edges)

    assert len({e.path for e in drawing.edges}) == 3
    assert [e.edge.kind for e in drawing.edges] == ["OG", "OG", "S"]  # kind by kind


def test_link_kinds_differ_by_pattern_as_well_as_by_colour():
    assert len(set(KIND_COLOURS.values())) == len(set(KIND_DASHES.values())) == len(LINK_KINDS)


def test_a_node_grows_with_its_degree_up_to_a_maximum():
    assert node_radius(0) < node_radius(1) < node_radius(9) < node_radius(100) == node_radius(400) == MAX_NODE_RADIUS
    drawing = grouped_layout([A, B, C], [Edge(1, 2, "OG"), Edge(1, 3, "PA")])
    sizes = {n.node.id: n.r for n in drawing.nodes}
    assert sizes[1] > sizes[2] == sizes[3]


# --- the page ------------------------------------------------------------------------------------------------


def url(consortium):
    return reverse("consortia:network", args=[consortium.pk])


def meso(consortium, name, **fields):
    return MembershipFactory(
        consortium=consortium, structure=StructureFactory(name=name, level="meso", **fields)
    ).structure


def svg_of(html):
    return html[html.index("<svg xmlns") : html.index("</svg>", html.index("<svg xmlns"))]


def table_of(html):
    return html.split('id="links-table"')[1]


@pytest.mark.django_db
def test_it_draws_the_network_as_an_accessible_inline_svg_without_style_attributes(cast):
    a = cast.consortium_a
    third = meso(a, "ASBL Troisième")
    StructureLinkFactory(consortium=a, source=cast.member_a, target=cast.lead_a, kind="OG")
    StructureLinkFactory(consortium=a, source=cast.lead_a, target=third, kind="PA", note="Ateliers <communs>")

    response = cast.client("viewer").get(url(a))

    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    # Its structures are links: a group, not an image (axe: nested-interactive).
    assert 'role="group"' in svg and '<title id="network-title">' in svg and "<desc" in svg
    assert f'stroke="{KIND_COLOURS["OG"]}"' in svg and f'stroke="{KIND_COLOURS["PA"]}"' in svg
    assert f'stroke-dasharray="{KIND_DASHES["PA"]}"' in svg  # a kind is a pattern too, not a colour alone
    assert "ASBL Membre A → ASBL Porteuse A (OG)" in svg
    assert "Ateliers &lt;communs&gt;" in table_of(html) and "<communs>" not in html
    assert svg.count("<a href=") == 4  # the three méso structures of A plus its méso partner
    assert " style=" not in html and "<style" not in html
    assert "<script>" not in html
    # Coordinates are plain numbers with a dot (never localised with a comma).
    assert not re.search(r'c[xy]="\d+,\d', svg)


@pytest.mark.django_db
def test_it_groups_the_structures_by_sector_and_marks_the_lead(cast):
    a = cast.consortium_a
    meso(a, "ASBL Prévention", sector="PP")

    svg = svg_of(cast.client("viewer").get(url(a)).content.decode())

    assert "1LSS · Première ligne social santé — 1 structure" in svg
    assert "PP · Prévention et promotion de la santé — 1 structure" in svg
    assert "SM · Santé mentale — 1 structure" in svg and "SSS ·" not in svg  # no band for an empty sector
    assert svg.index("1LSS ·") < svg.index("PP ·") < svg.index("SH ·") < svg.index("SM ·")
    lead = svg[svg.index("ASBL Porteuse A (structure porteuse)") :]
    assert 'fill="none" stroke="#7c3aed"' in lead[: lead.index("</a>")]  # its ring
    assert 'font-weight="bold">ASBL Porteuse A</text>' in lead


@pytest.mark.django_db
def test_its_legend_tells_each_kind_by_colour_and_pattern(cast):
    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    legend = html[html.index('class="legend"') :]
    for kind in LINK_KINDS:
        assert f'stroke="{KIND_COLOURS[kind]}"' in legend
    assert f'stroke-dasharray="{KIND_DASHES["PA"]}"' in legend and f'stroke-dasharray="{KIND_DASHES["S"]}"' in legend
    assert "la structure porteuse (cerclée, nom en gras)" in legend


@pytest.mark.django_db
def test_it_counts_links_by_type_and_names_the_most_connected_and_the_isolated(cast):
    a = cast.consortium_a
    third = meso(a, "ASBL Troisième")
    meso(a, "ASBL Seule")
    StructureLinkFactory(consortium=a, source=cast.member_a, target=cast.lead_a, kind="OG")
    StructureLinkFactory(consortium=a, source=cast.lead_a, target=third, kind="S")
    StructureLinkFactory(consortium=a, source=third, target=cast.lead_a, kind="S")

    html = cast.client("reviewer").get(url(a)).content.decode()

    counts = html[html.index('id="link-counts"') : html.index("</section>", html.index('id="link-counts"'))]
    assert re.findall(r'class="value">(\d+)<', counts) == ["5", "3", "1", "0", "2"]  # méso, links, OG, PA, S
    most = html[html.index('id="most-connected"') : html.index('id="isolated"')]
    assert most.index("ASBL Porteuse A") < most.index("ASBL Troisième")
    assert "3 liens — sortants : 1, entrants : 2" in most
    isolated = html[html.index('id="isolated"') :]
    assert "2 structures méso n'ont aucun lien" in isolated
    assert isolated.index("ASBL Seule") < isolated.index("Hôpital Partenaire A")


@pytest.mark.django_db
def test_it_lists_every_link_in_a_table_as_a_text_alternative(cast):
    a = cast.consortium_a
    StructureLinkFactory(consortium=a, source=cast.member_a, target=cast.lead_a, kind="PA", note="Permanences")

    table = table_of(cast.client("viewer").get(url(a)).content.decode())

    assert "ASBL Membre A" in table and "ASBL Porteuse A" in table and "Permanences" in table
    assert ">PA</abbr>" in table
    assert f'href="{reverse("consortia:structure", args=[a.pk, cast.member_a.pk])}"' in table


def _many_links(consortium, count):
    structures = [meso(consortium, f"ASBL Réseau {i:02d}") for i in range(12)]
    pairs = [(s, t) for s in structures for t in structures if s != t]
    for source, target in pairs[:count]:
        StructureLinkFactory(consortium=consortium, source=source, target=target, kind="OG")


@pytest.mark.django_db
def test_the_table_of_links_is_paged_and_its_page_links_lead_back_to_it(cast):
    _many_links(cast.consortium_a, 2 * LINKS_PER_PAGE + 20)
    client = cast.client("viewer")

    first = table_of(client.get(url(cast.consortium_a)).content.decode())
    last = table_of(client.get(url(cast.consortium_a), {"page": 3}).content.decode())

    assert first.count("<tr>") - 1 == LINKS_PER_PAGE  # less the heading row
    assert f"Liens 1 à {LINKS_PER_PAGE} sur 120" in first
    assert '<nav class="pagination"' in first and "?page=2#links-table" in first
    assert last.count("<tr>") - 1 == 20 and "Page 3 sur 3" in last
    assert "ASBL Réseau 00" in first and "ASBL Réseau 11" in last  # by structure of origin
    for wrong, shown in (("abc", "Page 1 sur 3"), ("99", "Page 3 sur 3"), ("0", "Page 3 sur 3")):
        assert shown in table_of(client.get(url(cast.consortium_a), {"page": wrong}).content.decode())


@pytest.mark.django_db
def test_it_leaves_out_micro_and_macro_structures_and_other_consortia(cast):
    MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(name="Micro ASBL", level="micro"))
    StructureLinkFactory(consortium=cast.consortium_b, source=cast.lead_b, target=meso(cast.consortium_b, "B2"))

    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()
    html = re.sub(r"[A-Za-z0-9]{64}", "", html)  # the CSRF tokens: random, they may hold "B2"

    assert "Micro ASBL" not in html
    assert "ASBL Porteuse B" not in html and "B2" not in html
    assert "Aucun lien entre structures méso n'est encore enregistré." in html


@pytest.mark.django_db
def test_it_still_shows_a_link_to_a_structure_no_longer_meso_and_flags_it(cast):
    StructureLinkFactory(consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="OG")
    cast.lead_a.level = "macro"
    cast.lead_a.save()

    svg = svg_of(cast.client("viewer").get(url(cast.consortium_a)).content.decode())

    assert "ASBL Porteuse A (structure porteuse) — 1 lien — n'est plus de niveau méso" in svg


@pytest.mark.django_db
def test_it_says_when_there_is_no_meso_structure(cast):
    from consortia.models import Structure

    Structure.objects.filter(memberships__consortium=cast.consortium_a).update(level="micro")

    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    assert "Aucune structure de niveau méso dans ce consortium" in html
    assert "<svg xmlns" not in html and 'id="links-table"' not in html


# --- the cache --------------------------------------------------------------------------------------------------


def _data_queries(client, path, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries if "consortia_structurelink" in q["sql"]]


@pytest.mark.django_db
def test_a_second_reader_is_served_from_the_cache_without_the_network_queries(cast):
    StructureLinkFactory(consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="OG")

    first, computed = _data_queries(cast.client("coordinator"), url(cast.consortium_a))
    second, cached = _data_queries(cast.client("coordinator"), url(cast.consortium_a))  # another session
    third, for_a_viewer = _data_queries(cast.client("viewer"), url(cast.consortium_a))

    assert computed and not cached
    assert for_a_viewer  # pages are cached per set of permissions: the viewer's has no "Gérer les liens"
    assert svg_of(first.content.decode()) == svg_of(second.content.decode()) == svg_of(third.content.decode())
    assert "Gérer les liens" in first.content.decode() and "Gérer les liens" not in third.content.decode()


@pytest.mark.django_db
def test_a_link_added_or_removed_shows_at_once(cast):
    client = cast.client("viewer")
    assert "ASBL Membre A → ASBL Porteuse A" not in client.get(url(cast.consortium_a)).content.decode()

    link = link_create(
        actor=cast.user("coordinator"), consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="S"
    )
    html = client.get(url(cast.consortium_a)).content.decode()
    assert "ASBL Membre A → ASBL Porteuse A (S)" in svg_of(html)
    assert "ASBL Membre A" in table_of(html)

    link_delete(actor=cast.user("coordinator"), link=link)
    assert "ASBL Membre A → ASBL Porteuse A" not in client.get(url(cast.consortium_a)).content.decode()


@pytest.mark.django_db
def test_a_renamed_structure_shows_at_once_in_every_consortium_that_holds_it(cast):
    MembershipFactory(consortium=cast.consortium_b, structure=cast.member_a, role="member")
    coordinator_b = cast.client("outsider")
    viewer_a = cast.client("viewer")
    for client, consortium in ((viewer_a, cast.consortium_a), (coordinator_b, cast.consortium_b)):
        assert "ASBL Membre A" in client.get(url(consortium)).content.decode()

    structure_update(actor=cast.user("admin"), structure=cast.member_a, data={"name": "ASBL Membre Commune"})

    for client, consortium in ((viewer_a, cast.consortium_a), (coordinator_b, cast.consortium_b)):
        assert "ASBL Membre Commune" in svg_of(client.get(url(consortium)).content.decode())


@pytest.mark.django_db
def test_each_language_has_its_own_cached_drawing(cast):
    client = cast.client("viewer")
    french = svg_of(client.get(url(cast.consortium_a)).content.decode())

    client.cookies["django_language"] = "en"
    english = svg_of(client.get(url(cast.consortium_a), HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert "Réseau des structures méso du consortium « OLS A »" in french
    assert "Network of the meso structures of the consortium “OLS A”" in english


@pytest.mark.django_db
def test_the_page_works_with_redis_down_and_shows_each_write(cast, settings):
    """Redis unreachable: the resilient cache answers from process memory, the revision still moves on a write."""
    from ols_platform import cache as resilient_cache

    settings.CACHES = {
        "default": {
            "BACKEND": "ols_platform.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    resilient_cache._breakers.clear()
    try:
        client = cast.client("viewer")
        assert client.get(url(cast.consortium_a)).status_code == 200
        link_create(actor=None, consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="OG")
        response = client.get(url(cast.consortium_a))
        assert response.status_code == 200
        assert "ASBL Membre A → ASBL Porteuse A (OG)" in svg_of(response.content.decode())
    finally:
        caches["default"].close()
        resilient_cache._breakers.clear()


@pytest.mark.django_db
def test_the_page_works_without_a_cache(cast):
    """Redis down and its fallback cold, or any cache that keeps nothing: every request computes the page."""
    StructureLinkFactory(consortium=cast.consortium_a, source=cast.member_a, target=cast.lead_a, kind="PA")
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        cache.close()
        for page in ("1", "2", "x"):
            response, computed = _data_queries(cast.client("viewer"), url(cast.consortium_a), page=page)
            assert computed and "ASBL Membre A → ASBL Porteuse A (PA)" in svg_of(response.content.decode())
