"""Mandates' scheduled work: adopted mandates past their end date expire (Celery beat, daily)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=300, soft_time_limit=270)
def expire_mandates() -> int:
    """Mark the adopted mandates whose end date has passed as expired; the number expired."""
    return services.mandates_expire()
