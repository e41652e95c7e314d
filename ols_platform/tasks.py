"""Platform-wide periodic tasks."""

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from . import outbox
from .site_links import absolute_url


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100, ignore_result=True)
def outbox_flush() -> int:
    """Send the outbox rows still pending (Celery beat runs this every minute)."""
    return outbox.flush()


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50
)
def send_notification_email(notification_id: int, base: str | None = None) -> None:
    """E-mail one notification, once: a second run (the outbox may send a task twice) finds it already e-mailed."""
    from .models import Notification

    with transaction.atomic():
        row = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return
        lines = [row.body] if row.body else []
        if row.url:
            lines.append(absolute_url(row.url, base))
        send_mail(row.title, "\n\n".join(lines) + "\n", None, [row.user.email])
        row.emailed_at = timezone.now()
        row.save(update_fields=["emailed_at"])
