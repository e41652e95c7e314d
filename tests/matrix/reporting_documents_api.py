"""The documents API (`/api/v1/consortia/{id}/documents/`): readers as on the pages (anonymous 401, outsiders 404;
a structure's report: the team and its reporters); asking: the operational team, the coordination and the admin
(a reporter: their own structure's report), 202 with the job; others 403, changing nothing."""

from . import Entry, a, expect, only
from .reporting_documents import MANAGERS, REPORT_READERS, _mandate, _mandate_document, _report_document, _snapshot

readers = expect(anonymous=401)


def _pk(kwargs_of):
    def kwargs(cast):
        built = kwargs_of(cast)
        return {"consortium_id": built["consortium_id"], "pk": built["document_id"]}

    return kwargs


ENTRIES = [
    Entry("consortium-document-list", readers, kwargs=a, api=True),
    Entry(
        "consortium-document-list",
        only(MANAGERS, ok=202, anonymous=401),
        kwargs=a,
        method="post",
        api=True,
        data=lambda cast: {"kind": "mandate", "mandate": _mandate(cast).pk},
        snapshot=_snapshot,
    ),
    Entry(
        "consortium-document-list",
        only(REPORT_READERS, ok=202, anonymous=401),
        kwargs=a,
        method="post",
        api=True,
        data=lambda cast: {"kind": "activity_report", "structure": cast.member_a.pk, "year": 2026},
        snapshot=_snapshot,
        id="POST consortium-document-list (own structure's report)",
    ),
    Entry("consortium-document-detail", readers, kwargs=_pk(_mandate_document), api=True),
    Entry(
        "consortium-document-detail",
        only(REPORT_READERS, anonymous=401),
        kwargs=_pk(_report_document),
        api=True,
        id="GET consortium-document-detail (a structure's report)",
    ),
    Entry("consortium-document-download", readers, kwargs=_pk(_mandate_document), api=True),
    Entry(
        "consortium-document-download",
        only(REPORT_READERS, anonymous=401),
        kwargs=_pk(_report_document),
        api=True,
        id="GET consortium-document-download (a structure's report)",
    ),
]
