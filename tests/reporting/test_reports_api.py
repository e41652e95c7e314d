"""The reports API: lists only what the caller may read, shows the shared paragraphs' approval state (the text only
once approved), PATCHes a section with its version (409 when stale or submitted), refuses bad input with a 400."""

import pytest
from django.urls import reverse

from reporting.models import ReportSection
from reporting.services import reports as services


def _report(cast, structure):
    report, _created = services.report_start(actor=None, consortium=cast.consortium_a, structure=structure, year=2026)
    return report


def _list(cast):
    return reverse("consortium-report-list", kwargs={"consortium_id": cast.consortium_a.pk})


def _section_url(cast, report, section):
    return reverse(
        "consortium-report-section",
        kwargs={"consortium_id": cast.consortium_a.pk, "pk": report.pk, "section_id": section.pk},
    )


def _submit(report):
    for section in report.sections.all():
        services.section_update(actor=None, section=section, body="Texte.", expected_version=section.version)
    return services.report_submit(actor=None, report=report)


def test_the_list_holds_the_reporters_own_draft_and_the_submitted_reports_only(cast):
    mine = _report(cast, cast.member_a)
    other = _report(cast, cast.lead_a)
    ids = {row["id"] for row in cast.client("structure_reporter").get(_list(cast)).json()["results"]}
    assert ids == {mine.pk}
    _submit(other)
    ids = {row["id"] for row in cast.client("structure_reporter").get(_list(cast)).json()["results"]}
    assert ids == {mine.pk, other.pk}
    ids = {row["id"] for row in cast.client("reviewer").get(_list(cast)).json()["results"]}
    assert ids == {other.pk}


def test_another_structures_draft_is_403_by_id(cast):
    other = _report(cast, cast.lead_a)
    url = reverse("consortium-report-detail", kwargs={"consortium_id": cast.consortium_a.pk, "pk": other.pk})
    assert cast.client("structure_reporter").get(url).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404


def test_it_shows_the_paragraph_state_and_its_text_only_once_approved(cast):
    report = _report(cast, cast.member_a)
    paragraph = services.shared_paragraph_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"year": 2026, "title": "Liaison", "body": "Texte commun.", "structures": [cast.lead_a, cast.member_a]},
    )
    services.shared_paragraph_approve(
        actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
    )
    url = reverse("consortium-report-detail", kwargs={"consortium_id": cast.consortium_a.pk, "pk": report.pk})
    shared = cast.client("structure_reporter").get(url).json()["shared_paragraphs"]
    assert shared == [
        {
            "id": paragraph.pk,
            "title": "Liaison",
            "revision": 1,
            "section_title": "",
            "approved": False,
            "approved_count": 1,
            "total": 2,
            "approved_by_structures": [cast.member_a.pk],
            "missing_structures": [cast.lead_a.pk],
            "body": None,
        }
    ]


def test_a_stale_patch_is_409_and_changes_nothing(cast):
    report = _report(cast, cast.member_a)
    section = report.sections.first()
    client = cast.client("structure_reporter")
    url = _section_url(cast, report, section)
    response = client.patch(url, {"body": "Premier.", "version": 1}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["sections"][0]["version"] == 2
    response = client.patch(url, {"body": "Second.", "version": 1}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert ReportSection.objects.get(pk=section.pk).body == "Premier."


def test_a_patch_on_a_submitted_report_is_409(cast):
    report = _submit(_report(cast, cast.member_a))
    section = report.sections.first()
    response = cast.client("coordinator").patch(
        _section_url(cast, report, section),
        {"body": "Après.", "version": section.version},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "report_submitted"


@pytest.mark.parametrize(
    "body",
    [{}, {"body": "x"}, {"body": "x" * 20_001, "version": 1}, {"body": 3, "version": 1}, {"body": "x", "version": "a"}],
)
def test_it_refuses_a_malformed_patch_with_400(cast, body):
    report = _report(cast, cast.member_a)
    section = report.sections.first()
    response = cast.client("structure_reporter").patch(
        _section_url(cast, report, section), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert ReportSection.objects.get(pk=section.pk).body == ""


def test_submitting_an_incomplete_report_is_400(cast):
    report = _report(cast, cast.member_a)
    url = reverse("consortium-report-submit", kwargs={"consortium_id": cast.consortium_a.pk, "pk": report.pk})
    response = cast.client("structure_reporter").post(url, {}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "report_incomplete"
