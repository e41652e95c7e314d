"""What a review page shows of each kind of item, beside the comments (`CONTENT[kind](request, item, by_target)`
gives the template to include and its context)."""

from django.core.paginator import Paginator

from mandates import selectors as mandate_selectors
from reporting import report_selectors
from reporting import selectors_deliverable as deliverable_selectors
from review.models import ItemKind, Target

from . import selectors

LINES_PER_PAGE = 100


def budget_content(request, item, by_target) -> dict:
    figures = selectors.budget_review(item.obj)
    page = Paginator(figures.pop("lines"), LINES_PER_PAGE).get_page(request.GET.get("page"))
    for line in page.object_list:
        line.review_comments = by_target.get((Target.BUDGET_LINE, line.pk), [])
    return {"template": "aviq/review/_budget.html", "figures": figures, "page": page}


def report_content(request, item, by_target) -> dict:
    sections = report_selectors.sections_of(item.obj)
    for section in sections:
        section.review_comments = by_target.get((Target.REPORT_SECTION, section.pk), [])
    return {"template": "aviq/review/_report.html", "sections": sections}


def deliverable_content(request, item, by_target) -> dict:
    steps = deliverable_selectors.steps_of(item.consortium)
    for step in steps:
        step.review_comments = by_target.get((Target.DELIVERABLE_STEP, step.pk), []) if step.pk else []
    return {"template": "aviq/review/_deliverable.html", "steps": steps}


def mandate_content(request, item, by_target) -> dict:
    mandate = mandate_selectors.mandate_of(item.consortium, item.obj.mandate_id)
    return {"template": "aviq/review/_mandate.html", **mandate_selectors.document_context(mandate)}


CONTENT = {
    ItemKind.BUDGET: budget_content,
    ItemKind.REPORT: report_content,
    ItemKind.DELIVERABLE: deliverable_content,
    ItemKind.MANDATE: mandate_content,
}
