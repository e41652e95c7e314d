"""The document pipeline in-process (Celery eager): ask, render, version, fail, take back, sweep."""

import datetime
import hashlib
import logging

import pytest
from django.utils import timezone

from ols_platform.errors import DomainError
from ols_platform.models import OutboxTask
from reporting import document_builders, pdf
from reporting.models import DocumentStatus, GeneratedDocument
from reporting.rendering import document_run
from reporting.services.documents import document_request, documents_sweep

from .conftest import pdf_text


def _ask(cast, mandate, capture, *, run=True):
    if not run:
        return document_request(
            actor=cast.user("operational"), consortium=cast.consortium_a, kind="mandate", mandate=mandate
        )
    with capture(execute=True):
        document = document_request(
            actor=cast.user("operational"), consortium=cast.consortium_a, kind="mandate", mandate=mandate
        )
    document.refresh_from_db()
    return document


def test_it_renders_a_mandate_sheet_with_its_fingerprint(cast, mandate, django_capture_on_commit_callbacks):
    document = _ask(cast, mandate, django_capture_on_commit_callbacks)

    assert document.status == DocumentStatus.DONE
    assert document.progress == 100
    assert document.pages >= 2
    document.file.open("rb")
    content = document.file.read()
    document.file.close()
    assert content.startswith(b"%PDF-")
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    text = pdf_text(document)
    assert "OLS A" in text
    assert "Secrétariat de la gouvernance" in text
    assert "Le mandat — L'essentiel" in text
    assert document.duration_ms is not None and document.requested_by == cast.user("operational")


def test_asking_again_makes_the_next_version_and_keeps_the_first(cast, mandate, django_capture_on_commit_callbacks):
    first = _ask(cast, mandate, django_capture_on_commit_callbacks)
    second = _ask(cast, mandate, django_capture_on_commit_callbacks)

    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)


def test_a_double_submit_returns_the_job_still_open(cast, mandate):
    first = _ask(cast, mandate, None, run=False)
    second = _ask(cast, mandate, None, run=False)

    assert first.pk == second.pk
    assert GeneratedDocument.objects.count() == 1


def test_a_failing_render_marks_the_job_failed_with_a_message_and_logs_the_traceback(
    cast, mandate, monkeypatch, caplog
):
    def broken(document):
        raise KeyError("bad template data")

    monkeypatch.setitem(document_builders.BUILDERS, "mandate", broken)
    document = _ask(cast, mandate, None, run=False)
    with caplog.at_level(logging.ERROR):
        assert document_run(document.pk, run_id="run-1") == "failed"

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "erreur interne" in document.error
    assert not document.file
    assert "bad template data" in caplog.text


def test_a_missing_font_fails_the_job_and_names_the_font(cast, mandate, monkeypatch):
    monkeypatch.setattr(pdf, "FONTS", (*pdf.FONTS, "Absente.ttf"))
    document = _ask(cast, mandate, None, run=False)

    assert document_run(document.pk, run_id="run-1") == "failed"
    document.refresh_from_db()
    assert "Absente.ttf" in document.error


def test_a_second_delivery_of_a_finished_job_changes_nothing(cast, mandate):
    document = _ask(cast, mandate, None, run=False)
    assert document_run(document.pk, run_id="run-1") == "done"
    document.refresh_from_db()
    digest = document.sha256

    assert document_run(document.pk, run_id="run-1") == "skipped"
    assert document_run(document.pk, run_id="run-2") == "skipped"
    document.refresh_from_db()
    assert document.sha256 == digest and document.attempts == 1


def test_a_message_delivered_again_after_its_worker_died_takes_the_job_back(cast, mandate):
    document = _ask(cast, mandate, None, run=False)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status="running", run_id="run-1", attempts=1, progress=25, heartbeat_at=timezone.now()
    )

    assert document_run(document.pk, run_id="run-1") == "done"


def test_another_live_run_keeps_its_job(cast, mandate):
    document = _ask(cast, mandate, None, run=False)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status="running", run_id="run-1", attempts=1, heartbeat_at=timezone.now()
    )

    assert document_run(document.pk, run_id="run-2") == "skipped"
    document.refresh_from_db()
    assert (document.status, document.run_id) == ("running", "run-1")


def test_the_sweep_sends_again_a_job_whose_worker_died(cast, mandate, django_capture_on_commit_callbacks):
    document = _ask(cast, mandate, None, run=False)
    OutboxTask.objects.update(sent_at=timezone.now())  # the first message reached the broker
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status="running", run_id="dead-run", attempts=1, heartbeat_at=long_ago
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert documents_sweep() == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.attempts == 2


def test_the_sweep_leaves_a_job_whose_message_still_waits_for_redis(cast, mandate):
    document = _ask(cast, mandate, None, run=False)
    assert OutboxTask.objects.filter(sent_at__isnull=True, args=[document.pk]).exists()
    GeneratedDocument.objects.filter(pk=document.pk).update(queued_at=timezone.now() - datetime.timedelta(hours=1))

    assert documents_sweep() == 0


def test_the_sweep_leaves_fresh_jobs_alone(cast, mandate):
    document = _ask(cast, mandate, None, run=False)
    OutboxTask.objects.update(sent_at=timezone.now())
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status="running", run_id="run-1", heartbeat_at=timezone.now()
    )

    assert documents_sweep() == 0


def test_a_job_that_failed_three_times_stops(cast, mandate):
    document = _ask(cast, mandate, None, run=False)
    GeneratedDocument.objects.filter(pk=document.pk).update(attempts=3)

    assert document_run(document.pk, run_id="run-9") == "skipped"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "3 fois" in document.error


def test_a_run_that_lost_its_job_writes_nothing(cast, mandate, monkeypatch):
    document = _ask(cast, mandate, None, run=False)

    def steal_then_build(doc):
        GeneratedDocument.objects.filter(pk=doc.pk).update(run_id="thief")
        return document_builders.mandate_sheet(doc)

    monkeypatch.setitem(document_builders.BUILDERS, "mandate", steal_then_build)
    assert document_run(document.pk, run_id="run-1") == "lost"
    document.refresh_from_db()
    assert document.status == DocumentStatus.RUNNING and not document.file


def test_it_refuses_a_mandate_of_another_consortium_and_creates_nothing(cast):
    from mandates.services import mandate_create

    from .conftest import ESSENTIALS

    foreign = mandate_create(actor=None, consortium=cast.consortium_b, data={"kind": "secretary", **ESSENTIALS})
    with pytest.raises(DomainError) as refused:
        _ask(cast, foreign, None, run=False)
    assert refused.value.code == "does_not_exist"
    assert not GeneratedDocument.objects.exists() and not OutboxTask.objects.exists()


def test_a_forged_job_on_another_consortiums_mandate_fails_without_rendering_it(cast):
    from mandates.services import mandate_create

    from .conftest import ESSENTIALS

    foreign = mandate_create(actor=None, consortium=cast.consortium_b, data={"kind": "secretary", **ESSENTIALS})
    document = GeneratedDocument.objects.create(
        consortium=cast.consortium_a,
        kind="mandate",
        mandate=foreign,
        subject_key="x",
        version=1,
        queued_at=timezone.now(),
    )
    assert document_run(document.pk, run_id="run-1") == "failed"
    document.refresh_from_db()
    assert "n'existe plus" in document.error and not document.file


def test_the_pdf_is_tagged_in_french_with_its_title_and_embeds_the_platforms_fonts(
    cast, mandate, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    document = _ask(cast, mandate, django_capture_on_commit_callbacks)
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged (PDF/UA)
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]).startswith("fr")
    assert reader.metadata.title.startswith("Fiche mandat")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts and all(name.startswith("OLS-Sans") for name in fonts)  # the vendored @font-face, no system font
