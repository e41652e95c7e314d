"""Generated documents: everyone who sees the consortium reads the list, a document's page, a batch and downloads a
ready document (AVIQ reviewers included), except a structure's activity report, read by the operational team, the
coordination and that structure's reporters only. Asking for a document: the operational team and the coordination
(MANAGE_REPORTING), a reporter for their own structure's report."""

import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from . import Entry, expect, only

MANAGERS = ("coordinator", "operational")
BATCH = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _a(cast):
    return {"consortium_id": cast.consortium_a.pk}


def _mandate(cast):
    from mandates.services import mandate_create
    from tests.reporting.conftest import ESSENTIALS

    return mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS})


def _done(cast, **subject):
    from reporting.models import GeneratedDocument

    document = GeneratedDocument(
        consortium=cast.consortium_a,
        subject_key=f"matrix:{uuid.uuid4().hex[:8]}",
        version=1,
        status="done",
        progress=100,
        queued_at=timezone.now(),
        sha256="0" * 64,
        filename="document.pdf",
        size=14,
        pages=1,
        batch=BATCH,
        **subject,
    )
    document.file.save("document.pdf", ContentFile(b"%PDF-1.7 test\n"), save=False)
    document.save()
    return document


def _mandate_document(cast):
    document = _done(cast, kind="mandate", mandate=_mandate(cast))
    return {"consortium_id": cast.consortium_a.pk, "document_id": document.pk}


def _report_document(cast):
    document = _done(cast, kind="activity_report", structure=cast.member_a, year=2026)
    return {"consortium_id": cast.consortium_a.pk, "document_id": document.pk}


def _batch(cast):
    _mandate_document(cast)
    return {"consortium_id": cast.consortium_a.pk, "batch": BATCH}


def _ask_mandate(cast):
    return {"kind": "mandate", "mandate": _mandate(cast).pk}


def _snapshot(cast):
    from reporting.models import GeneratedDocument

    return sorted(GeneratedDocument.objects.values_list("pk", "version", "status"))


REPORT_READERS = (*MANAGERS, "structure_reporter")

ENTRIES = [
    Entry("reporting:documents", expect(), kwargs=_a),
    Entry(
        "reporting:document_request",
        only(REPORT_READERS, ok=400, admin=400),
        kwargs=_a,
        method="post",
        snapshot=_snapshot,
        id="POST reporting:document_request (empty)",
    ),
    Entry(
        "reporting:document_request",
        only(MANAGERS, ok=302, admin=302),
        kwargs=_a,
        method="post",
        data=_ask_mandate,
        snapshot=_snapshot,
    ),
    Entry(
        "reporting:document_batch_request",
        only(MANAGERS, ok=400, admin=400),
        kwargs=_a,
        method="post",
        snapshot=_snapshot,
    ),
    Entry("reporting:document", expect(), kwargs=_mandate_document),
    Entry(
        "reporting:document",
        only(REPORT_READERS),
        kwargs=_report_document,
        id="GET reporting:document (a structure's report)",
    ),
    Entry("reporting:document_download", expect(), kwargs=_mandate_document),
    Entry(
        "reporting:document_download",
        only(REPORT_READERS),
        kwargs=_report_document,
        id="GET reporting:document_download (a structure's report)",
    ),
    Entry("reporting:document_batch", expect(), kwargs=_batch),
]
