"""Reads on consortia: each builds in visibility and loads what its page shows in a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ols_platform import history
from ols_platform.collation import french, french_key
from ols_platform.validators import object_id

from .models import (
    Consortium,
    ConsortiumRole,
    Level,
    LifeBasin,
    Membership,
    Sector,
    Structure,
    StructureLink,
    User,
)
from .network import Edge, Network, Node, analyse
from .permissions import consortia_visible_to
from .roles import ROLE_WORK
from .rules import MemberFacts, check_eligibility, is_eligible


def _count_of(queryset, outer: str):
    """How many rows of `queryset` each outer row has, as a subquery (no join multiplying the outer rows)."""
    grouped = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(grouped), 0)


def dashboard_consortia(user):
    """The consortia a user sees, with member/partner counts and the lead, in two queries."""
    lead = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(is_lead=True).select_related("structure"),
        to_attr="lead_memberships",
    )
    basins = LifeBasin.objects.filter(territory_id=OuterRef("territory_id")).order_by().values("territory_id")
    return (
        consortia_visible_to(user, Consortium.objects.select_related("territory"))
        .annotate(
            member_count=_count_of(Membership.objects.filter(role=Membership.Role.MEMBER), "consortium"),
            partner_count=_count_of(Membership.objects.filter(role=Membership.Role.PARTNER), "consortium"),
            life_basin_count=Coalesce(Subquery(basins.annotate(n=Count("pk")).values("n")), 0),
        )
        .prefetch_related(lead)
        .order_by(french("name").asc())
    )


def coordinators_of(consortium_id: int):
    """The consortium's active coordinators: who hears of AVIQ's decisions and requests."""
    roles = ConsortiumRole.objects.filter(consortium_id=consortium_id, role=ConsortiumRole.Role.COORDINATOR)
    return User.objects.filter(pk__in=roles.values("user_id"), is_active=True)


def aviq_reviewers():
    """The active AVIQ reviewers: who hears of what the consortia submit or ask."""
    return User.objects.filter(aviq_reviewer=True, is_active=True)


def roles_of(user) -> list[dict]:
    """The user's roles, each with its consortium, its structure (a reporter's) and what it does now and soon
    (`roles.ROLE_WORK`), in one query; plain values, so that they can key a cached page."""
    membership = Membership.objects.filter(consortium=OuterRef("consortium_id"), structure=OuterRef("structure_id"))
    rows = (
        ConsortiumRole.objects.filter(user=user)
        .annotate(membership_id=Subquery(membership.values("pk")[:1]))
        .order_by(french("consortium__name"), "role", "pk")
        .values_list("consortium_id", "consortium__name", "role", "structure_id", "structure__name", "membership_id")
    )
    labels = dict(ConsortiumRole.Role.choices)
    return [
        {
            "consortium_id": consortium_id,
            "consortium": consortium,
            "role": role,
            "label": labels[role],
            "structure_id": structure_id,
            "structure": structure,
            # A reporter's structure in that consortium: the page of its contact details (`membership_contact`).
            "membership_id": membership_id,
            "now": ROLE_WORK[role]["now"],
            "coming": ROLE_WORK[role]["coming"],
        }
        for consortium_id, consortium, role, structure_id, structure, membership_id in rows
    ]


def visible_revisions(user) -> tuple[tuple[int, int], ...]:
    """The consortia the user sees and their revisions: what a cached view of all of them depends on."""
    return tuple(consortia_visible_to(user).order_by("pk").values_list("pk", "revision"))


def lead_membership(consortium):
    return consortium.memberships.filter(is_lead=True).select_related("structure").first()


def eligibility(consortium):
    """The eligibility rules over the consortium's memberships, read as plain values (one query)."""
    rows = consortium.memberships.values_list(
        "structure__name",
        "role",
        "is_lead",
        "structure__legal_form",
        "structure__sector",
        "structure__is_hospital",
        "structure__is_insurer",
        "structure__insolvency",
        "conflict_of_interest_declared",
    )
    facts = [MemberFacts(*row) for row in rows]
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
        queryset=LifeBasin.objects.filter(territory_id=consortium.territory_id).order_by(french("name").asc()),
        to_attr="territory_basins",
    )
    return (
        consortium.memberships.select_related("structure")
        .prefetch_related(basins)
        .order_by("-is_lead", french("structure__name").asc(), "structure_id")
    )


@dataclass(frozen=True)
class Facets:
    """How many of the consortium's structures fall in each role, level and sector, and in each combination of the
    three (one query): the members page counts its filtered rows from it, without counting again."""

    total: int
    role: dict
    level: dict
    sector: dict
    cells: dict  # {(role, level, sector): n}

    def matching(self, role=None, level=None, sector=None) -> dict:
        """{level: n} of the structures matching the filters (None matches any value)."""
        counted = Counter()
        for (cell_role, cell_level, cell_sector), n in self.cells.items():
            if role in (None, cell_role) and level in (None, cell_level) and sector in (None, cell_sector):
                counted[cell_level] += n
        return dict(counted)


def membership_facets(consortium) -> Facets:
    rows = consortium.memberships.values_list("role", "structure__level", "structure__sector").annotate(n=Count("pk"))
    cells = {(role, level, sector): n for role, level, sector, n in rows}
    by_role, by_level, by_sector = Counter(), Counter(), Counter()
    for (role, level, sector), n in cells.items():
        by_role[role] += n
        by_level[level] += n
        by_sector[sector] += n
    return Facets(sum(cells.values()), dict(by_role), dict(by_level), dict(by_sector), cells)


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
    result["out"].sort(key=lambda link: (kinds.index(link.kind), french_key(link.target.name)))
    result["in"].sort(key=lambda link: (kinds.index(link.kind), french_key(link.source.name)))
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
class StructureRef:
    """A structure named on a page: what a link to it needs, nothing more (plain values, no model instance)."""

    id: int
    name: str
    role: str


@dataclass(frozen=True)
class Coverage:
    sectors: list  # [(value, label)]
    rows: list  # one CoverageRow per level (macro, méso, micro)
    totals: CoverageRow
    basins: list  # [(LifeBasin, [StructureRef])]
    without_basin: list  # [StructureRef]


def _sum_cells(cells) -> Cell:
    cells = list(cells)
    return Cell(sum(c.members for c in cells), sum(c.partners for c in cells))


def coverage(consortium) -> Coverage:
    """Level × sector counts of members and partners, and the structures of each bassin de vie of the territory.

    Four queries of plain values whatever the number of structures: the counts are made in SQL, the names come as
    (basin, id, name, role) rows.
    """
    counts = defaultdict(Counter)
    rows = consortium.memberships.values_list("structure__level", "structure__sector", "role").annotate(n=Count("pk"))
    for level, sector, role, n in rows:
        counts[(level, sector)][role] += n
    sectors = list(Sector.choices)
    matrix = []
    for level, label in Level.choices:
        cells = [
            Cell(counts[(level, s)][Membership.Role.MEMBER], counts[(level, s)][Membership.Role.PARTNER])
            for s, _label in sectors
        ]
        matrix.append(CoverageRow(label, cells, _sum_cells(cells)))
    column_totals = [_sum_cells(row.cells[i] for row in matrix) for i in range(len(sectors))]
    totals = CoverageRow(_("Total"), column_totals, _sum_cells(column_totals))

    in_territory = Q(structure__life_basins__territory_id=consortium.territory_id)
    by_basin = defaultdict(list)
    placed = consortium.memberships.filter(in_territory).values_list(
        "structure__life_basins", "structure_id", "structure__name", "role"
    )
    for basin_id, structure_id, name, role in placed:
        by_basin[basin_id].append(StructureRef(structure_id, name, role))
    without_basin = [
        StructureRef(*row)
        for row in consortium.memberships.exclude(in_territory).values_list("structure_id", "structure__name", "role")
    ]

    def by_name(refs):
        return sorted(refs, key=lambda ref: (french_key(ref.name), ref.id))

    basins = [
        (basin, by_name(by_basin[basin.pk]))
        for basin in consortium.territory.life_basins.order_by(french("name").asc())
    ]
    return Coverage(sectors, matrix, totals, basins, by_name(without_basin))


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
