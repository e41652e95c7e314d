"""Reads for the mandate pages, each a fixed number of queries whatever the number of mandates and versions."""

import datetime

from django.db.models import Case, Exists, IntegerField, OuterRef, Subquery, Value, When
from django.utils import timezone

from governance.models import Body

from .models import Mandate, MandateKind

EXPIRY_WARNING_DAYS = 60
# The list's groups, in this order: the spaces, then the functions.
KIND_ORDER = [kind.value for kind in MandateKind]


def latest_versions(consortium):
    """The latest version of each of the consortium's mandates, by kind (the list's order) then title, with the
    number of the version in force (adopted) when the latest is an amendment in preparation."""
    newer = Mandate.objects.filter(lineage=OuterRef("lineage"), number__gt=OuterRef("number"))
    in_force = Mandate.objects.filter(lineage=OuterRef("lineage"), status=Mandate.Status.ADOPTED).values("number")[:1]
    return (
        Mandate.objects.filter(consortium=consortium)
        .filter(~Exists(newer))
        .select_related("body", "life_basin")
        .annotate(
            kind_order=Case(
                *(When(kind=kind, then=Value(position)) for position, kind in enumerate(KIND_ORDER)),
                output_field=IntegerField(),
            ),
            in_force_number=Subquery(in_force),
        )
        .order_by("kind_order", "title", "pk")
    )


def expiring(consortium, today: datetime.date | None = None):
    """Adopted mandates whose end date falls within the next 60 days, soonest first."""
    today = today or timezone.localdate()
    return (
        Mandate.objects.filter(
            consortium=consortium,
            status=Mandate.Status.ADOPTED,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
        )
        .only("pk", "title", "end_date", "number")
        .order_by("end_date", "title")
    )


def spaces_without_mandate(consortium):
    """The consortium's active bodies no adopted mandate covers."""
    adopted = Mandate.objects.filter(body=OuterRef("pk"), status=Mandate.Status.ADOPTED)
    return (
        Body.objects.filter(consortium=consortium, archived_at__isnull=True)
        .filter(~Exists(adopted))
        .only("pk", "name", "kind")
        .order_by("kind", "name")
    )


def mandate_of(consortium, mandate_id):
    """A mandate (any version) of this consortium, with what its page shows alongside, or None."""
    return (
        Mandate.objects.filter(consortium=consortium, pk=mandate_id)
        .select_related("body", "life_basin", "deciding_body", "proposal", "decision", "consortium__territory")
        .prefetch_related("scope_life_basins", "articulated_bodies")
        .first()
    )


def versions_of(mandate):
    """Every version of the mandate's lineage, newest first."""
    return Mandate.objects.filter(lineage=mandate.lineage, consortium_id=mandate.consortium_id).order_by("-number")


def tasks_by_axis(mandate) -> list[tuple[int | None, list]]:
    """The mandate's tasks grouped by axis, in the axes' order (tasks on no axis last)."""
    groups: dict = {}
    for task in mandate.tasks.all():
        groups.setdefault(task.axis, []).append(task)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))


def members_of(mandate):
    return mandate.members.select_related("structure", "person")


def open_version_exists(mandate) -> bool:
    return Mandate.objects.filter(lineage=mandate.lineage, status__in=["draft", "proposed"]).exists()


__all__ = [
    "EXPIRY_WARNING_DAYS",
    "expiring",
    "latest_versions",
    "mandate_of",
    "members_of",
    "open_version_exists",
    "spaces_without_mandate",
    "tasks_by_axis",
    "versions_of",
]
