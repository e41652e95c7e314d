"""Generated documents: asking for one (the next version of its subject, sent to a worker after commit), several at
once (a batch), and the sweep run by hand. Rendering and the sweep's rules are in reporting/rendering.py."""

import datetime
import uuid

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.models import Consortium
from ols_platform.audit import log_action
from ols_platform.errors import DomainError
from ols_platform.outbox import enqueue

from .. import rendering
from ..models import DocumentKind, GeneratedDocument
from ..models.reports import REPORT_YEARS
from ..rendering import OPEN, document_title, is_delayed
from ..tasks import render_document

__all__ = ["document_request", "document_title", "documents_request_batch", "documents_sweep", "is_delayed"]


def subject_key(kind: str, *, structure=None, year=None, mandate=None) -> str:
    if kind == DocumentKind.EVALUATION_DELIVERABLE:
        return "deliverable"
    if kind == DocumentKind.ACTIVITY_REPORT:
        return f"report:{structure.pk}:{year}"
    return f"mandate:{mandate.lineage}"


def document_request(*, actor, consortium, kind: str, structure=None, year=None, mandate=None, batch=None):
    """Ask for the next version of a document; it is rendered after this transaction commits. While a job for the
    same subject is still open, that job is returned instead (a double submit makes one document)."""
    _check_subject(consortium, kind, structure=structure, year=year, mandate=mandate)
    key = subject_key(kind, structure=structure, year=year, mandate=mandate)
    with transaction.atomic():
        # One numbering of versions per subject: requests for the same consortium take turns.
        Consortium.objects.select_for_update().filter(pk=consortium.pk).first()
        open_job = GeneratedDocument.objects.filter(consortium=consortium, subject_key=key, status__in=OPEN).first()
        if open_job is not None:
            return open_job
        last = GeneratedDocument.objects.filter(consortium=consortium, subject_key=key).aggregate(v=Max("version"))
        document = GeneratedDocument.objects.create(
            consortium=consortium,
            kind=kind,
            structure=structure,
            year=year,
            mandate=mandate,
            subject_key=key,
            version=(last["v"] or 0) + 1,
            batch=batch,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            queued_at=timezone.now(),
        )
        log_action(
            "document.requested",
            actor=actor,
            target=document,
            consortium=consortium,
            data={"kind": kind, "version": document.version},
        )
        _send(document)
    return document


def _check_subject(consortium, kind: str, *, structure=None, year=None, mandate=None) -> None:
    """The subject belongs to this consortium and matches the kind; else a refusal that changes nothing."""
    if kind not in DocumentKind.values:
        raise DomainError(_("Type de document inconnu."), code="unknown_kind", field="kind")
    if kind == DocumentKind.MANDATE and (mandate is None or mandate.consortium_id != consortium.pk):
        raise DomainError(_("Mandat introuvable dans ce consortium."), code="does_not_exist", field="mandate")
    if kind == DocumentKind.ACTIVITY_REPORT:
        if structure is None or not consortium.memberships.filter(structure=structure).exists():
            raise DomainError(_("Structure introuvable dans ce consortium."), code="does_not_exist", field="structure")
        if year not in REPORT_YEARS:
            raise DomainError(_("Les rapports d'activité portent sur 2026 ou 2027."), code="invalid_year", field="year")


def documents_request_batch(*, actor, consortium, kind: str, subjects: list[dict]) -> uuid.UUID:
    """Several documents asked for together (each rendered by its own job, in parallel): their batch id."""
    if not subjects:
        raise DomainError(_("Aucun document à produire."), code="nothing_to_generate")
    batch = uuid.uuid4()
    with transaction.atomic():
        for subject in subjects:
            document_request(actor=actor, consortium=consortium, kind=kind, batch=batch, **subject)
    return batch


def _send(document) -> None:
    enqueue(render_document, document.pk)


def documents_sweep(now: datetime.datetime | None = None) -> int:
    """Jobs left pending or running without a worker, sent again; the number sent (see rendering.sweep)."""
    return rendering.sweep(_send, now)
