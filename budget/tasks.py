"""Notices of the budget's workflow, e-mailed by the worker after the transaction that made the change commits:
a submission goes to the AVIQ reviewers, a review (approval or changes requested) to the consortium's coordination
and accounting, and to whoever submitted."""

from celery import shared_task
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ols_platform.outbox import enqueue
from ols_platform.site_links import absolute_url, base_url

EVENTS = ("submitted", "approved", "changes_requested")
# Who hears of a review in the consortium (the roles that prepare and submit the budget).
REVIEW_READERS = ("coordinator", "accountant")

budget_email_task = shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50
)


def recipients(budget, event: str) -> list[str]:
    """The addresses a notice of `event` goes to (active accounts only, each once, in a stable order)."""
    from consortia.models import ConsortiumRole, User

    if event == "submitted":
        users = User.objects.filter(aviq_reviewer=True, is_active=True)
    else:
        holders = ConsortiumRole.objects.filter(consortium_id=budget.consortium_id, role__in=REVIEW_READERS)
        users = User.objects.filter(is_active=True).filter(
            pk__in=[*holders.values_list("user_id", flat=True), budget.submitted_by_id or 0]
        )
    return sorted(set(users.values_list("email", flat=True)))


def queue_budget_notice(budget_id: int, event: str) -> None:
    """Send the notice after the current transaction commits, its link on the site of the request being served."""
    enqueue(send_budget_notice, budget_id, event, base_url())


@budget_email_task
def send_budget_notice(budget_id: int, event: str, base: str | None = None) -> None:
    """`base`: the base of the link, computed when the notice was queued (`ols_platform.site_links.base_url`)."""
    from .models import Budget

    budget = Budget.objects.select_related("consortium", "reviewed_by", "submitted_by").filter(pk=budget_id).first()
    if budget is None or event not in EVENTS:
        return
    addresses = recipients(budget, event)
    if not addresses:
        return
    with translation.override("fr"):
        context = {
            "budget": budget,
            "consortium": budget.consortium,
            "link": absolute_url(reverse("budget:overview", kwargs={"consortium_id": budget.consortium_id}), base),
        }
        subject = render_to_string(f"budget/email/{event}_subject.txt", context).strip()
        body = render_to_string(f"budget/email/{event}.txt", context)
    # One message per person: nobody sees the others' addresses.
    send_mass_mail([(subject, body, None, [address]) for address in addresses])
