"""A private annotation of AVIQ is never shown to a consortium user: on no page, API answer, export or document.

Every GET of the permission matrix is visited by every consortium role after a private annotation (and a public
comment) was written on every budget, budget line, report, report section, deliverable step and mandate AVIQ asked
for, of the data the entry built. The private text must never be in an answer; the public one proves comments are
shown at all.
"""

import io
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse

from review.models import Comment, Target
from tests.matrix import MEMBER_ROLES
from tests.test_permission_matrix import ENTRIES

PRIVATE = "ANNOTATION-PRIVEE-AVIQ-7Q"
PUBLIC = "COMMENTAIRE-PUBLIC-AVIQ-3K"
GETS = [entry for entry in ENTRIES if entry.method == "get"]


def _targets():
    """(target, target_id, item_kind, item_id, consortium_id) of everything a comment can be about."""
    from budget.models import Budget, BudgetLine

    rows = [(Target.BUDGET, b.pk, "budget", b.pk, b.consortium_id) for b in Budget.objects.all()]
    rows += [
        (Target.BUDGET_LINE, line.pk, "budget", line.budget_id, line.budget.consortium_id)
        for line in BudgetLine.objects.select_related("budget")
    ]
    rows += _reporting_targets()
    from mandates.models import MandateReview

    rows += [(Target.MANDATE, r.pk, "mandate", r.pk, r.consortium_id) for r in MandateReview.objects.all()]
    return rows


def _reporting_targets():
    rows = []
    try:
        from reporting.models import ActivityReport, DeliverableStep, ReportSection
    except ImportError:  # pragma: no cover — reporting is installed
        return rows
    rows += [(Target.REPORT, r.pk, "report", r.pk, r.consortium_id) for r in ActivityReport.objects.all()]
    rows += [
        (Target.REPORT_SECTION, s.pk, "report", s.report_id, s.report.consortium_id)
        for s in ReportSection.objects.select_related("report")
    ]
    rows += [
        (Target.DELIVERABLE_STEP, s.pk, "deliverable", s.pk, s.consortium_id) for s in DeliverableStep.objects.all()
    ]
    return rows


def _annotate_everything():
    comments = []
    for target, target_id, kind, item_id, consortium_id in _targets():
        for visibility, text in (("private", PRIVATE), ("public", PUBLIC)):
            comments.append(
                Comment(
                    consortium_id=consortium_id,
                    item_kind=kind,
                    item_id=item_id,
                    target=target,
                    target_id=target_id,
                    target_label=f"{text} (intitulé)" if visibility == "private" else "",
                    text=f"{text} — texte",
                    visibility=visibility,
                )
            )
    Comment.objects.bulk_create(comments)
    return len(comments)


def _readable(body: bytes) -> bytes:
    """The answer as text: a workbook (.xlsx, a zip of XML files) is unpacked, so its compressed cells are read."""
    if not body.startswith(b"PK\x03\x04"):
        return body
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


@pytest.mark.django_db
@pytest.mark.parametrize("entry", GETS, ids=lambda e: e.id)
def test_no_page_or_answer_shows_a_private_annotation_to_a_consortium_user(entry, cast):
    kwargs = entry.kwargs(cast)
    url = reverse(entry.name, kwargs=kwargs)
    _annotate_everything()
    for actor in (*MEMBER_ROLES, "outsider"):
        with transaction.atomic():
            response = cast.client(actor).get(url, HTTP_ACCEPT="application/json" if entry.api else "text/html")
            body = _readable(b"".join(response.streaming_content) if response.streaming else response.content)
            assert PRIVATE.encode() not in body, f"{actor} reads a private annotation at {url}"
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_leak_test_sees_comments_where_they_are_shown(cast):
    """The public comment is on the budget page and in the API, the private one on AVIQ's page: the test above
    would see a private annotation if the filter let one through."""
    from budget import services

    data = {"structure": cast.lead_a.pk, "category": "personnel", "year": 1, "label": "Coordination", "amount": "80000"}
    line = services.budget_line_create(
        actor=None, consortium=cast.consortium_a, data=data | {"staff_role": "Coordination", "fte": "1"}
    )
    services.budget_submit(actor=None, budget=line.budget)
    assert _annotate_everything() == 4
    overview = cast.client("coordinator").get(
        reverse("budget:overview", kwargs={"consortium_id": cast.consortium_a.pk})
    )
    assert PUBLIC in overview.content.decode() and PRIVATE not in overview.content.decode()
    api = cast.client("coordinator").get(
        reverse("consortium-comment-list", kwargs={"consortium_id": cast.consortium_a.pk})
    )
    assert PUBLIC in api.content.decode() and PRIVATE not in api.content.decode()
    aviq = cast.client("reviewer").get(
        reverse("aviq:review_item", kwargs={"kind": "budget", "item_id": line.budget_id})
    )
    assert PRIVATE in aviq.content.decode()


def test_the_leak_test_reads_inside_a_workbook():
    from openpyxl import Workbook

    workbook, buffer = Workbook(), io.BytesIO()
    workbook.active["A1"] = PRIVATE
    workbook.save(buffer)
    assert PRIVATE.encode() not in buffer.getvalue()  # compressed: a bare scan would miss it
    assert PRIVATE.encode() in _readable(buffer.getvalue())


@pytest.mark.django_db
def test_no_generated_document_carries_a_comment_of_aviq(cast):
    """The deliverable and a structure's report, rendered to PDF after private (and public) comments were written
    on every part of them: neither text is in the document (documents carry the consortium's work, not AVIQ's)."""
    import io
    import re

    from django.utils import timezone
    from pypdf import PdfReader

    from reporting.pdf import render_pdf
    from reporting.pdf_deliverable import deliverable_document
    from reporting.pdf_reports import activity_report_document
    from reporting.services import reports as report_services
    from reporting.services_deliverable import step_update

    step_update(
        actor=None,
        consortium=cast.consortium_a,
        number=1,
        data={"narrative": "Diagnostic partagé.", "status": "done", "progress": 100},
        expected_version=None,
    )
    report, _ = report_services.report_start(
        actor=None, consortium=cast.consortium_a, structure=cast.member_a, year=2026
    )
    assert _annotate_everything() > 0
    extra = {"consortium": cast.consortium_a, "generated_at": timezone.localtime(), "version": 1}
    for template, context in (deliverable_document(cast.consortium_a), activity_report_document(report)):
        pdf = render_pdf(template, context | extra)
        text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
        assert "OLS A" in text
        assert PRIVATE not in text and PUBLIC not in text
