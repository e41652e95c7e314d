"""The review workspace: only AVIQ reviewers and platform admins reach it (everyone else 404, anonymous to the login
page); their writes are review actions and comments on submitted items. The API: the review queue (AVIQ only),
comments (read by the consortium — public ones —, written by AVIQ), and the budget's workflow actions."""

from . import Entry, a, only

AVIQ = {
    "anonymous": 302,
    "outsider": 404,
    **{
        role: 404 for role in ("coordinator", "operational", "accountant", "governance", "structure_reporter", "viewer")
    },
    "reviewer": 200,
    "admin": 200,
}
AVIQ_POST = AVIQ | {"reviewer": 302, "admin": 302}
AVIQ_API = AVIQ | {"anonymous": 401}
EDITORS = ("coordinator", "accountant")
MEMBERS_READ = AVIQ_API | {
    role: 200 for role in ("coordinator", "operational", "accountant", "governance", "structure_reporter", "viewer")
}


def _submitted_budget(cast):
    from budget import services

    data = {"structure": cast.lead_a.pk, "category": "personnel", "year": 1, "label": "Matrice", "amount": "80000"}
    line = services.budget_line_create(
        actor=None, consortium=cast.consortium_a, data=data | {"staff_role": "Coordination", "fte": "1"}
    )
    services.budget_submit(actor=None, budget=line.budget)
    return line


def item(cast):
    return {"kind": "budget", "item_id": _submitted_budget(cast).budget_id}


def mandate_item(cast):
    """A mandate AVIQ asked to see, transmitted by the coordination."""
    from mandates.models import Mandate
    from mandates.review import mandate_review_submit

    from .mandates import _requested

    mandate = Mandate.objects.get(pk=_requested(cast)["mandate_id"])
    review = mandate_review_submit(actor=cast.users["coordinator"], mandate=mandate)
    return {"kind": "mandate", "item_id": review.pk}


def draft(cast):
    from budget import services

    data = {"structure": cast.lead_a.pk, "category": "personnel", "year": 1, "label": "Matrice", "amount": "100"}
    services.budget_line_create(
        actor=None, consortium=cast.consortium_a, data=data | {"staff_role": "Coordination", "fte": "1"}
    )
    return a(cast)


def submitted(cast):
    _submitted_budget(cast)
    return a(cast)


def state(cast):
    from budget.models import Budget
    from review.models import Comment, ReviewEvent

    return (
        list(Budget.objects.values_list("pk", "status").order_by("pk")),
        Comment.objects.count(),
        ReviewEvent.objects.count(),
    )


def comment_body(cast):
    from budget.models import Budget

    budget = Budget.objects.get(consortium=cast.consortium_a)
    return {"target": "budget", "target_id": budget.pk, "text": "Matrice", "visibility": "private"}


ENTRIES = [
    Entry("aviq:review_queue", AVIQ),
    Entry("aviq:review_item", AVIQ, kwargs=item),
    Entry("aviq:review_item", AVIQ, kwargs=mandate_item, id="GET aviq:review_item (a mandate)"),
    Entry("aviq:review_comment", AVIQ_POST, kwargs=item, method="post", data=comment_body, snapshot=state),
    Entry("aviq:review_approve", AVIQ_POST, kwargs=item, method="post", data=lambda c: {}, snapshot=state),
    Entry(
        "aviq:review_request_changes",
        AVIQ_POST,
        kwargs=item,
        method="post",
        data=lambda c: {"comment": "Détaillez"},
        snapshot=state,
    ),
    Entry("review-queue", AVIQ_API, api=True),
    Entry("consortium-comment-list", MEMBERS_READ, kwargs=a, api=True),
    Entry(
        "consortium-comment-list",
        AVIQ_API
        | {r: 403 for r in EDITORS + ("operational", "governance", "structure_reporter", "viewer")}
        | {"reviewer": 201, "admin": 201},
        kwargs=submitted,
        method="post",
        api=True,
        data=comment_body,
        snapshot=state,
    ),
    Entry(
        "budget-submit",
        only(EDITORS, anonymous=401),
        kwargs=draft,
        method="post",
        api=True,
        data=lambda c: {},
        snapshot=state,
    ),
    Entry(
        "budget-approve",
        only((), anonymous=401, reviewer=200),
        kwargs=submitted,
        method="post",
        api=True,
        data=lambda c: {},
        snapshot=state,
    ),
    Entry(
        "budget-request-changes",
        only((), anonymous=401, reviewer=200),
        kwargs=submitted,
        method="post",
        api=True,
        data=lambda c: {"comment": "Détaillez"},
        snapshot=state,
    ),
]
