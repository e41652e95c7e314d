"""What a review page shows of each kind of item, beside the comments (`CONTENT[kind](request, item, by_target)`
gives the template to include and its context)."""

from django.core.paginator import Paginator

from review.models import ItemKind, Target

from . import selectors

LINES_PER_PAGE = 100


def budget_content(request, item, by_target) -> dict:
    figures = selectors.budget_review(item.obj)
    page = Paginator(figures.pop("lines"), LINES_PER_PAGE).get_page(request.GET.get("page"))
    for line in page.object_list:
        line.review_comments = by_target.get((Target.BUDGET_LINE, line.pk), [])
    return {"template": "aviq/review/_budget.html", "figures": figures, "page": page}


CONTENT = {ItemKind.BUDGET: budget_content}
