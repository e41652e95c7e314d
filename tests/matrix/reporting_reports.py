"""Activity reports and shared paragraphs (pages). Everyone who sees the consortium reads the year's list, the shared
paragraphs and the submitted reports (AVIQ reviewers included); a draft is read and written by the operational team,
the coordination (MANAGE_REPORTING, admins too) and the structure's own reporter (member_a's); the team sets how
each structure reports, writes the shared paragraphs and reopens a submitted report; only a concerned structure's
reporter approves a paragraph. POSTs carry empty data unless said: allowed actors get their form back (400) or are
sent back with a message (302); refused actors change nothing."""

from . import Entry, a, expect, only

MANAGERS = ("coordinator", "operational")
WRITERS = ("coordinator", "operational", "structure_reporter")


def _report(cast, *, submitted=False):
    from reporting.services import reports

    report, _created = reports.report_start(
        actor=None, consortium=cast.consortium_a, structure=cast.member_a, year=2026
    )
    if submitted:
        for section in report.sections.all():
            reports.section_update(actor=None, section=section, body="Texte.", expected_version=section.version)
        report = reports.report_submit(actor=None, report=report)
    return report


def _filled_draft(cast):
    from reporting.services import reports

    report = _report(cast)
    for section in report.sections.all():
        reports.section_update(actor=None, section=section, body="Texte.", expected_version=section.version)
    return a(cast) | {"pk": report.pk}


def _api_draft(cast):
    return a(cast) | {"pk": _report(cast).pk}


def _api_section(cast):
    report = _report(cast)
    return a(cast) | {"pk": report.pk, "section_id": report.sections.first().pk}


def _draft(cast):
    return a(cast) | {"report_id": _report(cast).pk}


def _submitted(cast):
    return a(cast) | {"report_id": _report(cast, submitted=True).pk}


def _section(cast):
    report = _report(cast)
    return a(cast) | {"report_id": report.pk, "section_id": report.sections.first().pk}


def _structure(cast):
    return a(cast) | {"structure_id": cast.member_a.pk}


def _paragraph(cast):
    from reporting.services import reports

    paragraph = reports.shared_paragraph_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"year": 2026, "title": "Liaison", "body": "Texte commun.", "structures": [cast.lead_a, cast.member_a]},
    )
    return a(cast) | {"paragraph_id": paragraph.pk}


def _snapshot(cast):
    from reporting.models import ActivityReport, ReportSection, SharedParagraph, SharedParagraphApproval

    return (
        sorted(ActivityReport.objects.values_list("pk", "status", "version")),
        sorted(ReportSection.objects.values_list("pk", "body", "version")),
        sorted(SharedParagraph.objects.values_list("pk", "revision", "version")),
        SharedParagraphApproval.objects.count(),
    )


ENTRIES = [
    Entry("reporting:reports", expect(), kwargs=a),
    Entry(
        "reporting:report_start",
        only(WRITERS, ok=302),
        kwargs=a,
        method="post",
        data=lambda cast: {"structure": cast.member_a.pk, "year": 2026},
        snapshot=_snapshot,
    ),
    Entry("reporting:report", only(WRITERS), kwargs=_draft),
    Entry("reporting:report", expect(), kwargs=_submitted, id="GET reporting:report (submitted)"),
    Entry("reporting:report_section_edit", only(WRITERS), kwargs=_section),
    Entry("reporting:report_section_edit", only(WRITERS, ok=400), kwargs=_section, method="post", snapshot=_snapshot),
    Entry("reporting:report_submit", only(WRITERS, ok=302), kwargs=_draft, method="post", snapshot=_snapshot),
    Entry("reporting:report_reopen", only(MANAGERS), kwargs=_submitted),
    Entry("reporting:report_reopen", only(MANAGERS, ok=400), kwargs=_submitted, method="post", snapshot=_snapshot),
    Entry("reporting:report_settings", only(MANAGERS), kwargs=a),
    Entry("reporting:report_settings_edit", only(MANAGERS), kwargs=_structure),
    Entry("reporting:report_settings_edit", only(MANAGERS, ok=400), kwargs=_structure, method="post"),
    Entry("reporting:shared_paragraphs", expect(), kwargs=a),
    Entry("reporting:shared_paragraph_create", only(MANAGERS), kwargs=a),
    Entry("reporting:shared_paragraph_create", only(MANAGERS, ok=400), kwargs=a, method="post", snapshot=_snapshot),
    Entry("reporting:shared_paragraph_edit", only(MANAGERS), kwargs=_paragraph),
    Entry(
        "reporting:shared_paragraph_edit",
        only(MANAGERS, ok=400),
        kwargs=_paragraph,
        method="post",
        snapshot=_snapshot,
    ),
    Entry(
        "reporting:shared_paragraph_approve",
        only(("structure_reporter",), ok=302, admin=403),
        kwargs=_paragraph,
        method="post",
        data=lambda cast: {"structure": cast.member_a.pk, "revision": 1},
        snapshot=_snapshot,
    ),
    # The JSON API (/api/v1/consortia/{id}/reports/): the same rules; anonymous callers 401.
    Entry("consortium-report-list", expect(anonymous=401), kwargs=a, api=True),
    Entry("consortium-report-detail", only(WRITERS, anonymous=401), kwargs=_api_draft, api=True),
    Entry(
        "consortium-report-section",
        only(WRITERS, anonymous=401),
        kwargs=_api_section,
        method="patch",
        api=True,
        data=lambda cast: {"body": "Nouveau texte.", "version": 1},
        snapshot=_snapshot,
    ),
    Entry(
        "consortium-report-submit",
        only(WRITERS, anonymous=401),
        kwargs=_filled_draft,
        method="post",
        api=True,
        data=lambda cast: {},
        snapshot=_snapshot,
    ),
]
