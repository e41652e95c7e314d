"""The network of typed links between méso structures (DOMAIN §2): metrics and a deterministic drawing.

Pure code over plain values — no database, no request — so that it is trivially unit-tested. The page
(`consortia:network`, consortia/views/network.py) turns the `Drawing` into an inline SVG: coordinates are computed
here, colours and dash patterns are given as SVG presentation attributes (the CSP forbids `style` attributes).

The drawing (`grouped_layout`) groups the structures by sector: one band per group, headed by its title, its
structures in name order down the columns of a grid, each label on its own line to the right of its node. Text
widths are estimated with the metrics of Arial/Helvetica (the font the SVG asks for, `FONT_FAMILY`) and a label is
shortened to the width of its cell, so that no two texts overlap, whatever the names and the number of structures
(`Drawing.text_boxes`). The drawing keeps its size per structure (a 300-structure network is taller, never
smaller-printed). Links are curves between the nodes; their kind is told by colour and by dash pattern.
"""

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from ols_platform.collation import french_key

LINK_KINDS = ("OG", "PA", "S")
KIND_COLOURS = {"OG": "#1d4ed8", "PA": "#15803d", "S": "#c2410c"}
# Solid, dashed, dotted: the kinds differ by pattern as well as by colour (readable without colour vision).
KIND_DASHES = {"OG": "", "PA": "8 4", "S": "2 3"}
MOST_CONNECTED_LIMIT = 5


@dataclass(frozen=True)
class Node:
    id: Hashable
    label: str
    is_lead: bool = False
    is_meso: bool = True
    group: Hashable = ""  # the key of the node's group in the drawing (the structure's sector)


@dataclass(frozen=True)
class Edge:
    source: Hashable
    target: Hashable
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Degree:
    node: Node
    links_in: int
    links_out: int
    neighbours: int

    @property
    def total(self) -> int:
        return self.links_in + self.links_out


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]
    counts_by_kind: dict[str, int]
    degrees: list[Degree]  # every node, most connected first
    most_connected: list[Degree]
    isolated: list[Node]

    @property
    def link_count(self) -> int:
        return len(self.edges)


def _sort_key(node: Node):
    return (french_key(node.label), str(node.id))


def _check(nodes: list[Node], edges: list[Edge]) -> None:
    ids = [n.id for n in nodes]
    if len(ids) != len(set(ids)):
        raise ValueError("Two nodes share an id.")
    known = set(ids)
    for edge in edges:
        if edge.source not in known or edge.target not in known:
            raise ValueError(f"Edge {edge.source}→{edge.target} names an unknown node.")
        if edge.source == edge.target:
            raise ValueError("An edge links a node to itself.")
        if edge.kind not in LINK_KINDS:
            raise ValueError(f"Unknown link kind {edge.kind!r}.")


def counts_by_kind(edges: Iterable[Edge]) -> dict[str, int]:
    """Links per kind, every kind present (zero when absent), in the order OG, PA, S."""
    counted = Counter(e.kind for e in edges)
    return {kind: counted.get(kind, 0) for kind in LINK_KINDS}


def degrees(nodes: list[Node], edges: list[Edge]) -> list[Degree]:
    """Each node's incoming and outgoing links and distinct neighbours, most connected first, then by name."""
    links_in, links_out = Counter(), Counter()
    neighbours = defaultdict(set)
    for edge in edges:
        links_out[edge.source] += 1
        links_in[edge.target] += 1
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    result = [Degree(n, links_in[n.id], links_out[n.id], len(neighbours[n.id])) for n in nodes]
    result.sort(key=lambda d: (-d.total, -d.neighbours, *_sort_key(d.node)))
    return result


def analyse(nodes: Iterable[Node], edges: Iterable[Edge]) -> Network:
    nodes, edges = list(nodes), list(edges)
    _check(nodes, edges)
    ranked = degrees(nodes, edges)
    return Network(
        nodes=sorted(nodes, key=_sort_key),
        edges=edges,
        counts_by_kind=counts_by_kind(edges),
        degrees=ranked,
        most_connected=[d for d in ranked if d.total > 0][:MOST_CONNECTED_LIMIT],
        isolated=sorted((d.node for d in ranked if d.total == 0), key=_sort_key),
    )


# --- text metrics -------------------------------------------------------------------------------------------

FONT_FAMILY = "Arial, Liberation Sans, Helvetica, sans-serif"  # metric-compatible faces: the widths below hold
FONT_SIZE = 11.0
TITLE_FONT_SIZE = 12.0
TEXT_HEIGHT = 1.25  # a line of text, in font sizes (ascent + descent of Arial, rounded up)
WIDTH_MARGIN = 1.06  # widths are estimated 6 % wider than Arial's, for hinting and close faces
ELLIPSIS = "…"

# Advance widths (thousandths of the font size) of Helvetica/Arial, regular and bold, for the printable ASCII
# characters (from space, 32, to tilde, 126); other letters count as their unaccented base letter.
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 278 278 "
    "584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 "
    "944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 "
    "500 278 556 500 722 500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 333 333 "
    "584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 611 722 667 "
    "944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 "
    "556 333 611 556 778 556 556 500 389 280 389 584"
)
_OTHERS = {"…": 1000, "·": 278, "’": 278, "‘": 278, "«": 556, "»": 556, "–": 556, "—": 1000, "€": 556, "\u00a0": 278}
_OTHERS |= {"œ": 944, "Œ": 1000, "æ": 889, "Æ": 1000, "ß": 611, "ø": 611, "Ø": 778, "ı": 278, "ł": 278, "Ł": 611}
_WIDTHS = {
    bold: {chr(32 + i): int(w) for i, w in enumerate(table.split())} | _OTHERS
    for bold, table in ((False, _REGULAR), (True, _BOLD))
}
_UNKNOWN = 1000  # a character outside the tables (CJK, symbols): a full em, which none exceeds much


def _char_width(char: str, bold: bool) -> int:
    widths = _WIDTHS[bold]
    width = widths.get(char)
    if width is None:
        base = unicodedata.normalize("NFD", char)[:1]  # é → e, Ç → C
        width = widths.get(base, _UNKNOWN)
    return width


def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """The estimated width of `text` in SVG units at font size `size` (an upper bound for Arial-like faces)."""
    return sum(_char_width(char, bold) for char in text) * size / 1000 * WIDTH_MARGIN


def fit(text: str, width: float, size: float = FONT_SIZE, *, bold: bool = False) -> str:
    """`text`, shortened with an ellipsis if needed so that it is at most `width` wide."""
    text = " ".join(text.split())
    if text_width(text, size, bold=bold) <= width:
        return text
    room = width / (size / 1000 * WIDTH_MARGIN) - _char_width(ELLIPSIS, bold)
    used = 0
    for end, char in enumerate(text):
        used += _char_width(char, bold)
        if used > room:  # `char` does not fit beside the ellipsis
            return text[:end].rstrip() + ELLIPSIS
    return text  # not reached: the whole text did not fit


@dataclass(frozen=True)
class Box:
    """A text's bounding box: x from left to right, y from top to bottom."""

    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: "Box") -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def _line_box(x: float, middle: float, width: float, size: float) -> Box:
    half = size * TEXT_HEIGHT / 2
    return Box(x, middle - half, x + width, middle + half)


# --- drawing ------------------------------------------------------------------------------------------------

MAX_COLUMNS = 5
CELL_WIDTH = 216.0  # a node and its label
ROW_HEIGHT = 26.0
MAX_NODE_RADIUS = 8.0
LEAD_RING = 3.0  # the ring around the lead structure, outside its node
NODE_SLOT = 2 * (MAX_NODE_RADIUS + LEAD_RING)
LABEL_GAP = 4.0  # between the node's slot and its label
COLUMN_GAP = 12.0  # between a label and the next column
LABEL_WIDTH = CELL_WIDTH - NODE_SLOT - LABEL_GAP - COLUMN_GAP
MARGIN = 8.0  # around the bands
BAND_INSET = 8.0  # inside a band, left and right of its grid
TITLE_HEIGHT = 26.0  # the band's title line, above its grid
BAND_PADDING = 6.0  # below a band's grid
BAND_GAP = 10.0  # between two bands
BEND = 0.12  # a link curves off its chord by this share of its length…
MAX_BEND = 36.0  # …up to this
PARALLEL_SPACING = 10.0  # between the links of one pair of nodes
ARROW_ROOM = 3.0  # the arrowhead ends this far out of the target's rim


@dataclass(frozen=True)
class PlacedNode:
    node: Node
    degree: int
    x: float
    y: float
    r: float
    label: str  # the node's label, shortened to its cell
    label_x: float  # where the label starts
    label_y: float  # the label's middle line
    label_width: float
    bold: bool

    @property
    def label_box(self) -> Box:
        return _line_box(self.label_x, self.label_y, self.label_width, FONT_SIZE)

    @property
    def baseline(self) -> float:
        """The y of the label's baseline (SVG places text by its baseline): its middle line, lowered."""
        return round(self.label_y + 0.35 * FONT_SIZE, 1)


@dataclass(frozen=True)
class PlacedGroup:
    key: Hashable
    title: str  # shortened to the band's width
    count: int
    x: float
    y: float
    width: float
    height: float
    title_x: float
    title_y: float  # the title's middle line
    title_width: float

    @property
    def title_box(self) -> Box:
        return _line_box(self.title_x, self.title_y, self.title_width, TITLE_FONT_SIZE)

    @property
    def baseline(self) -> float:
        return round(self.title_y + 0.35 * TITLE_FONT_SIZE, 1)


@dataclass(frozen=True)
class PlacedEdge:
    edge: Edge
    source: Node
    target: Node
    path: str  # SVG path data


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    groups: list[PlacedGroup]
    nodes: list[PlacedNode]  # group by group, in name order
    edges: list[PlacedEdge]  # kind by kind (OG, PA, S)

    @property
    def view_box(self) -> str:
        return f"0 0 {_fmt(self.width)} {_fmt(self.height)}"

    def text_boxes(self) -> list[Box]:
        """The bounding box of every text of the drawing: the groups' titles, then the nodes' labels."""
        return [g.title_box for g in self.groups] + [n.label_box for n in self.nodes]


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def node_radius(degree: int) -> float:
    """A node grows with its number of links, up to MAX_NODE_RADIUS."""
    return round(min(MAX_NODE_RADIUS, 4.0 + 1.2 * math.sqrt(degree)), 1)


def grouped_layout(
    nodes: list[Node],
    edges: list[Edge],
    *,
    groups: Mapping[Hashable, str] | None = None,
    ranked: list[Degree] | None = None,
) -> Drawing:
    """Nodes grouped by `Node.group`, one band per group titled `groups[key]`, in the order of `groups` (groups
    it does not name follow, by key); inside a band, nodes in name order down columns of at most MAX_COLUMNS.

    The same nodes and edges always give the same drawing, whatever their input order.
    """
    groups = groups or {}
    ranked = ranked if ranked is not None else degrees(nodes, edges)
    degree_of = {d.node.id: d.total for d in ranked}
    members: dict[Hashable, list[Node]] = defaultdict(list)
    for node in nodes:
        members[node.group].append(node)
    order = [key for key in groups if key in members]
    order += sorted((key for key in members if key not in groups), key=str)
    columns = min(MAX_COLUMNS, max((len(m) for m in members.values()), default=1))
    # As wide as its columns, or as its longest title up to the widest grid (a longer title is shortened).
    titles_width = max((text_width(groups.get(key, str(key)), TITLE_FONT_SIZE, bold=True) for key in order), default=0)
    grid_width = max(columns * CELL_WIDTH, min(math.ceil(titles_width), MAX_COLUMNS * CELL_WIDTH))
    width = 2 * (MARGIN + BAND_INSET) + grid_width
    band_width = width - 2 * MARGIN

    placed_groups: list[PlacedGroup] = []
    placed: dict[Hashable, PlacedNode] = {}
    top = MARGIN
    for key in order:
        group_nodes = sorted(members[key], key=_sort_key)
        rows = math.ceil(len(group_nodes) / MAX_COLUMNS)
        title = fit(groups.get(key, str(key)), band_width - 2 * BAND_INSET, TITLE_FONT_SIZE, bold=True)
        band_height = TITLE_HEIGHT + rows * ROW_HEIGHT + BAND_PADDING
        placed_groups.append(
            PlacedGroup(
                key=key,
                title=title,
                count=len(group_nodes),
                x=MARGIN,
                y=round(top, 1),
                width=round(band_width, 1),
                height=round(band_height, 1),
                title_x=MARGIN + BAND_INSET,
                title_y=round(top + TITLE_HEIGHT / 2 + 2, 1),
                title_width=round(text_width(title, TITLE_FONT_SIZE, bold=True), 1),
            )
        )
        for index, node in enumerate(group_nodes):
            column, row = divmod(index, rows)  # down the columns: the names read like an index
            cell_x = MARGIN + BAND_INSET + column * CELL_WIDTH
            y = round(top + TITLE_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2, 1)
            label = fit(node.label, LABEL_WIDTH, bold=node.is_lead)
            placed[node.id] = PlacedNode(
                node=node,
                degree=degree_of.get(node.id, 0),
                x=round(cell_x + NODE_SLOT / 2, 1),
                y=y,
                r=node_radius(degree_of.get(node.id, 0)),
                label=label,
                label_x=round(cell_x + NODE_SLOT + LABEL_GAP, 1),
                label_y=y,
                label_width=round(text_width(label, bold=node.is_lead), 1),
                bold=node.is_lead,
            )
        top += band_height + BAND_GAP
    height = top - BAND_GAP + MARGIN if order else 2 * MARGIN
    ordered = [placed[n.id] for key in order for n in sorted(members[key], key=_sort_key)]
    return Drawing(
        width=round(width, 1),
        height=round(height, 1),
        groups=placed_groups,
        nodes=ordered,
        edges=_place_edges(edges, placed, {p.node.id: i for i, p in enumerate(ordered)}),
    )


def _place_edges(edges: list[Edge], placed: dict, position: dict) -> list[PlacedEdge]:
    """Links as curves; the links of one pair (any direction, any kind) fan out around the first one's curve."""
    pairs: dict[tuple, list[Edge]] = defaultdict(list)
    for edge in edges:
        pair = tuple(sorted((edge.source, edge.target), key=lambda node_id: position[node_id]))
        pairs[pair].append(edge)

    drawn: list[tuple] = []
    for pair, group in pairs.items():
        group.sort(key=lambda e: (LINK_KINDS.index(e.kind), position[e.source]))
        first, second = placed[pair[0]], placed[pair[1]]
        # Unit normal of the chord, oriented from the pair's first node to its second (not by link direction).
        dx, dy = second.x - first.x, second.y - first.y
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        bend = min(MAX_BEND, BEND * length)
        for i, edge in enumerate(group):
            offset = bend + (i - (len(group) - 1) / 2) * PARALLEL_SPACING
            source, target = placed[edge.source], placed[edge.target]
            placed_edge = PlacedEdge(
                edge=edge, source=source.node, target=target.node, path=_edge_path(source, target, nx, ny, offset)
            )
            drawn.append(((LINK_KINDS.index(edge.kind), position[pair[0]], position[pair[1]], i), placed_edge))
    drawn.sort(key=lambda item: item[0])
    return [placed_edge for _, placed_edge in drawn]


def _edge_path(source: PlacedNode, target: PlacedNode, nx: float, ny: float, offset: float) -> str:
    """A quadratic curve from the source's rim to the target's rim (leaving room for the arrowhead).

    The control point sits `2 × offset` off the chord's middle, so the curve passes `offset` away from it.
    """
    cx = (source.x + target.x) / 2 + 2 * offset * nx
    cy = (source.y + target.y) / 2 + 2 * offset * ny
    start = _towards(source.x, source.y, cx, cy, source.r)
    end = _towards(target.x, target.y, cx, cy, target.r + ARROW_ROOM)
    return f"M{_fmt(start[0])} {_fmt(start[1])}Q{_fmt(cx)} {_fmt(cy)} {_fmt(end[0])} {_fmt(end[1])}"


def _towards(x: float, y: float, to_x: float, to_y: float, distance: float) -> tuple[float, float]:
    dx, dy = to_x - x, to_y - y
    length = math.hypot(dx, dy)
    if length == 0:
        return x, y
    return x + dx / length * distance, y + dy / length * distance
