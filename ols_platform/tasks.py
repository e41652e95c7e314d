"""Platform-wide periodic tasks."""

from celery import shared_task

from . import outbox


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100, ignore_result=True)
def outbox_flush() -> int:
    """Send the outbox rows still pending (Celery beat runs this every minute)."""
    return outbox.flush()
