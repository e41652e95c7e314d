"""The one call for notifications: `notify(users, …)` shows a message on each person's notifications page and
e-mails it through the outbox (ols_platform.outbox), so a notice asked for inside a transaction is sent after it
commits, and waits in the database while Redis is down — never lost, never sent for a write that was undone."""

from django.db import transaction

from . import outbox
from .models import Notification
from .site_links import base_url
from .tasks import send_notification_email


def notify(users, *, kind: str, title: str, body: str = "", url: str = "", consortium=None) -> list[Notification]:
    """Tell each active user in `users` (each once) about something; `url` is a path on the site."""
    consortium_id = getattr(consortium, "pk", consortium)
    seen, rows = set(), []
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                user=user, consortium_id=consortium_id, kind=kind, title=title[:250], body=body[:4000], url=url[:500]
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        base = base_url()  # computed now, inside the request (the worker has none)
        for row in created:
            outbox.enqueue(send_notification_email, row.pk, base)
    return created


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
