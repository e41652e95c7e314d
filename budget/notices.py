"""Notices of the budget's workflow, through the one notification call (ols_platform.notifications.notify: on each
person's notifications page, and e-mailed after the transaction commits): a submission goes to the AVIQ reviewers
(linking to the review page), a review (approval or changes requested) to the consortium's coordination and
accounting, and to whoever submitted (linking to the budget)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ols_platform.notifications import notify

EVENTS = ("submitted", "approved", "changes_requested")
# Who hears of a review in the consortium (the roles that prepare and submit the budget).
REVIEW_READERS = ("coordinator", "accountant")


def recipients(budget, event: str) -> list:
    """The active accounts a notice of `event` goes to, each once, in a stable order."""
    from consortia.models import ConsortiumRole, User
    from consortia.selectors import aviq_reviewers

    if event == "submitted":
        users = aviq_reviewers()
    else:
        holders = ConsortiumRole.objects.filter(consortium_id=budget.consortium_id, role__in=REVIEW_READERS)
        users = User.objects.filter(is_active=True).filter(
            pk__in=[*holders.values_list("user_id", flat=True), budget.submitted_by_id or 0]
        )
    return list(users.order_by("email"))


def _link(budget, event: str) -> str:
    if event == "submitted":
        return reverse("aviq:review_item", kwargs={"kind": "budget", "item_id": budget.pk})
    return reverse("budget:overview", kwargs={"consortium_id": budget.consortium_id})


def budget_notice(budget, event: str) -> None:
    """Tell who acts next about `event` (call it inside the transaction of the change: the e-mails leave after it
    commits, their links on the site of the request being served)."""
    if event not in EVENTS:
        return
    with translation.override("fr"):
        context = {"budget": budget, "consortium": budget.consortium}
        title = render_to_string(f"budget/email/{event}_subject.txt", context).strip()
        body = render_to_string(f"budget/email/{event}.txt", context).strip()
    notify(
        recipients(budget, event),
        kind=f"budget.{event}",
        title=title,
        body=body,
        url=_link(budget, event),
        consortium=budget.consortium_id,
    )
