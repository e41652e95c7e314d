"""The one call for notifications: `notify(users, …)` shows a message on each person's notifications page and
e-mails it through the outbox (ols_platform.outbox), so a notice asked for inside a transaction is sent after it
commits, and waits in the database while Redis is down — never lost, never sent for a write that was undone."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import outbox
from .auth_backends import user_key
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
        forget_unread_counts(seen)
    return created


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# The header's unread count is on every page: it is read with the session's user, in the same query
# (auth_backends.CachedUserBackend), and cached with it; adding or reading notifications drops that cached row, so the
# next page reads the count afresh at no extra query.


def cached_unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    count = getattr(user, "unread_notification_count", None)
    return unread_count(user) if count is None else count


def forget_unread_counts(user_ids) -> None:
    keys = [user_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's unread notifications (all, or those in `notification_ids`) as read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    changed = unread.update(read_at=timezone.now())
    forget_unread_counts([user.pk])
    return changed
