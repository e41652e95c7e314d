"""The reports demo: settings for every member (one bound to a funder's template, two not funded), 2026 reports at
various stages, one shared paragraph approved by its five structures and one waiting for the demo reporter's."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from consortia.management.commands.load_demo import HAUTES_PLAINES
from consortia.models import Consortium, User
from reporting import demo_reports, report_selectors
from reporting.models import ActivityReport, SharedParagraph, StructureReporting


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", allow_demo_passwords=True, stdout=StringIO())
    consortium = Consortium.objects.get(name=HAUTES_PLAINES.name)
    assert demo_reports.load(consortium) is True
    return consortium


def test_the_demo_has_reports_at_every_stage_and_two_shared_paragraphs(demo):
    assert StructureReporting.objects.filter(consortium=demo, aviq_funded=False).count() == 2
    bound = StructureReporting.objects.get(consortium=demo, specific_template=demo_reports.SPECIFIC_TEMPLATE)
    report = ActivityReport.objects.get(consortium=demo, structure=bound.structure)
    assert [s.title for s in report.sections.all()] == list(demo_reports.TEMPLATE_SECTIONS)
    assert ActivityReport.objects.filter(consortium=demo, status="submitted").count() == 2
    assert ActivityReport.objects.filter(consortium=demo).count() >= 14
    states = report_selectors.paragraph_states(SharedParagraph.objects.filter(consortium=demo), demo)
    tallies = sorted((state.approved_count, state.total) for state in states)
    assert tallies == [(2, 3), (5, 5)]
    assert demo_reports.load(demo) is False  # idempotent


def test_the_demo_reporter_sees_their_card_and_the_paragraph_waiting(demo, client):
    client.force_login(User.objects.get(email="rapporteur@demo.ols.example"))
    page = client.get(reverse("dashboard")).content.decode()
    assert "4/6 sections rédigées" in page
    assert "Dynamique de la concertation locale Ville Haute" in page
