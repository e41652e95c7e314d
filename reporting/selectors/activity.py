"""Reading the activity log: the filtered list (newest first), its counts per logic and type in one aggregate query,
one activity, and what the deliverable and the structures' reports show (`activities_for`, `activity_counts`)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from consortia.models import LifeBasin, Membership, Structure

from ..models.activity import ActionLogic, Activity, ActivityAttachment, ActivityKind, TransversalFunction

SEARCH_MAX = 200


@dataclass(frozen=True)
class Filters:
    """What the log is filtered on; every field optional (None/"" = not filtered)."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    kind: str = ""
    logic: str = ""
    function: str = ""
    life_basin: int | None = None
    structure: int | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return any(
            (self.start, self.end, self.kind, self.logic, self.function, self.life_basin, self.structure, self.q)
        )


def _base(consortium) -> QuerySet:
    return Activity.objects.filter(consortium=consortium)


def filtered(consortium, filters: Filters) -> QuerySet:
    """The consortium's activities matching `filters` (no related rows loaded)."""
    queryset = _base(consortium)
    if filters.start:
        queryset = queryset.filter(date__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(date__lte=filters.end)
    for name in ("kind", "logic", "function"):
        if getattr(filters, name):
            queryset = queryset.filter(**{name: getattr(filters, name)})
    if filters.life_basin:
        queryset = queryset.filter(life_basin_id=filters.life_basin)
    if filters.structure:
        queryset = queryset.filter(
            pk__in=Activity.structures.through.objects.filter(structure_id=filters.structure).values("activity_id")
        )
    if filters.q:
        term = filters.q[:SEARCH_MAX]
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(narrative__icontains=term) | Q(participants__icontains=term)
        )
    return queryset


def with_relations(queryset: QuerySet) -> QuerySet:
    """Ready to show: bassin de vie joined, structures and attachments prefetched (two queries more, any size)."""
    return (
        queryset.select_related("life_basin")
        .prefetch_related(
            Prefetch("structures", queryset=Structure.objects.only("pk", "name").order_by("name")),
            Prefetch("attachments", queryset=ActivityAttachment.objects.order_by("uploaded_at", "pk")),
        )
        .order_by("-date", "-pk")
    )


def counts(queryset: QuerySet) -> dict:
    """Per logic and per type, the total and the participants of `queryset`, in ONE aggregate query."""
    aggregates = {"total": Count("pk"), "participants": Sum("participants_count")}
    for value in ActionLogic.values:
        aggregates[f"logic_{value}"] = Count("pk", filter=Q(logic=value))
    for value in ActivityKind.values:
        aggregates[f"kind_{value}"] = Count("pk", filter=Q(kind=value))
    row = queryset.order_by().aggregate(**aggregates)
    return {
        "total": row["total"],
        "participants": row["participants"] or 0,
        "by_logic": [(value, label, row[f"logic_{value}"]) for value, label in ActionLogic.choices],
        "by_kind": [(value, label, row[f"kind_{value}"]) for value, label in ActivityKind.choices],
    }


def activity_of(consortium, activity_id) -> Activity | None:
    """One activity of the consortium, ready to show, or None (another consortium's id included)."""
    return with_relations(_base(consortium)).select_related("created_by").filter(pk=activity_id).first()


def attachment_of(consortium, activity_id, attachment_id) -> ActivityAttachment | None:
    return (
        ActivityAttachment.objects.select_related("activity")
        .filter(pk=attachment_id, activity_id=activity_id, activity__consortium=consortium)
        .first()
    )


def structures_choices(consortium) -> QuerySet:
    """The consortium's members and partners, by name (what an activity may involve)."""
    return Structure.objects.filter(
        pk__in=Membership.objects.filter(consortium=consortium).values("structure_id")
    ).order_by("name")


def life_basins_of(consortium) -> QuerySet:
    return LifeBasin.objects.filter(territory_id=consortium.territory_id).order_by("name")


# What the other reporting areas read.


def activities_for(consortium, *, start=None, end=None, ids=None) -> QuerySet:
    """The consortium's activities (between `start` and `end` inclusive, or only `ids`), newest first, with their
    bassin de vie, structures and attachments loaded: for the evaluation deliverable's evidence and the reports."""
    queryset = filtered(consortium, Filters(start=start, end=end))
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return with_relations(queryset)


def activity_counts(consortium, year: int) -> dict:
    """The year's activities counted per logic and per transversal function (and in total, with participants), in
    one query: `{"total", "participants", "by_logic": [(value, label, n)], "by_function": [(value, label, n)]}`."""
    aggregates = {"total": Count("pk"), "participants": Sum("participants_count")}
    for value in ActionLogic.values:
        aggregates[f"logic_{value}"] = Count("pk", filter=Q(logic=value))
    for value in TransversalFunction.values:
        aggregates[f"function_{value}"] = Count("pk", filter=Q(function=value))
    row = _base(consortium).filter(date__year=year).order_by().aggregate(**aggregates)
    return {
        "total": row["total"],
        "participants": row["participants"] or 0,
        "by_logic": [(value, label, row[f"logic_{value}"]) for value, label in ActionLogic.choices],
        "by_function": [(value, label, row[f"function_{value}"]) for value, label in TransversalFunction.choices],
    }
