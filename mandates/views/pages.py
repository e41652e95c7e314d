"""Reading mandates: the consortium's list (by kind, with warnings), a mandate's page (the twelve parts, its versions,
its decision), and two versions compared side by side."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from consortia.permissions import is_aviq_staff
from consortia.views.common import consortium_page, page_context
from review import selectors as review_selectors
from review.models import ItemKind

from .. import compare, selectors, who_decides
from .. import review as mandate_review
from ..forms import CompareForm, ReviewAskForm, ReviewTransmitForm
from ..models import MandateKind, MandateReviewStatus
from .common import SECTION, mandate_of

PER_PAGE = 50


@consortium_page(methods=("GET",))
def mandate_list(request, access):
    consortium = access.consortium
    today = timezone.localdate()
    page = Paginator(selectors.latest_versions(consortium), PER_PAGE).get_page(request.GET.get("page"))
    kinds = dict(MandateKind.choices)
    for mandate in page.object_list:
        mandate.kind_label = kinds.get(mandate.kind, mandate.kind)
    expiring = list(selectors.expiring_mandates([consortium.pk], today))
    for mandate in expiring:
        mandate.days_left = (mandate.end_date - today).days
    context = page_context(
        access,
        SECTION,
        page=page,
        expiring=expiring,
        uncovered=list(selectors.spaces_without_mandate([consortium.pk])),
        review_labels=dict(MandateReviewStatus.choices),
    )
    return render(request, "mandates/list.html", context)


@consortium_page(methods=("GET",))
def mandate_detail(request, access, mandate_id):
    mandate = mandate_of(access.consortium, mandate_id)
    return render(request, "mandates/detail.html", detail_context(access, mandate, viewer=request.user))


def detail_context(access, mandate, *, viewer, **extra) -> dict:
    versions = list(selectors.versions_of(mandate))
    review = mandate_review.current_review(mandate)
    panel = {}
    if review is not None:
        panel = review_selectors.panel(
            viewer, consortium_id=mandate.consortium_id, item_kind=ItemKind.MANDATE, item_id=review.pk
        )
    return page_context(
        access,
        SECTION,
        **selectors.document_context(mandate),
        versions=versions,
        open_version=any(version.status in ("draft", "proposed") for version in versions),
        review=review,
        review_panel=panel,
        is_reviewer=is_aviq_staff(viewer),
        **({"ask_form": ReviewAskForm(), "transmit_form": ReviewTransmitForm()} | extra),
    )


@consortium_page(methods=("GET",))
def mandate_compare(request, access, mandate_id):
    mandate = mandate_of(access.consortium, mandate_id)
    versions = list(selectors.versions_of(mandate).prefetch_related("tasks", "members__structure"))
    by_pk = {version.pk: version for version in versions}
    form = CompareForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    new = by_pk.get(chosen.get("b")) or mandate
    older = [version for version in versions if version.number < new.number]
    old = by_pk.get(chosen.get("a")) or (older[0] if older else new)
    rows = compare.compare(
        old,
        new,
        (list(old.tasks.all()), list(old.members.all())),
        (list(new.tasks.all()), list(new.members.all())),
    )
    context = page_context(access, SECTION, mandate=mandate, versions=versions, old=old, new=new, rows=rows)
    return render(request, "mandates/compare.html", context)


@consortium_page(methods=("GET",))
def mandate_who_decides(request, access):
    matrix = who_decides.who_decides(access.consortium, timezone.localdate())
    return render(request, "mandates/who_decides.html", page_context(access, SECTION, matrix=matrix))
