"""What the comparison shows beyond the dashboard's rows: the budget by category, the members by sector and level,
the governance's activity (grouped queries over the chosen consortia only)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.models import Budget, BudgetLine, Category
from governance.models import Body, Decision, Meeting, Proposal
from ols_platform.formatting import format_money

from .selectors import DECISION_DAYS, coverage

ZERO = Decimal("0.00")


def comparison(ids: list[int], today: datetime.date) -> dict:
    newest = Budget.objects.filter(consortium=OuterRef("consortium")).order_by("-version").values("pk")[:1]
    latest = Budget.objects.filter(consortium_id__in=ids).filter(pk=Subquery(newest)).values("pk")
    by_category = defaultdict(dict)
    for row in (
        BudgetLine.objects.filter(budget_id__in=latest)
        .values("budget__consortium_id", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        by_category[row["budget__consortium_id"]][row["category"]] = row["total"]
    since = today - datetime.timedelta(days=DECISION_DAYS)
    governance = defaultdict(dict)
    counts = (
        ("bodies", Body.objects.filter(consortium_id__in=ids), "consortium_id"),
        (
            "meetings",
            Meeting.objects.filter(body__consortium_id__in=ids, status=Meeting.Status.HELD),
            "body__consortium_id",
        ),
        ("proposals", Proposal.objects.filter(consortium_id__in=ids), "consortium_id"),
        ("decisions", Decision.objects.filter(consortium_id__in=ids), "consortium_id"),
        ("recent_decisions", Decision.objects.filter(consortium_id__in=ids, decided_on__gte=since), "consortium_id"),
    )
    for name, queryset, key in counts:
        for row in queryset.values(key).annotate(n=Count("pk")).order_by():
            governance[row[key]][name] = row["n"]
    members = coverage(ids)
    labels = dict(GOVERNANCE_LABELS)
    return {
        "sections": [
            (
                _("Budget prévu par catégorie"),
                [
                    (label, [format_money(by_category[pk].get(value, ZERO), 0) for pk in ids])
                    for value, label in Category.choices
                ],
            ),
            (
                _("Membres par secteur et par niveau"),
                [
                    (label, [str(members["by_sector"][pk][index]) for pk in ids])
                    for index, (_value, label) in enumerate(members["sectors"])
                ]
                + [
                    (label, [str(members["by_level"][pk][index]) for pk in ids])
                    for index, (_value, label) in enumerate(members["levels"])
                ],
            ),
            (
                _("Gouvernance"),
                [(labels[name], [str(governance[pk].get(name, 0)) for pk in ids]) for name, _qs, _key in counts],
            ),
        ]
    }


GOVERNANCE_LABELS = (
    ("bodies", gettext_lazy("Instances")),
    ("meetings", gettext_lazy("Réunions tenues")),
    ("proposals", gettext_lazy("Propositions")),
    ("decisions", gettext_lazy("Décisions")),
    ("recent_decisions", gettext_lazy("Décisions des 90 derniers jours")),
)
