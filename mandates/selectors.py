"""Reads on mandates: a consortium's mandates (the API's list, one query a page) and the home page's flags — the
mandates about to end and the spaces that work without an adopted mandate — each in one query for every consortium
shown, whatever their number."""

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef

from governance.models import Body
from ols_platform.collation import french

from .models import Mandate

# A mandate ending within this many days is flagged on the home page, so that its renewal is prepared in time.
EXPIRY_WARNING_DAYS = 60

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
    """consortium id → {"expiring": [mandates], "uncovered": [bodies]}, for the consortia that have any (two
    queries)."""
    flags = defaultdict(lambda: {"expiring": [], "uncovered": []})
    ids = list(consortium_ids)
    if not ids:
        return {}
    for mandate in expiring_mandates(ids, today):
        mandate.days_left = (mandate.end_date - today).days
        flags[mandate.consortium_id]["expiring"].append(mandate)
    for body in spaces_without_mandate(ids):
        flags[body.consortium_id]["uncovered"].append(body)
    return dict(flags)
