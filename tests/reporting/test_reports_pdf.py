"""A structure's activity report for the PDF pipeline: its sections as chapters in the table of contents, only the
approved shared paragraphs, the template flag on the cover; rendered by WeasyPrint."""

import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from consortia.models import ConsortiumRole
from consortia.services.roles import role_grant
from reporting.pdf import render_pdf
from reporting.pdf_reports import activity_report_document
from reporting.services import reports as services
from tests.factories import UserFactory


@pytest.fixture
def report(cast):
    report, _ = services.report_start(actor=None, consortium=cast.consortium_a, structure=cast.member_a, year=2026)
    for section in report.sections.all():
        services.section_update(
            actor=None, section=section, body=f"Ce que dit « {section.title} ».", expected_version=section.version
        )
    lead_reporter = UserFactory(email="lead-reporter@a.test")
    role_grant(
        actor=None,
        consortium=cast.consortium_a,
        user=lead_reporter,
        role=ConsortiumRole.Role.STRUCTURE_REPORTER,
        structure=cast.lead_a,
    )
    approved = services.shared_paragraph_create(
        actor=None,
        consortium=cast.consortium_a,
        data={
            "year": 2026,
            "title": "Fonction de liaison",
            "body": "Texte approuvé par tous.",
            "section_title": "Partenariats",
            "structures": [cast.lead_a, cast.member_a],
        },
    )
    services.shared_paragraph_create(
        actor=None,
        consortium=cast.consortium_a,
        data={
            "year": 2026,
            "title": "En attente",
            "body": "Texte pas encore approuvé.",
            "structures": [cast.lead_a, cast.member_a],
        },
    )
    for user, structure in ((cast.user("structure_reporter"), cast.member_a), (lead_reporter, cast.lead_a)):
        services.shared_paragraph_approve(actor=user, paragraph=approved, structure=structure, revision=1)
    report.refresh_from_db()
    return report


def _context(report, cast):
    name, context = activity_report_document(report)
    return name, context | {"consortium": cast.consortium_a, "generated_at": timezone.localtime(), "version": 1}


def test_the_context_has_a_chapter_per_section_and_only_approved_paragraphs(cast, report):
    name, context = _context(report, cast)
    assert name == "pdf/activity_report.html"
    assert [title for _anchor, title in context["toc"]][:2] == [
        "1. Présentation de la structure",
        "2. Missions et activités de l'année",
    ]
    assert context["document_title"] == "Rapport d'activité 2026"
    assert context["document_subtitle"] == "ASBL Membre A"
    html = render_to_string(name, context | {"pdf_assets": "file:///"})
    assert "Texte approuvé par tous." in html
    assert "approuvé par 2/2" in html
    assert "pas encore approuvé" not in html
    assert html.count('class="chapter"') == 6


def test_the_context_is_read_in_a_fixed_number_of_queries(cast, report):
    with CaptureQueriesContext(connection) as captured:
        activity_report_document(report)
    assert len(captured.captured_queries) <= 5


def test_the_pdf_holds_the_sections_and_the_approved_paragraph(cast, report):
    name, context = _context(report, cast)
    rendered = render_pdf(name, context)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(rendered.content)).pages)
    assert "Perspectives" in text
    assert "approuvé par tous." in text  # pypdf splits "T exte" (kerning)
    assert "Paragraphe commun — approuvé par 2/2" in text
    assert "pas encore approuvé" not in text


def test_the_documents_builder_finds_the_report_or_says_it_was_never_started(cast, report):
    from types import SimpleNamespace

    from ols_platform.errors import DomainError
    from reporting.pdf_reports import activity_report_for

    document = SimpleNamespace(consortium_id=cast.consortium_a.pk, structure_id=cast.member_a.pk, year=2026)
    assert activity_report_for(document)[1]["report"] == report
    with pytest.raises(DomainError):
        activity_report_for(SimpleNamespace(consortium_id=cast.consortium_a.pk, structure_id=cast.lead_a.pk, year=2026))
