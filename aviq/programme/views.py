"""The programme dashboard (every consortium side by side, sortable and filterable, with the programme's totals and
charts), its .xlsx export, and the comparison of chosen consortia."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.models import Budget, RuleSet
from ols_platform.validators import object_id

from ..access import aviq_page
from . import charts, exporting, selectors
from . import compare as comparing

MAX_COMPARED = 10


def _view_rows(request):
    """The rows the page's query string asks for: unknown sorts and filters are ignored (the page says which)."""
    all_rows = selectors.rows(timezone.localdate())
    sort = request.GET.get("sort", "name")
    sort = sort if sort in selectors.SORTS else "name"
    descending = request.GET.get("dir") == "desc"
    status = request.GET.get("status", "")
    status = status if status in (*Budget.Status.values, "none") else ""
    text = request.GET.get("q", "")[:100]
    flagged = request.GET.get("flagged") == "1"
    kept = selectors.filtered_rows(all_rows, text=text, status=status, flagged=flagged)
    filters = {"sort": sort, "dir": "desc" if descending else "asc", "status": status, "q": text, "flagged": flagged}
    return all_rows, selectors.sorted_rows(kept, sort, descending), filters


@aviq_page()
def programme(request):
    all_rows, shown, filters = _view_rows(request)
    context = {
        "rows": shown,
        "all_count": len(all_rows),
        "totals": selectors.totals(all_rows),
        "shown_totals": selectors.totals(shown),
        "filters": filters,
        "statuses": [(value, label) for value, label in Budget.Status.choices if value != Budget.Status.SUPERSEDED],
        "coverage": selectors.coverage([row.pk for row in all_rows]),
        "envelope_chart": charts.envelope_chart(all_rows),
        "personnel_chart": charts.personnel_chart(all_rows, RuleSet.active().personnel_min_share),
        "all_rows": all_rows,
        "columns": [
            {
                "key": key,
                "header": header,
                "dir": "desc" if key == filters["sort"] and filters["dir"] == "asc" else "asc",
            }
            for key, header in COLUMNS
        ],
    }
    return render(request, "aviq/programme/dashboard.html", context)


# (sort key, header): the sortable columns, in the table's order.
COLUMNS = (
    ("name", gettext_lazy("Consortium")),
    ("population", gettext_lazy("Population")),
    ("envelope", gettext_lazy("Enveloppe")),
    ("planned", gettext_lazy("Prévu")),
    ("use", gettext_lazy("Part de l'enveloppe")),
    ("actual", gettext_lazy("Dépensé")),
    ("personnel", gettext_lazy("Personnel prévu")),
    ("personnel_actual", gettext_lazy("Personnel dépensé")),
    ("deliverable", gettext_lazy("Livrable (étapes 1 à 5)")),
    ("mandates", gettext_lazy("Mandats adoptés")),
    ("decisions", gettext_lazy("Décisions (90 j)")),
    ("activity", gettext_lazy("Dernière activité")),
)


@aviq_page()
def programme_export(request):
    _all_rows, shown, _filters = _view_rows(request)
    content = exporting.programme_workbook(shown, selectors.totals(shown))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="programme-ols-{stamp}.xlsx"'
    return response


@aviq_page()
def compare(request):
    raw = request.GET.getlist("consortium")
    ids = list(dict.fromkeys(pk for pk in (object_id(value) for value in raw[:50]) if pk is not None))
    all_rows = selectors.rows(timezone.localdate())
    by_id = {row.pk: row for row in all_rows}
    chosen = [by_id[pk] for pk in ids if pk in by_id][:MAX_COMPARED]
    error = ""
    if raw and len(chosen) < 2:
        error = _("Choisissez au moins deux consortia à comparer.")
    elif len(raw) > len(chosen) and raw:
        error = _("Certains consortia demandés n'existent pas : ils sont ignorés.")
    context = {"all_rows": all_rows, "chosen": chosen if len(chosen) >= 2 else [], "ids": ids, "error": error}
    if len(chosen) >= 2:
        context |= comparing.comparison([row.pk for row in chosen], timezone.localdate())
    return render(request, "aviq/programme/compare.html", context, status=400 if raw and len(chosen) < 2 else 200)
