"""Reads on consortia: each builds in visibility and loads what its page shows in a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from django.db.models import Count, Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ols_platform import history
from ols_platform.validators import object_id

from .models import Consortium, Level, LifeBasin, Membership, Sector, Structure, StructureLink
from .network import Edge, Network, Node, analyse
from .permissions import consortia_visible_to
from .rules import MemberFacts, check_eligibility, is_eligible


def dashboard_consortia(user):
    """The consortia a user sees, with member/partner counts and the lead, in two queries."""
    lead = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(is_lead=True).select_related("structure"),
        to_attr="lead_memberships",
    )
    return (
        consortia_visible_to(user, Consortium.objects.select_related("territory"))
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__role=Membership.Role.MEMBER), distinct=True),
            partner_count=Count("memberships", filter=Q(memberships__role=Membership.Role.PARTNER), distinct=True),
            life_basin_count=Count("territory__life_basins", distinct=True),
        )
        .prefetch_related(lead)
        .order_by("name")
    )


def lead_membership(consortium):
    return consortium.memberships.filter(is_lead=True).select_related("structure").first()


def eligibility(consortium):
    memberships = consortium.memberships.select_related("structure")
    facts = [
        MemberFacts(
            name=m.structure.name,
            role=m.role,
            is_lead=m.is_lead,
            legal_form=m.structure.legal_form,
            sector=m.structure.sector,
            is_hospital=m.structure.is_hospital,
            is_insurer=m.structure.is_insurer,
            insolvency=m.structure.insolvency,
            conflict_of_interest_declared=m.conflict_of_interest_declared,
        )
        for m in memberships
    ]
    return check_eligibility(territory_population=consortium.territory.population, memberships=facts)


def membership_counts(consortium) -> dict:
    counts = consortium.memberships.aggregate(
        members=Count("pk", filter=Q(role=Membership.Role.MEMBER)),
        partners=Count("pk", filter=Q(role=Membership.Role.PARTNER)),
    )
    counts["links"] = consortium.links.count()
    return counts


# --- the read pages of a consortium -----------------------------------------------------------------------


def memberships_of(consortium):
    """The consortium's memberships with their structure and the structure's bassins de vie in its territory.

    Two queries whatever the number of structures; each structure gets `territory_basins` (a list).
    """
    basins = Prefetch(
        "structure__life_basins",
        queryset=LifeBasin.objects.filter(territory_id=consortium.territory_id).order_by("name"),
        to_attr="territory_basins",
    )
    return (
        consortium.memberships.select_related("structure")
        .prefetch_related(basins)
        .order_by("-is_lead", "structure__name", "structure_id")
    )


def level_counts(memberships) -> dict:
    """How many of these memberships (a filtered queryset) fall in each level: one query."""
    counted = memberships.order_by().values_list("structure__level").annotate(n=Count("pk"))
    return dict(counted)


@dataclass(frozen=True)
class Facets:
    """How many of the consortium's structures fall in each role, level and sector (one query)."""

    total: int
    role: dict
    level: dict
    sector: dict


def membership_facets(consortium) -> Facets:
    rows = consortium.memberships.values("role", "structure__level", "structure__sector").annotate(n=Count("pk"))
    role, level, sector = Counter(), Counter(), Counter()
    for row in rows:
        role[row["role"]] += row["n"]
        level[row["structure__level"]] += row["n"]
        sector[row["structure__sector"]] += row["n"]
    return Facets(total=sum(role.values()), role=dict(role), level=dict(level), sector=dict(sector))


def membership_in(consortium, structure_id):
    """The structure's membership in this consortium (with the structure and its bassins de vie), or None."""
    structure_id = object_id(structure_id)
    return None if structure_id is None else memberships_of(consortium).filter(structure_id=structure_id).first()


def structure_by_number(number: str):
    """The structure registered under this (normalised) enterprise number, or None."""
    return Structure.objects.filter(enterprise_number=number).first()


def is_shared(structure) -> bool:
    """Whether more than one consortium holds the structure (its identity is then corrected by an admin only)."""
    return structure.memberships.values("consortium_id").distinct().count() > 1


def structure_links(consortium, structure) -> dict:
    """The structure's links in this consortium: {"out": [...], "in": [...]}, each sorted by kind then name."""
    links = consortium.links.filter(Q(source=structure) | Q(target=structure)).select_related("source", "target")
    kinds = list(StructureLink.Kind.values)
    result = {"out": [], "in": []}
    for link in links:
        result["out" if link.source_id == structure.pk else "in"].append(link)
    result["out"].sort(key=lambda link: (kinds.index(link.kind), link.target.name.casefold()))
    result["in"].sort(key=lambda link: (kinds.index(link.kind), link.source.name.casefold()))
    return result


# --- history ---------------------------------------------------------------------------------------------

HISTORY_LIMIT = 50


def _display(model, name, value) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _events(model, rows, subject_of, hidden=()) -> list[history.RecordChange]:
    """History rows (oldest first) as events, each update named against the previous row of the same object."""
    rows = list(rows)
    return history.record_changes(
        rows,
        history.previous_in_order(rows),
        history.tracked_fields(model, hidden),
        lambda name, value: _display(model, name, value),
        whole_record=False,
        subject_of=subject_of,
    )


def structure_history(consortium, structure, limit=HISTORY_LIMIT) -> tuple[list[history.RecordChange], int]:
    """Who changed what and when: the structure's record, its membership here and its links here (4 queries).

    Returns the newest `limit` events and the total number of events.
    """
    order = ("history_date", "history_id")
    structure_rows = Structure.history.filter(id=structure.pk).select_related("history_user").order_by(*order)
    membership_rows = (
        Membership.history.filter(consortium_id=consortium.pk, structure_id=structure.pk)
        .select_related("history_user")
        .order_by(*order)
    )
    link_rows = (
        StructureLink.history.filter(consortium_id=consortium.pk)
        .filter(Q(source_id=structure.pk) | Q(target_id=structure.pk))
        .select_related("history_user", "source", "target")
        .order_by(*order)
    )

    def link_subject(row):
        return _("Lien %(kind)s : %(source)s → %(target)s") % {
            "kind": row.kind,
            "source": row.source.name,
            "target": row.target.name,
        }

    # The structure's record is shared: a change made from another consortium is shown, its author is not named.
    team = set(consortium.roles.values_list("user_id", flat=True))

    def named_here(event):
        who = event.who
        if who is None or who.pk in team or who.is_superuser or who.aviq_reviewer:
            return event
        return replace(event, elsewhere=True)

    events = [
        *map(named_here, _events(Structure, structure_rows, lambda row: _("Fiche de la structure"))),
        *_events(Membership, membership_rows, lambda row: _("Place dans le consortium")),
        *_events(StructureLink, link_rows, link_subject, hidden=("consortium", "source", "target")),
    ]
    events.sort(key=lambda e: e.when, reverse=True)
    return events[:limit], len(events)


# --- network, coverage, eligibility ----------------------------------------------------------------------


def network(consortium) -> Network:
    """The méso structures of the consortium and their typed links, analysed; each node's group is the structure's
    sector (two queries, of plain values: no model instances for 300 structures and 600 links)."""
    memberships = consortium.memberships.values_list(
        "structure_id", "is_lead", "structure__name", "structure__level", "structure__sector"
    ).order_by()
    links = consortium.links.values_list(
        "source_id",
        "target_id",
        "kind",
        "note",
        "source__name",
        "source__level",
        "source__sector",
        "target__name",
        "target__level",
        "target__sector",
    ).order_by()
    lead_ids = set()
    nodes = {}
    for structure_id, is_lead, name, level, sector in memberships:
        if is_lead:
            lead_ids.add(structure_id)
        if level == Level.MESO:
            nodes[structure_id] = Node(structure_id, name, is_lead=is_lead, group=sector)
    edges = []
    # A structure whose level changed since its links were made still appears, flagged.
    for source, target, kind, note, *ends in links:
        for structure_id, (name, level, sector) in ((source, ends[:3]), (target, ends[3:])):
            if structure_id not in nodes:
                nodes[structure_id] = Node(
                    structure_id, name, is_lead=structure_id in lead_ids, is_meso=level == Level.MESO, group=sector
                )
        edges.append(Edge(source, target, kind, note))
    return analyse(nodes.values(), edges)


@dataclass(frozen=True)
class Cell:
    members: int = 0
    partners: int = 0

    @property
    def total(self) -> int:
        return self.members + self.partners


@dataclass(frozen=True)
class CoverageRow:
    label: str
    cells: list
    total: Cell


@dataclass(frozen=True)
class Coverage:
    sectors: list  # [(value, label)]
    rows: list  # one CoverageRow per level (macro, méso, micro)
    totals: CoverageRow
    basins: list  # [(LifeBasin, [Membership])]
    without_basin: list  # [Membership]


def _sum_cells(cells) -> Cell:
    cells = list(cells)
    return Cell(sum(c.members for c in cells), sum(c.partners for c in cells))


def coverage(consortium) -> Coverage:
    """Level × sector counts of members and partners, and structures per bassin de vie (three queries)."""
    memberships = list(memberships_of(consortium))
    counts = defaultdict(Counter)
    for m in memberships:
        counts[(m.structure.level, m.structure.sector)][m.role] += 1
    sectors = list(Sector.choices)
    rows = []
    for level, label in Level.choices:
        cells = [
            Cell(counts[(level, s)][Membership.Role.MEMBER], counts[(level, s)][Membership.Role.PARTNER])
            for s, _label in sectors
        ]
        rows.append(CoverageRow(label, cells, _sum_cells(cells)))
    column_totals = [_sum_cells(row.cells[i] for row in rows) for i in range(len(sectors))]
    totals = CoverageRow(_("Total"), column_totals, _sum_cells(column_totals))

    by_basin = defaultdict(list)
    without_basin = []
    for m in memberships:
        if not m.structure.territory_basins:
            without_basin.append(m)
        for basin in m.structure.territory_basins:
            by_basin[basin.pk].append(m)
    basins = [
        (basin, sorted(by_basin[basin.pk], key=lambda m: m.structure.name.casefold()))
        for basin in consortium.territory.life_basins.order_by("name")
    ]
    without_basin.sort(key=lambda m: m.structure.name.casefold())
    return Coverage(sectors, rows, totals, basins, without_basin)


@dataclass(frozen=True)
class Eligibility:
    results: list
    eligible: bool

    @property
    def met(self) -> int:
        return sum(1 for r in self.results if r.met)

    @property
    def unmet(self) -> list:
        return [r for r in self.results if not r.met]


def eligibility_summary(consortium) -> Eligibility:
    results = eligibility(consortium)
    return Eligibility(results, is_eligible(results))
