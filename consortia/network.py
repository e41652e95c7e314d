"""The network of typed links between méso structures (DOMAIN §2): metrics and a deterministic drawing.

Pure code over plain values — no database, no request — so that it is trivially unit-tested. The page
(`consortia:network`) turns the `Drawing` into an inline SVG: coordinates are computed here, colours are given as
SVG presentation attributes (the CSP forbids `style` attributes).
"""

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

LINK_KINDS = ("OG", "PA", "S")
KIND_COLOURS = {"OG": "#1d4ed8", "PA": "#15803d", "S": "#c2410c"}
MOST_CONNECTED_LIMIT = 5
LABEL_MAX_CHARS = 30


@dataclass(frozen=True)
class Node:
    id: Hashable
    label: str
    is_lead: bool = False
    is_meso: bool = True


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
class PlacedNode:
    node: Node
    degree: int
    x: float
    y: float
    r: float
    label: str
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor: "start" or "end"
    rotation: float  # degrees, around (label_x, label_y)


@dataclass(frozen=True)
class PlacedEdge:
    edge: Edge
    source: Node
    target: Node
    path: str  # SVG path data
    colour: str


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]

    @property
    def view_box(self) -> str:
        return f"0 0 {_fmt(self.width)} {_fmt(self.height)}"


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]
    counts_by_kind: dict[str, int]
    degrees: list[Degree]  # every node, most connected first
    most_connected: list[Degree]
    isolated: list[Node]
    drawing: Drawing | None = field(default=None)

    @property
    def link_count(self) -> int:
        return len(self.edges)


def _sort_key(node: Node):
    return (node.label.casefold(), str(node.id))


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


def analyse(nodes: Iterable[Node], edges: Iterable[Edge], *, draw: bool = True) -> Network:
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
        drawing=circular_layout(nodes, edges, ranked) if draw and nodes else None,
    )


# --- drawing ------------------------------------------------------------------------------------------------

NODE_SPACING = 26.0  # along the circle, between two node centres
MIN_RADIUS = 110.0
MAX_NODE_RADIUS = 18.0
LABEL_GAP = 6.0  # between a node's rim and its label
CHAR_WIDTH = 6.2  # an average character at font size 11, in SVG units
LABEL_MARGIN = MAX_NODE_RADIUS + LABEL_GAP + LABEL_MAX_CHARS * CHAR_WIDTH + 4  # room outside the circle for labels
PARALLEL_SPACING = 18.0  # between parallel links of one pair of nodes


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _truncate(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def node_radius(degree: int) -> float:
    """A node grows with its number of links, up to MAX_NODE_RADIUS."""
    return round(min(MAX_NODE_RADIUS, 5.0 + 2.0 * math.sqrt(degree)), 1)


def circular_layout(nodes: list[Node], edges: list[Edge], ranked: list[Degree] | None = None) -> Drawing:
    """Nodes on a circle in name order (first at the top, clockwise); links as straight or curved arrows.

    The same nodes and edges always give the same drawing, whatever their input order.
    """
    ranked = ranked if ranked is not None else degrees(nodes, edges)
    degree_of = {d.node.id: d.total for d in ranked}
    ordered = sorted(nodes, key=_sort_key)
    count = len(ordered)
    radius = max(MIN_RADIUS, count * NODE_SPACING / (2 * math.pi))
    centre = radius + LABEL_MARGIN
    size = 2 * centre

    placed: dict[Hashable, PlacedNode] = {}
    for index, node in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = centre + radius * cos, centre + radius * sin
        r = node_radius(degree_of.get(node.id, 0))
        label_distance = radius + r + LABEL_GAP
        label_x, label_y = centre + label_distance * cos, centre + label_distance * sin
        degrees_angle = math.degrees(angle)
        if cos >= -1e-9:  # right half: text reads outwards
            anchor, rotation = "start", degrees_angle
        else:  # left half: flip so the text is not upside down, and anchor at its end
            anchor, rotation = "end", degrees_angle + 180 - 360
        placed[node.id] = PlacedNode(
            node=node,
            degree=degree_of.get(node.id, 0),
            x=round(x, 1),
            y=round(y, 1),
            r=r,
            label=_truncate(node.label),
            label_x=round(label_x, 1),
            label_y=round(label_y, 1),
            anchor=anchor,
            rotation=round(rotation, 1),
        )

    # Links of one pair (any direction, any kind) fan out around the chord between the two nodes.
    position = {node.id: i for i, node in enumerate(ordered)}
    groups: dict[tuple, list[Edge]] = defaultdict(list)
    for edge in edges:
        pair = tuple(sorted((edge.source, edge.target), key=lambda node_id: position[node_id]))
        groups[pair].append(edge)

    drawn: list[PlacedEdge] = []
    for pair in sorted(groups, key=lambda p: (position[p[0]], position[p[1]])):
        group = sorted(groups[pair], key=lambda e: (LINK_KINDS.index(e.kind), position[e.source]))
        first, second = placed[pair[0]], placed[pair[1]]
        # Unit normal of the chord, oriented from the pair's first node to its second (not by link direction).
        dx, dy = second.x - first.x, second.y - first.y
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        for i, edge in enumerate(group):
            offset = (i - (len(group) - 1) / 2) * PARALLEL_SPACING
            source, target = placed[edge.source], placed[edge.target]
            drawn.append(
                PlacedEdge(
                    edge=edge,
                    source=source.node,
                    target=target.node,
                    path=_edge_path(source, target, nx, ny, offset),
                    colour=KIND_COLOURS[edge.kind],
                )
            )
    return Drawing(width=round(size, 1), height=round(size, 1), nodes=[placed[n.id] for n in ordered], edges=drawn)


def _edge_path(source: PlacedNode, target: PlacedNode, nx: float, ny: float, offset: float) -> str:
    """A quadratic curve from the source's rim to the target's rim (leaving room for the arrowhead).

    The control point sits `2 × offset` off the chord's middle, so the curve passes `offset` away from it.
    """
    cx = (source.x + target.x) / 2 + 2 * offset * nx
    cy = (source.y + target.y) / 2 + 2 * offset * ny
    start = _towards(source.x, source.y, cx, cy, source.r)
    end = _towards(target.x, target.y, cx, cy, target.r + 3)
    if offset == 0:
        return f"M {_fmt(start[0])} {_fmt(start[1])} L {_fmt(end[0])} {_fmt(end[1])}"
    return f"M {_fmt(start[0])} {_fmt(start[1])} Q {_fmt(cx)} {_fmt(cy)} {_fmt(end[0])} {_fmt(end[1])}"


def _towards(x: float, y: float, to_x: float, to_y: float, distance: float) -> tuple[float, float]:
    dx, dy = to_x - x, to_y - y
    length = math.hypot(dx, dy)
    if length == 0:
        return x, y
    return x + dx / length * distance, y + dy / length * distance
