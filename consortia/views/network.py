"""The network page of a consortium: its méso structures grouped by sector, their typed links, and the list of links.

Cached like the other read pages (`render_cached_page`): computed once per consortium revision, language, reader's
permissions and page of the table — two queries and the layout —, then served from the cache.
"""

from html import escape as html_escape
from itertools import groupby
from typing import NamedTuple

from django.core.paginator import Paginator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ols_platform.collation import french_key
from ols_platform.links import fill_id, url_with_id_slot

from .. import selectors
from ..models import Sector, StructureLink
from ..network import (
    FONT_FAMILY,
    FONT_SIZE,
    KIND_COLOURS,
    KIND_DASHES,
    LEAD_RING,
    LINK_KINDS,
    TITLE_FONT_SIZE,
    Drawing,
    Network,
    grouped_layout,
)
from .common import consortium_page, render_cached_page

LINKS_PER_PAGE = 50
LEAD_COLOUR = "#7c3aed"
LINKED_COLOUR = "#475569"
ISOLATED_COLOUR = "#a1a1aa"


class LinkRow(NamedTuple):
    """A row of the table of links."""

    source_url: str
    source: str
    kind: str
    kind_label: str
    target_url: str
    target: str
    note: str


@consortium_page(methods=("GET", "HEAD"))
def network(request, access):
    consortium = access.consortium
    return render_cached_page(
        request,
        access,
        "network",
        title=_("Réseau des structures méso"),
        body="consortia/pages/network_body.html",
        build=lambda: network_context(consortium, request.GET.get("page")),
    )


def _kinds(graph: Network) -> list[dict]:
    labels = dict(StructureLink.Kind.choices)
    return [
        {
            "code": kind,
            "label": labels[kind],
            "colour": KIND_COLOURS[kind],
            "dash": KIND_DASHES[kind],
            "count": graph.counts_by_kind[kind],
        }
        for kind in LINK_KINDS
    ]


def _structure_urls(consortium):
    """`structure id → its page`, from one reverse (not one per structure)."""
    structure_url = url_with_id_slot("consortia:structure", consortium.pk)
    return lambda structure_id: fill_id(structure_url, structure_id)


def _group_titles(graph: Network) -> dict:
    counted = {}
    for node in graph.nodes:
        counted[node.group] = counted.get(node.group, 0) + 1
    titles = {}
    for value, label in [*Sector.choices, ("", _("Sans secteur"))]:
        n = counted.get(value, 0)
        titles[value] = ngettext("%(sector)s — %(n)d structure", "%(sector)s — %(n)d structures", n) % {
            "sector": label,
            "n": n,
        }
    return titles


def network_context(consortium, requested_page) -> dict:
    """The drawing, its counts and legend, and the page `requested_page` of the table of links (two queries)."""
    graph = selectors.network(consortium)
    url_of = _structure_urls(consortium)
    names = {node.id: node.label for node in graph.nodes}
    kind_labels = dict(StructureLink.Kind.choices)
    links = sorted(
        graph.edges,
        key=lambda e: (french_key(names[e.source]), french_key(names[e.target]), LINK_KINDS.index(e.kind)),
    )
    rows = [
        LinkRow(
            url_of(e.source), names[e.source], e.kind, kind_labels[e.kind], url_of(e.target), names[e.target], e.note
        )
        for e in links
    ]
    svg = ""
    if graph.nodes:
        drawing = grouped_layout(graph.nodes, graph.edges, groups=_group_titles(graph), ranked=graph.degrees)
        svg = _svg(drawing, consortium, url_of)
    return {
        "graph": graph,
        "kinds": _kinds(graph),
        "svg": svg,
        "lead_colour": LEAD_COLOUR,
        "linked_colour": LINKED_COLOUR,
        "isolated_colour": ISOLATED_COLOUR,
        "link_count": len(rows),
        "page": Paginator(rows, LINKS_PER_PAGE).get_page(requested_page),
    }


def escape(text: str) -> str:
    """Text content escaped (`<`, `>`, `&`); quotes stay as they are, outside attributes."""
    return html_escape(text, quote=False)


def _svg(drawing: Drawing, consortium, url_of) -> SafeString:
    """The drawing as inline SVG markup: built as text (a template loop over 900 shapes costs ten times more),
    every user-given text escaped; presentation attributes only (the CSP forbids `style`)."""
    n, links = len(drawing.nodes), len(drawing.edges)
    title = _("Réseau des structures méso du consortium « %(name)s »") % {"name": consortium.name}
    desc = " ".join(
        (
            ngettext("%(n)d structure méso, par secteur.", "%(n)d structures méso, groupées par secteur.", n)
            % {"n": n},
            ngettext(
                "%(links)d lien, donné dans le tableau sous le graphique.",
                "%(links)d liens, donnés un à un dans le tableau sous le graphique.",
                links,
            )
            % {"links": links},
        )
    )
    lead_text, not_meso_text = _("structure porteuse"), _("n'est plus de niveau méso")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{drawing.view_box}" width="{drawing.width:.0f}" '
        f'height="{drawing.height:.0f}" role="group" aria-labelledby="network-title network-desc" id="network-svg">',
        f'<title id="network-title">{escape(title)}</title><desc id="network-desc">{escape(desc)}</desc><defs>',
    ]
    for kind in LINK_KINDS:
        out.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" '
            f'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{KIND_COLOURS[kind]}"/></marker>'
        )
    out.append('</defs><g class="group-bands">')
    for g in drawing.groups:
        out.append(f'<rect x="{g.x:.1f}" y="{g.y:.1f}" width="{g.width:.1f}" height="{g.height:.1f}" rx="6"/>')
    out.append(
        f'</g><g font-family="{FONT_FAMILY}" font-size="{TITLE_FONT_SIZE:g}" font-weight="bold" fill="currentColor" '
        'class="group-titles">'
    )
    for g in drawing.groups:
        out.append(f'<text x="{g.title_x:.1f}" y="{g.baseline:.1f}">{escape(g.title)}</text>')
    out.append("</g>")
    for kind, edges in groupby(drawing.edges, key=lambda e: e.edge.kind):  # the edges come kind by kind
        dash = f' stroke-dasharray="{KIND_DASHES[kind]}"' if KIND_DASHES[kind] else ""
        out.append(
            f'<g fill="none" stroke="{KIND_COLOURS[kind]}" stroke-width="1.5"{dash} marker-end="url(#arrow-{kind})" '
            f'class="edges edges-{kind}">'
        )
        for e in edges:
            out.append(
                f'<path d="{e.path}"><title>{escape(e.source.label)} → {escape(e.target.label)} ({kind})</title></path>'
            )
        out.append("</g>")
    out.append(f'<g font-family="{FONT_FAMILY}" font-size="{FONT_SIZE:g}" fill="currentColor" class="nodes">')
    for p in drawing.nodes:
        node = p.node
        tip = [node.label]
        if node.is_lead:
            tip.append(f" ({lead_text})")
        tip.append(" — " + ngettext("%(d)d lien", "%(d)d liens", p.degree) % {"d": p.degree})
        if not node.is_meso:
            tip.append(f" — {not_meso_text}")
        if node.is_lead:
            shape = (
                f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="{p.r + LEAD_RING:.1f}" fill="none" stroke="{LEAD_COLOUR}" '
                f'stroke-width="2"/><circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="{p.r:.1f}" fill="{LEAD_COLOUR}"/>'
            )
        elif not node.is_meso:
            shape = (
                f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="{p.r:.1f}" fill="#ffffff" stroke="{LINKED_COLOUR}" '
                'stroke-dasharray="2 2"/>'
            )
        else:
            colour = LINKED_COLOUR if p.degree else ISOLATED_COLOUR
            shape = f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="{p.r:.1f}" fill="{colour}"/>'
        bold = ' font-weight="bold"' if p.bold else ""
        out.append(
            f'<a href="{url_of(node.id)}"><title>{escape("".join(tip))}</title>{shape}'
            f'<text x="{p.label_x:.1f}" y="{p.baseline:.1f}"{bold}>{escape(p.label)}</text></a>'
        )
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 — built above from numbers and escaped texts
