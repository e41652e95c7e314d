"""Reads on mandates: a consortium's mandates (the API's list, one query a page) and the home page's flags — the
mandates about to end and the spaces that work without an adopted mandate — each in one query for every consortium
shown, whatever their number."""

import datetime
from collections import defaultdict

from django.db.models import Case, Exists, IntegerField, OuterRef, Subquery, Value, When

from governance.models import Body
from ols_platform.collation import french

from . import rules
from .models import AXES, ESSENTIALS, MODALITIES, Mandate, MandateKind, MandateReview, MandateReviewStatus

# A mandate ending within this many days is flagged on the home page, so that its renewal is prepared in time.
EXPIRY_WARNING_DAYS = 60
# The list's groups, in this order: the spaces, then the functions.
KIND_ORDER = [kind.value for kind in MandateKind]

# What the API shows of a mandate: its own columns and the ids of its relations (no join).
API_FIELDS = (
    "id",
    "consortium_id",
    "lineage",
    "number",
    "kind",
    "status",
    "title",
    "purpose",
    "responsibilities",
    "autonomy",
    "autonomy_domains",
    "scope",
    "composition",
    "articulation",
    "working_methods",
    "deliverables",
    "start_date",
    "end_date",
    "review_date",
    "commitments",
    "resources",
    "body_id",
    "life_basin_id",
    "deciding_body_id",
    "decision_method",
    "proposal_id",
    "decision_id",
    "adopted_at",
    "version",
)


def mandates_of(consortium):
    """The consortium's mandates, every version, by kind, title and version (the latest first)."""
    return Mandate.objects.filter(consortium=consortium).only(*API_FIELDS).order_by("kind", "title", "-number", "pk")


def expiring_mandates(consortium_ids, today: datetime.date):
    """Adopted mandates ending between today and EXPIRY_WARNING_DAYS from now, soonest first (one query)."""
    horizon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    return (
        Mandate.objects.filter(
            consortium_id__in=consortium_ids,
            status=Mandate.Status.ADOPTED,
            end_date__gte=today,
            end_date__lte=horizon,
        )
        .only("id", "consortium_id", "title", "number", "end_date")
        .order_by("end_date", "title", "pk")
    )


def spaces_without_mandate(consortium_ids):
    """The governance bodies in use (not archived) that have no adopted mandate, by name (one query)."""
    adopted = Mandate.objects.filter(body_id=OuterRef("pk"), status=Mandate.Status.ADOPTED)
    return (
        Body.objects.filter(consortium_id__in=consortium_ids, archived_at__isnull=True)
        .filter(~Exists(adopted))
        .only("id", "consortium_id", "name", "kind")
        .order_by(french("name").asc(), "pk")
    )


def dashboard_flags(consortium_ids, today: datetime.date) -> dict:
    """consortium id → {"expiring": [mandates], "uncovered": [bodies], "asked": [AVIQ's reviews waiting for the
    consortium]}, for the consortia that have any (three queries)."""
    flags = defaultdict(lambda: {"expiring": [], "uncovered": [], "asked": []})
    ids = list(consortium_ids)
    if not ids:
        return {}
    for mandate in expiring_mandates(ids, today):
        mandate.days_left = (mandate.end_date - today).days
        flags[mandate.consortium_id]["expiring"].append(mandate)
    for body in spaces_without_mandate(ids):
        flags[body.consortium_id]["uncovered"].append(body)
    for review in reviews_awaiting_consortia(ids):
        flags[review.consortium_id]["asked"].append(review)
    return dict(flags)


def reviews_awaiting_consortia(consortium_ids):
    """The mandates AVIQ asked for (or sent back) that the consortia have not transmitted yet, oldest first."""
    waiting = (MandateReviewStatus.REQUESTED, MandateReviewStatus.CHANGES_REQUESTED)
    return (
        MandateReview.objects.filter(consortium_id__in=consortium_ids, status__in=waiting)
        .select_related("mandate")
        .order_by("requested_at", "pk")
    )


def latest_versions(consortium):
    """The latest version of each of the consortium's mandates, by kind (the list's order) then title, with the
    number of the version in force (adopted) when the latest is an amendment in preparation, and the status of
    AVIQ's review when it asked for the mandate."""
    newer = Mandate.objects.filter(lineage=OuterRef("lineage"), number__gt=OuterRef("number"))
    in_force = Mandate.objects.filter(lineage=OuterRef("lineage"), status=Mandate.Status.ADOPTED).values("number")[:1]
    # AVIQ's newest review of the mandate, if it asked for it (its status, shown beside the mandate's).
    review = (
        MandateReview.objects.filter(lineage=OuterRef("lineage")).order_by("-requested_at", "-pk").values("status")[:1]
    )
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
            review_status=Subquery(review),
        )
        .order_by("kind_order", "title", "pk")
    )


def mandate_of(consortium, mandate_id):
    """A mandate (any version) of this consortium, with what its page shows alongside, or None."""
    return (
        Mandate.objects.filter(consortium=consortium, pk=mandate_id)
        .select_related("body", "life_basin", "deciding_body", "proposal", "decision", "consortium__territory")
        .prefetch_related("scope_life_basins", "articulated_bodies")
        .first()
    )


def budget_lines_of(mandate):
    """The budget lines that fund the mandate's resources, with their structure and budget version."""
    return mandate.budget_lines.select_related("structure", "budget").order_by("structure__name", "year", "pk")


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
    return mandate.members.select_related("structure", "person", "staff_arrangement__employer")


def open_version_exists(mandate) -> bool:
    return Mandate.objects.filter(lineage=mandate.lineage, status__in=["draft", "proposed"]).exists()


def document_context(mandate) -> dict:
    """What `mandates/_document.html` shows of one version: its tasks by axis, members, budget lines and the
    modalities still missing (a fixed number of queries)."""
    values = {name: getattr(mandate, name) for name in ("articulation", "working_methods", "deliverables")}
    values |= {name: getattr(mandate, name) for name in ("start_date", "end_date", "commitments", "resources")}
    axes = dict(AXES)
    return {
        "mandate": mandate,
        "essentials": ESSENTIALS,
        "modalities": MODALITIES,
        "tasks": [(axes.get(axis), axis_tasks) for axis, axis_tasks in tasks_by_axis(mandate)],
        "members": list(members_of(mandate)),
        "budget_lines": list(budget_lines_of(mandate)),
        "missing_modalities": rules.missing_modalities(values),
    }
