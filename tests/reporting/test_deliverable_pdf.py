"""The deliverable as a document: its context (toc, titles, the five chapters, the subsidy from the budget) in a fixed
number of queries, and the PDF's text (pypdf): the consortium's name, the five exact step titles, the personnel
share."""

import io
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from budget import selectors as budget_selectors
from ols_platform.formatting import format_percent
from reporting import services_deliverable as services
from reporting.models.deliverable import STEP_TITLES
from reporting.pdf import render_pdf
from reporting.pdf_deliverable import deliverable_document, demoted_markdown
from tests.governance import conftest as governance_cast

from .deliverable_helpers import budget_with_spending
from .test_deliverable_pages import _grow

pytestmark = pytest.mark.django_db
gov = governance_cast.gov


def _full_context(consortium):
    template, context = deliverable_document(consortium)
    return template, context | {"consortium": consortium, "generated_at": timezone.localtime(), "version": 1}


def test_the_context_has_a_toc_of_the_five_steps_and_the_subsidy(cast):
    template, context = deliverable_document(cast.consortium_a)
    assert template == "pdf/deliverable.html"
    assert [anchor for anchor, _title, _level in context["toc"]] == [*(f"step-{n}" for n in range(1, 6)), "subsidy"]
    assert context["toc"][3][1] == "4. " + STEP_TITLES[4]
    assert context["document_title"] == "Livrable d'évaluation" and "OLS A" in context["document_subtitle"]


def test_the_narratives_headings_sit_under_the_chapters():
    html = demoted_markdown("# Diagnostic\n\n## Données\n\n###### Détail\n\n<h1>brut</h1>")
    assert "<h3>Diagnostic</h3>" in html and "<h4>Données</h4>" in html and "<h6>Détail</h6>" in html
    assert "<h1>" not in html


def test_the_context_and_its_rendering_cost_the_same_queries_at_two_sizes(cast, gov):
    budget_with_spending(cast)
    consortium = cast.consortium_a
    _grow(cast, gov, 1)

    def count():
        with CaptureQueriesContext(connection) as captured:
            template, context = _full_context(consortium)
            render_to_string(template, context | {"pdf_assets": "file:///nowhere"})
        return len(captured.captured_queries)

    small = count()
    _grow(cast, gov, 6, offset=1)
    assert count() == small


def test_the_pdf_names_the_consortium_the_five_steps_and_the_personnel_share(cast, gov):
    budget_with_spending(cast)
    services.step_update(
        actor=None,
        consortium=cast.consortium_a,
        number=1,
        data={
            "narrative": "# Diagnostic\n\nLe territoire compte **380 000** habitants.",
            "status": "done",
            "progress": 100,
        },
        expected_version=None,
    )
    template, context = _full_context(cast.consortium_a)
    pdf = render_pdf(template, context)
    reader = PdfReader(io.BytesIO(pdf.content))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    assert "OLS A" in text
    for number, title in STEP_TITLES.items():
        assert f"{number}. {title}" in text, title
    summary = budget_selectors.summary(cast.consortium_a, budget_selectors.versions(cast.consortium_a))
    share = format_percent(summary.personnel_share, 2).replace("\xa0", " ")
    assert f"Part de personnel prévue : {share}" in text.replace("\xa0", " ")
    assert pdf.pages >= 7  # cover, contents, five chapters, the subsidy


def test_once_wired_into_the_pipeline_the_deliverable_is_generated_with_its_text(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    """What the lead adds at merge (reporting/document_builders.py), tried here through the real pipeline."""
    from reporting import document_builders
    from reporting.services.documents import document_request

    from .conftest import pdf_text

    monkeypatch.setitem(
        document_builders.BUILDERS, "evaluation_deliverable", lambda document: deliverable_document(document.consortium)
    )
    budget_with_spending(cast)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            actor=cast.user("operational"), consortium=cast.consortium_a, kind="evaluation_deliverable"
        )
    document.refresh_from_db()
    assert document.status == "done", document.error
    text = re.sub(r"\s+", " ", pdf_text(document))
    assert "OLS A" in text and all(title in text for title in STEP_TITLES.values())
    assert "Part de personnel prévue" in text
