"""Generated documents in a real browser: the operational team generates a mandate's sheet from the mandate page and
downloads the PDF; a job still waiting shows its progress bar, which htmx refreshes until the document is ready."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from mandates.services import mandate_create
from reporting.rendering import document_run
from reporting.services.documents import document_request
from tests.conftest import build_cast
from tests.reporting.conftest import ESSENTIALS

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mandate_setup(transactional_db):
    cast = build_cast()
    mandate = mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS})
    return cast, mandate


def test_the_team_generates_a_mandate_sheet_and_downloads_it(page, mandate_setup, screenshot):
    cast, mandate = mandate_setup
    log_in(page, "operational@a.test")
    page.goto(reverse("mandates:mandate", kwargs={"consortium_id": cast.consortium_a.pk, "mandate_id": mandate.pk}))
    page.get_by_role("button", name="Générer la fiche mandat (PDF)").click()

    expect(page.get_by_role("status")).to_contain_text("Le document est prêt.")
    screenshot(page, "document-ready")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger le PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-v1.pdf")
    content = Path(download.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Secrétariat de la gouvernance" in text

    page.get_by_role("link", name="← Tous les documents").click()
    expect(page.locator("table")).to_contain_text("Fiche mandat — Secrétariat de la gouvernance")


def test_a_waiting_job_shows_its_progress_until_it_is_ready(page, mandate_setup, screenshot, monkeypatch):
    cast, mandate = mandate_setup
    # Not sent to a worker: the job waits, as when every worker is busy.
    monkeypatch.setattr("reporting.services.documents._send", lambda document: None)
    document = document_request(
        actor=cast.user("operational"), consortium=cast.consortium_a, kind="mandate", mandate=mandate
    )
    log_in(page, "coordinator@a.test")
    page.goto(reverse("reporting:document", kwargs={"consortium_id": cast.consortium_a.pk, "document_id": document.pk}))
    expect(page.get_by_role("status")).to_contain_text("Le document attend son tour.")
    expect(page.get_by_role("progressbar")).to_be_visible()
    screenshot(page, "document-waiting")

    assert document_run(document.pk, run_id="browser-test") == "done"  # a worker takes it

    expect(page.get_by_role("status")).to_contain_text("Le document est prêt.", timeout=10_000)
    expect(page.get_by_role("button", name="Télécharger le PDF")).to_be_visible()
