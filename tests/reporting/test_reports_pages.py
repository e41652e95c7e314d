"""Activity reports: one per structure and year, in sections (harmonised or a funder's template); a reporter writes
only their own structure's report; submitted, it is locked and read by everyone who sees the consortium; the
coordination reopens it with a reason. Pages keep a fixed number of queries."""

import pytest
from django.urls import reverse

from consortia.models import Membership
from ols_platform.errors import ConflictError, DomainError
from ols_platform.models import ActionLog, Notification
from reporting.models import ActivityReport, ReportSection
from reporting.models.reports import HARMONISED_SECTIONS
from reporting.services import reports as services
from tests.factories import MembershipFactory, StructureFactory
from tests.perf.test_query_counts import count_queries


def _start(cast, structure=None, year=2026):
    report, _created = services.report_start(
        actor=cast.user("operational"), consortium=cast.consortium_a, structure=structure or cast.member_a, year=year
    )
    return report


def _fill(report):
    for section in report.sections.all():
        services.section_update(
            actor=None, section=section, body=f"Texte de « {section.title} ».", expected_version=section.version
        )


def _url(cast, name, **kwargs):
    return reverse(f"reporting:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def test_a_new_report_gets_the_harmonised_sections(cast):
    report = _start(cast)
    assert [s.title for s in report.sections.all()] == [str(t) for t in HARMONISED_SECTIONS]
    assert report.specific_template == ""


def test_a_structure_with_a_specific_template_follows_it_and_is_flagged(cast):
    services.reporting_settings_save(
        actor=None,
        consortium=cast.consortium_a,
        structure=cast.member_a,
        data={"aviq_funded": True, "specific_template": "Canevas FSE+", "template_sections": "Objectifs\n\nRésultats"},
        expected_version=None,
    )
    report = _start(cast)
    assert [s.title for s in report.sections.all()] == ["Objectifs", "Résultats"]
    page = cast.client("coordinator").get(_url(cast, "reports") + "?year=2026").content.decode()
    assert "Canevas « Canevas FSE+ »" in page


def test_starting_twice_gives_the_same_report(cast):
    assert _start(cast).pk == _start(cast).pk
    assert ActivityReport.objects.count() == 1


@pytest.mark.parametrize("structure", ["partner_a", "lead_b"])
def test_it_refuses_a_report_for_a_partner_or_another_consortiums_structure(cast, structure):
    with pytest.raises(DomainError):
        _start(cast, getattr(cast, structure))
    assert not ActivityReport.objects.exists()


def test_it_refuses_a_year_outside_the_pilot_and_a_structure_not_funded(cast):
    with pytest.raises(DomainError):
        _start(cast, year=2025)
    services.reporting_settings_save(
        actor=None,
        consortium=cast.consortium_a,
        structure=cast.member_a,
        data={"aviq_funded": False},
        expected_version=None,
    )
    with pytest.raises(DomainError) as refused:
        _start(cast)
    assert refused.value.code == "not_aviq_funded"
    assert not ActivityReport.objects.exists()


def test_a_reporter_edits_their_structures_section_and_a_stale_save_is_refused(cast):
    report = _start(cast)
    section = report.sections.first()
    client = cast.client("structure_reporter")
    url = _url(cast, "report_section_edit", report_id=report.pk, section_id=section.pk)
    assert client.post(url, {"body": "Premier texte.", "version": 1}).status_code == 302
    response = client.post(url, {"body": "Texte concurrent.", "version": 1})
    assert response.status_code == 409
    assert "Premier texte." in response.content.decode()  # the current value is shown
    assert ReportSection.objects.get(pk=section.pk).body == "Premier texte."


@pytest.mark.parametrize(
    "data", [{"body": "x" * 20_001, "version": 1}, {"body": "ok", "version": "²"}, {"body": "ok"}, {}]
)
def test_it_refuses_a_malformed_section_and_changes_nothing(cast, data):
    report = _start(cast)
    section = report.sections.first()
    response = cast.client("structure_reporter").post(
        _url(cast, "report_section_edit", report_id=report.pk, section_id=section.pk), data
    )
    assert response.status_code == 400
    assert ReportSection.objects.get(pk=section.pk).body == ""


def test_a_reporter_cannot_read_another_structures_draft_but_reads_it_once_submitted(cast):
    other = _start(cast, cast.lead_a)
    client = cast.client("structure_reporter")
    assert client.get(_url(cast, "report", report_id=other.pk)).status_code == 403
    section = other.sections.first()
    edit = _url(cast, "report_section_edit", report_id=other.pk, section_id=section.pk)
    assert client.post(edit, {"body": "Intrusion", "version": 1}).status_code == 403
    _fill(other)
    services.report_submit(actor=None, report=other)
    assert client.get(_url(cast, "report", report_id=other.pk)).status_code == 200
    assert client.post(edit, {"body": "Intrusion", "version": 2}).status_code == 403


def test_the_reviewer_reads_only_submitted_reports_and_writes_nothing(cast):
    report = _start(cast)
    client = cast.client("reviewer")
    assert client.get(_url(cast, "report", report_id=report.pk)).status_code == 403
    _fill(report)
    services.report_submit(actor=None, report=report)
    page = client.get(_url(cast, "report", report_id=report.pk))
    assert page.status_code == 200
    assert "Modifier la section" not in page.content.decode()
    assert client.post(_url(cast, "report_submit", report_id=report.pk), {"version": 2}).status_code == 403


def test_an_outsider_gets_404(cast):
    report = _start(cast)
    assert cast.client("outsider").get(_url(cast, "report", report_id=report.pk)).status_code == 404


def test_another_consortiums_report_id_is_404(cast):
    membership = MembershipFactory(consortium=cast.consortium_b, structure=StructureFactory(name="Membre B"))
    report, _ = services.report_start(
        actor=None, consortium=cast.consortium_b, structure=membership.structure, year=2026
    )
    assert cast.client("coordinator").get(_url(cast, "report", report_id=report.pk)).status_code == 404


def test_submit_needs_every_section_then_locks_the_report(cast):
    report = _start(cast)
    client = cast.client("structure_reporter")
    client.post(_url(cast, "report_submit", report_id=report.pk), {"version": 1})
    report.refresh_from_db()
    assert report.is_draft  # refused: empty sections
    _fill(report)
    client.post(_url(cast, "report_submit", report_id=report.pk), {"version": 1})
    report.refresh_from_db()
    assert not report.is_draft and report.submitted_at is not None
    section = report.sections.first()
    with pytest.raises(ConflictError):
        services.section_update(actor=None, section=section, body="Après remise", expected_version=section.version)
    response = client.post(
        _url(cast, "report_section_edit", report_id=report.pk, section_id=section.pk),
        {"body": "Après remise", "version": section.version},
    )
    assert response.status_code == 409


def test_the_coordination_reopens_with_a_reason_logged_and_sent_to_the_reporters(cast):
    report = _start(cast)
    _fill(report)
    services.report_submit(actor=None, report=report)
    client = cast.client("coordinator")
    url = _url(cast, "report_reopen", report_id=report.pk)
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Chiffres de fréquentation à corriger."}).status_code == 302
    report.refresh_from_db()
    assert report.is_draft
    log = ActionLog.objects.get(action="activity_report.reopened")
    assert log.data == {"reason": "Chiffres de fréquentation à corriger."}
    assert Notification.objects.filter(user=cast.user("structure_reporter"), kind="activity_report.reopened").exists()
    assert cast.client("structure_reporter").get(url).status_code == 403


def test_the_list_shows_each_funded_member_with_its_progress(cast):
    report = _start(cast)
    first = report.sections.first()
    services.section_update(actor=None, section=first, body="Un texte.", expected_version=1)
    page = cast.client("viewer").get(_url(cast, "reports") + "?year=2026").content.decode()
    assert "ASBL Membre A" in page and "ASBL Porteuse A" in page
    assert "Hôpital Partenaire A" not in page  # a partner writes no report here
    assert "1/6" in page


def test_the_reporter_starts_their_report_from_the_list_and_not_another_one(cast):
    client = cast.client("structure_reporter")
    start = _url(cast, "report_start")
    assert client.post(start, {"structure": cast.lead_a.pk, "year": 2026}).status_code == 403
    assert client.post(start, {"structure": cast.lead_b.pk, "year": 2026}).status_code == 302
    assert not ActivityReport.objects.exists()
    assert client.post(start, {"structure": cast.member_a.pk, "year": 2026}).status_code == 302
    assert ActivityReport.objects.get().structure == cast.member_a


def _grow(cast, n):
    for i in range(n):
        structure = StructureFactory(name=f"Structure {len(Membership.objects.all())}-{i}")
        MembershipFactory(consortium=cast.consortium_a, structure=structure)
        report = _start(cast, structure)
        _fill(report)
        services.shared_paragraph_create(
            actor=None,
            consortium=cast.consortium_a,
            data={
                "year": 2026,
                "title": f"Paragraphe {structure.pk}",
                "body": "Texte commun.",
                "structures": [structure, cast.member_a],
            },
        )


@pytest.mark.parametrize("actor", ["coordinator", "structure_reporter", "reviewer"])
def test_the_list_and_a_report_keep_a_fixed_number_of_queries(cast, actor):
    report = _start(cast)
    client = cast.client(actor)
    _fill(report)
    services.report_submit(actor=None, report=report)
    _grow(cast, 2)
    small = (
        count_queries(client, _url(cast, "reports")),
        count_queries(client, _url(cast, "report", report_id=report.pk)),
    )
    _grow(cast, 12)
    large = (
        count_queries(client, _url(cast, "reports")),
        count_queries(client, _url(cast, "report", report_id=report.pk)),
    )
    assert small == large
