"""The review workspace's pages: the queue of submitted items, an item's review page (its content, every comment,
the history, the comment form and the decision), and the POSTs that comment, approve and request changes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.models import Consortium
from ols_platform import fragments
from ols_platform.errors import DomainError
from ols_platform.validators import object_id
from review import selectors as review_selectors
from review.models import ItemKind, Target

from ..access import aviq_page
from . import selectors, services
from .content import CONTENT
from .forms import CommentForm, DecisionForm
from .items import item_of

QUEUE_PER_PAGE = 50
# The target of a comment on the item as a whole.
WHOLE_ITEM = {
    ItemKind.BUDGET: Target.BUDGET,
    ItemKind.REPORT: Target.REPORT,
    ItemKind.DELIVERABLE: Target.DELIVERABLE,
    ItemKind.MANDATE: Target.MANDATE,
}
SCOPE = "aviq"


@aviq_page()
def queue(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in ItemKind.values else None
    consortium_id = object_id(request.GET.get("consortium"))
    rows = selectors.queue(kind=kind, consortium_id=consortium_id)
    page = Paginator(rows, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row["title"] = selectors.queue_title(row)
        row["submitter"] = selectors.submitter_name(row)
        row["kind_label"] = ItemKind(row["kind"]).label
    context = {
        "page": page,
        "kinds": ItemKind.choices,
        "kind": kind,
        "consortia": Consortium.objects.order_by("name").values("pk", "name"),
        "consortium_id": consortium_id,
    }
    return render(request, "aviq/review/queue.html", context)


def item_url(item, anchor: str = "") -> str:
    url = reverse("aviq:review_item", kwargs={"kind": item.kind, "item_id": item.pk})
    return f"{url}#{anchor}" if anchor else url


def _render_item(request, item, *, comment_form=None, decision_form=None, status=200):
    comments = list(
        review_selectors.item_comments(
            request.user, consortium_id=item.consortium.pk, item_kind=item.kind, item_id=item.pk
        )
    )
    by_target = review_selectors.comments_by_target(comments)
    target = request.GET.get("target", "")
    kind_target, _sep, target_pk = target.partition(":")
    initial_target = (kind_target, target_pk) if kind_target in Target.values and object_id(target_pk) else None
    whole_item = WHOLE_ITEM[item.kind]
    initial = {"target": whole_item, "target_id": item.pk}
    if initial_target:
        initial = {"target": initial_target[0], "target_id": initial_target[1]}
    context = {
        "item": item,
        "comments": comments,
        "item_comments": by_target.get((whole_item, item.pk), []),
        "events": review_selectors.item_history(consortium_id=item.consortium.pk, item_kind=item.kind, item_id=item.pk),
        "comment_form": comment_form or CommentForm(initial=initial),
        "decision_form": decision_form or DecisionForm(initial={"revision": getattr(item.obj, "revision", None)}),
        "commenting_on": initial_target,
        "content": CONTENT[item.kind](request, item, by_target),
    }
    return render(request, "aviq/review/item.html", context, status=status)


@aviq_page()
def item(request, kind, item_id):
    return _render_item(request, item_of(kind, item_id))


@aviq_page(methods=("POST",))
def comment(request, kind, item_id):
    item = item_of(kind, item_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_item(request, item, comment_form=form, status=400)
    if not fragments.claim_submission(request, SCOPE):
        return redirect(item_url(item, "comments"))  # the same form posted twice: it was saved the first time
    data = form.cleaned_data
    try:
        saved = services.comment_add(
            actor=request.user,
            consortium_id=item.consortium.pk,
            target=data["target"],
            target_id=data["target_id"],
            text=data["text"],
            visibility=data["visibility"],
            item=item,
        )
    except DomainError as error:
        fragments.release_submission(request, SCOPE)
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _render_item(request, item, comment_form=form, status=400)
    messages.success(
        request,
        _("Annotation privée enregistrée : seule l'AVIQ la lit.")
        if saved.is_private
        else _("Commentaire publié : le consortium le lit."),
    )
    return redirect(item_url(item, f"comment-{saved.pk}"))


def _decide(request, kind, item_id, action, success):
    item = item_of(kind, item_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_item(request, item, decision_form=form, status=400)
    try:
        action(
            actor=request.user, item=item, comment=form.cleaned_data["comment"], revision=form.cleaned_data["revision"]
        )
    except DomainError as error:
        form.add_error("comment" if error.field == "comment" else None, error.message)
        return _render_item(request, item_of(kind, item_id), decision_form=form, status=400)
    messages.success(request, success)
    return redirect(item_url(item))


@aviq_page(methods=("POST",))
def approve(request, kind, item_id):
    return _decide(
        request, kind, item_id, services.approve, _("Approuvé : l'objet est verrouillé, le consortium est prévenu.")
    )


@aviq_page(methods=("POST",))
def request_changes(request, kind, item_id):
    return _decide(
        request,
        kind,
        item_id,
        services.request_changes,
        _("Modifications demandées : l'objet est rendu au consortium, sa coordination est prévenue."),
    )
