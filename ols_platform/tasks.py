"""Platform-wide periodic tasks."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from . import outbox


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100, ignore_result=True)
def outbox_flush() -> int:
    """Send the outbox rows still pending (Celery beat runs this every minute)."""
    return outbox.flush()


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50
)
def send_notification_email(notification_id: int) -> None:
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
            lines.append(absolute(row.url))
        send_mail(row.title, "\n\n".join(lines) + "\n", None, [row.user.email])
        row.emailed_at = timezone.now()
        row.save(update_fields=["emailed_at"])
