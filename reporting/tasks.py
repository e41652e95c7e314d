"""Reporting's background work: rendering a generated document, and the sweep that sends forgotten jobs again.

Tasks take ids, are sent through the outbox after the asking transaction commits (ols_platform/outbox.py), are
acknowledged late (a worker killed mid-render leaves the message to be delivered again) and idempotent (the job row
decides who renders: reporting/services/documents.py).
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from ols_platform.outbox import enqueue

from . import rendering

# The hard limit stays under the sweep's STALE_AFTER: a run past it is killed before the sweep calls it dead.
RENDER_SOFT_LIMIT = 120
RENDER_HARD_LIMIT = 150


@shared_task(
    name=rendering.RENDER_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),  # the database went away for a moment
    retry_backoff=5,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
)
def render_document(self, document_id: int) -> str:
    return rendering.document_run(document_id, run_id=self.request.id or "")


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def sweep_documents() -> int:
    """Jobs left pending or running without a worker are sent again; the number sent."""
    return rendering.sweep(lambda document: enqueue(render_document, document.pk))
