"""The outbox: every background task goes through the database before the broker.

`enqueue(task, *args)` writes an `OutboxTask` row inside the caller's transaction and, once that transaction
commits, hands the task to Celery. If Redis is unreachable the row stays pending (its attempts and last error
recorded) and `flush()` sends it later: Celery beat runs it every minute (`ols_platform.tasks.outbox_flush`), a
worker runs it when it starts, `manage.py outbox_flush` runs it by hand. A task asked for is never lost and no
request fails because the broker is away; a row is marked sent once the broker has it.

Tasks take ids and stay idempotent: a crash between "the broker has it" and "the row says so" sends it twice.
"""

import datetime
import logging
import time

from celery import current_app
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from .models import OutboxTask

logger = logging.getLogger(__name__)

# After the broker refused a task, leave it alone for a while: the next requests leave their rows pending at once
# instead of each waiting for a connection timeout; the beat flush picks them up.
RETRY_SECONDS = 10
BROKER_UNREACHABLE = (KombuError, RedisError, OSError)
_broker_down_until = 0.0
KEEP_SENT = datetime.timedelta(days=30)  # sent rows kept that long, to see what went out and when


def enqueue(task, *args) -> OutboxTask:
    """Record `task(*args)` (a Celery task, JSON-serialisable args) and send it after the current transaction
    commits (at once outside a transaction)."""
    row = OutboxTask.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: _send_after_commit(row.pk))
    return row


def flush(limit: int = 500) -> int:
    """Send the pending rows (oldest first, at most `limit`); the number sent. Rows sent long ago are dropped."""
    global _broker_down_until
    _broker_down_until = 0.0  # an explicit flush always tries the broker
    OutboxTask.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    sent = 0
    for pk in (
        OutboxTask.objects.filter(sent_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    ):
        outcome = _send(pk)
        if outcome is False:
            break  # the broker is down: the rest would fail the same way
        sent += bool(outcome)
    return sent


def _send_after_commit(pk: int) -> None:
    if time.monotonic() < _broker_down_until:
        return  # pending; the next flush sends it
    _send(pk)


def _send(pk: int) -> bool | None:
    """Hand one pending row to Celery. True when sent, None when there was nothing to send (already sent, or
    locked by a concurrent flush), False when the broker refused it (the row stays pending)."""
    global _broker_down_until
    # The project's Celery app (ols_platform/celery.py, loaded with the package); not imported from there, because
    # that module imports this one to flush the outbox when a worker starts.
    app = current_app

    with transaction.atomic():
        row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk, sent_at__isnull=True).first()
        if row is None:
            return None
        row.attempts += 1
        try:
            app.loader.import_default_modules()  # the tasks of every app, in a process that has not loaded them
            with transaction.atomic():  # in eager mode the task runs here: its database errors stay in a savepoint
                app.tasks[row.task].apply_async(args=row.args, retry=False)
        except BROKER_UNREACHABLE as error:
            _broker_down_until = time.monotonic() + RETRY_SECONDS
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            row.save(update_fields=["attempts", "last_error"])
            logger.warning("Task %s (outbox #%s) kept for later: broker unreachable (%s).", row.task, pk, error)
            return False
        except Exception as error:  # eager mode runs the task here: its failure must not fail the request
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            row.save(update_fields=["attempts", "last_error"])
            logger.exception("Task %s (outbox #%s) failed; kept for the next flush.", row.task, pk)
            return None
        row.sent_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "sent_at", "last_error"])
        return True
