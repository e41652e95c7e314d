"""Rendering a generated document in a worker, and the sweep of forgotten jobs (reporting/tasks.py runs both).

The row is the job (reporting/models/documents.py). Rendering is idempotent: a run first claims the row — pending, or
running under its own task id (the same message delivered again after its worker died), or running without a heartbeat
for longer than any run may last — and every later write checks the claim is still its own. A job sent twice renders
once; a job whose worker died is taken back by the next delivery or by the sweep. Asking for documents is in
reporting/services/documents.py.
"""

import datetime
import hashlib
import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ols_platform.errors import DomainError
from ols_platform.models import OutboxTask

from .document_builders import build
from .models import DocumentKind, DocumentStatus, GeneratedDocument
from .pdf import render_pdf

logger = logging.getLogger(__name__)

RENDER_TASK = "reporting.tasks.render_document"
OPEN = (DocumentStatus.PENDING, DocumentStatus.RUNNING)
MAX_ATTEMPTS = 3
# A run that has not reported for longer than the task's hard time limit is dead (reporting/tasks.py).
STALE_AFTER = datetime.timedelta(seconds=180)
# A pending job that no worker took within this delay is sent again (its message may have been lost with Redis).
REQUEUE_AFTER = datetime.timedelta(minutes=5)
# Past this delay, the waiting page says generation is delayed.
DELAYED_AFTER = datetime.timedelta(seconds=30)


class JobLost(Exception):
    """The run no longer holds its job (the sweep gave it to another run): stop without writing."""


# --- Rendering (in the worker) ---------------------------------------------------------------------------------------


def document_run(document_id: int, run_id: str) -> str:
    """Render the document of the job if this run can claim it; what happened, for the log."""
    document = _claim(document_id, run_id)
    if document is None:
        return "skipped"
    started = time.monotonic()
    try:
        template_name, context = build(document)
        _progress(document, 25)
        context |= {
            "consortium": document.consortium,
            "generated_at": timezone.localtime(),
            "version": document.version,
            "requested_by": document.requested_by.get_full_name() if document.requested_by else "",
        }
        rendered = render_pdf(template_name, context, on_layout=lambda pages: _progress(document, 80))
        _finish(document, rendered, started)
        return "done"
    except JobLost:
        return "lost"
    except DomainError as error:
        _fail(document, error.message)
        return "failed"
    except SoftTimeLimitExceeded:
        logger.error("Rendering of document #%s (%s) ran out of time.", document.pk, document.kind)
        _fail(
            document, _("Le document a demandé trop de temps de calcul et n'a pas été produit. Relancez la génération.")
        )
        return "failed"
    except _transient_errors():
        raise  # the task retries with backoff; the job stays running under this run's id
    except Exception:
        logger.exception("Rendering of document #%s (%s) failed.", document.pk, document.kind)
        _fail(
            document,
            _(
                "Le document n'a pas pu être produit à cause d'une erreur interne ; elle a été consignée pour "
                "l'équipe technique. Vous pouvez relancer la génération."
            ),
        )
        return "failed"


def _transient_errors() -> tuple:
    from django.db import InterfaceError, OperationalError

    return (OperationalError, InterfaceError)


def _claim(document_id: int, run_id: str) -> GeneratedDocument | None:
    now = timezone.now()
    with transaction.atomic():
        document = (
            GeneratedDocument.objects.select_for_update(of=("self",))
            .select_related("consortium__territory", "requested_by", "structure", "mandate")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.status not in OPEN:
            return None
        if _held_by_another_live_run(document, run_id, now):
            return None
        if document.attempts >= MAX_ATTEMPTS:
            document.status = DocumentStatus.FAILED
            document.error = _("La génération a échoué %(n)s fois ; relancez-la ou contactez l'équipe technique.") % {
                "n": document.attempts
            }
            document.finished_at = now
            document.save(update_fields=["status", "error", "finished_at"])
            return None
        document.status = DocumentStatus.RUNNING
        document.run_id = run_id
        document.attempts += 1
        document.progress = 5
        document.started_at = document.heartbeat_at = now
        document.error = ""
        document.save(update_fields=["status", "run_id", "attempts", "progress", "started_at", "heartbeat_at", "error"])
    return document


def _held_by_another_live_run(document, run_id: str, now) -> bool:
    return (
        document.status == DocumentStatus.RUNNING
        and document.run_id != run_id
        and document.heartbeat_at is not None
        and document.heartbeat_at > now - STALE_AFTER
    )


def _progress(document, percent: int) -> None:
    held = GeneratedDocument.objects.filter(
        pk=document.pk, status=DocumentStatus.RUNNING, run_id=document.run_id
    ).update(progress=percent, heartbeat_at=timezone.now())
    if not held:
        raise JobLost


def _finish(document, rendered, started: float) -> None:
    name = f"{slugify(document_title(document))[:80]}-v{document.version}.pdf"
    digest = hashlib.sha256(rendered.content).hexdigest()
    document.file.save(name, ContentFile(rendered.content), save=False)
    with transaction.atomic():
        held = (
            GeneratedDocument.objects.select_for_update()
            .filter(pk=document.pk, status=DocumentStatus.RUNNING, run_id=document.run_id)
            .exists()
        )
        if not held:
            document.file.storage.delete(document.file.name)  # another run finishes this job; drop our copy
            raise JobLost
        GeneratedDocument.objects.filter(pk=document.pk).update(
            status=DocumentStatus.DONE,
            progress=100,
            file=document.file.name,
            filename=name,
            size=len(rendered.content),
            pages=rendered.pages,
            sha256=digest,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            duration_ms=int((time.monotonic() - started) * 1000),
        )


def _fail(document, message: str) -> None:
    GeneratedDocument.objects.filter(pk=document.pk, status=DocumentStatus.RUNNING, run_id=document.run_id).update(
        status=DocumentStatus.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def document_title(document) -> str:
    if document.kind == DocumentKind.EVALUATION_DELIVERABLE:
        return _("Livrable d'évaluation")
    if document.kind == DocumentKind.ACTIVITY_REPORT:
        return _("Rapport d'activité %(year)s — %(structure)s") % {
            "year": document.year,
            "structure": document.structure.name,
        }
    return _("Fiche mandat — %(title)s") % {"title": document.mandate.title}


# --- The sweep (Celery beat) -----------------------------------------------------------------------------------------


def sweep(send, now: datetime.datetime | None = None) -> int:
    """Send again (`send(document)`, in the row's transaction) the jobs nobody is working on: pending past REQUEUE_AFTER (their message may be lost) unless their
    outbox row still waits for Redis, and running without a heartbeat past STALE_AFTER (their worker died). The
    number of jobs sent again."""
    now = now or timezone.now()
    resent = 0
    stale = GeneratedDocument.objects.filter(
        status=DocumentStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    ).values_list("pk", flat=True)
    forgotten = GeneratedDocument.objects.filter(
        status=DocumentStatus.PENDING, queued_at__lt=now - REQUEUE_AFTER
    ).values_list("pk", flat=True)
    for pk in [*stale, *forgotten]:
        with transaction.atomic():
            document = GeneratedDocument.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if document is None or document.status not in OPEN or _still_waiting_for_broker(document):
                continue
            if document.status == DocumentStatus.RUNNING and document.heartbeat_at >= now - STALE_AFTER:
                continue  # it reported in the meantime
            document.status = DocumentStatus.PENDING
            document.run_id = ""
            document.progress = 0
            document.queued_at = now
            document.save(update_fields=["status", "run_id", "progress", "queued_at"])
            send(document)
            resent += 1
    if resent:
        logger.warning("Document sweep: %s job(s) sent again.", resent)
    return resent


def _still_waiting_for_broker(document) -> bool:
    """True when an outbox row for this job has not reached Redis yet: the outbox flush sends it, not the sweep."""
    return OutboxTask.objects.filter(task=RENDER_TASK, sent_at__isnull=True, args=[document.pk]).exists()


def is_delayed(document, now: datetime.datetime | None = None) -> bool:
    """The waiting page's "generation is delayed" notice: pending for a while (Redis away, workers busy)."""
    now = now or timezone.now()
    return document.status == DocumentStatus.PENDING and document.queued_at < now - DELAYED_AFTER
