"""The deliverable's demo: on the demo consortium (after the consortia, governance and mandates demos), the five
steps written, the application's projects, three cycles (the third following the second), evidence, and a budget
approved with a year of spending and staff arrangements — loaded once (idempotent), and a PDF of 20+ pages."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from budget import selectors as budget_selectors
from budget.staff.models import StaffArrangement
from consortia.management.commands.load_demo import HAUTES_PLAINES
from consortia.models import Consortium
from reporting.demo_deliverable import load
from reporting.models import DeliverableStep, LearningCycle, PriorityProject, StepEvidence
from reporting.pdf import render_pdf
from reporting.pdf_deliverable import deliverable_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    out = StringIO()
    for command in ("load_demo", "load_governance_demo", "load_mandates_demo"):
        call_command(command, allow_demo_passwords=True, stdout=out)
    return Consortium.objects.get(name=HAUTES_PLAINES.name)


def test_the_demo_fills_the_deliverable_and_the_budget_once(demo):
    assert load(demo) == {"budget": True, "deliverable": True}
    assert DeliverableStep.objects.filter(consortium=demo).count() == 5
    assert PriorityProject.objects.filter(consortium=demo, origin="application").count() == 4
    cycles = list(LearningCycle.objects.filter(consortium=demo).order_by("number"))
    assert len(cycles) == 3 and cycles[2].follows == cycles[1]
    assert StepEvidence.objects.filter(step__consortium=demo, kind="mandate").count() == 3
    summary = budget_selectors.summary(demo, budget_selectors.versions(demo))
    assert summary.is_compliant and summary.total_actual > 0 and summary.approved is not None
    assert summary.total_planned <= summary.envelope
    assert StaffArrangement.objects.filter(budget__consortium=demo).count() == 3
    counts = (DeliverableStep.objects.count(), StepEvidence.objects.count(), summary.total_actual)
    assert load(demo) == {"budget": False, "deliverable": False}
    again = budget_selectors.summary(demo, budget_selectors.versions(demo))
    assert (DeliverableStep.objects.count(), StepEvidence.objects.count(), again.total_actual) == counts


def test_the_demo_pdf_runs_to_twenty_pages(demo):
    load(demo)
    template, context = deliverable_document(demo)
    context |= {"consortium": demo, "generated_at": timezone.localtime(), "version": 1}
    pdf = render_pdf(template, context)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pdf.pages >= 20, pdf.pages
    assert "Hautes Plaines" in text
