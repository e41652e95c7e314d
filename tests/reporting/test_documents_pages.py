"""The documents pages and API: bad input changes nothing, access by role, and queries that do not grow."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mandates.services import mandate_create
from reporting.models import GeneratedDocument
from reporting.services.documents import document_request

from .conftest import ESSENTIALS


def _list(cast, consortium=None):
    return reverse("reporting:documents", kwargs={"consortium_id": (consortium or cast.consortium_a).pk})


def _ask_url(cast):
    return reverse("reporting:document_request", kwargs={"consortium_id": cast.consortium_a.pk})


def _api(cast):
    return reverse("consortium-document-list", kwargs={"consortium_id": cast.consortium_a.pk})


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "nonsense"},
        {"kind": "mandate"},
        {"kind": "mandate", "mandate": "abc"},
        {"kind": "mandate", "mandate": "-3"},
        {"kind": "mandate", "mandate": "99999999999999999999"},
        {"kind": "activity_report", "year": "2026"},
        {"kind": "activity_report", "structure": "1", "year": "2031"},
    ],
)
def test_it_refuses_a_malformed_request_with_a_message_and_creates_nothing(cast, data):
    response = cast.client("operational").post(_ask_url(cast), data)

    assert response.status_code == 400
    assert "message-error" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_it_refuses_another_consortiums_mandate_and_structure(cast):
    foreign = mandate_create(actor=None, consortium=cast.consortium_b, data={"kind": "secretary", **ESSENTIALS})
    client = cast.client("coordinator")

    mandate = client.post(_ask_url(cast), {"kind": "mandate", "mandate": foreign.pk})
    report = client.post(_ask_url(cast), {"kind": "activity_report", "structure": cast.lead_b.pk, "year": "2026"})

    assert mandate.status_code == report.status_code == 400
    assert "Mandat introuvable dans ce consortium." in mandate.content.decode()
    assert "Structure introuvable dans ce consortium." in report.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_a_double_submit_makes_one_document(cast, mandate):
    client = cast.client("operational")
    first = client.post(_ask_url(cast), {"kind": "mandate", "mandate": mandate.pk})
    second = client.post(_ask_url(cast), {"kind": "mandate", "mandate": mandate.pk})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert GeneratedDocument.objects.count() == 1


def test_a_reporter_may_ask_for_their_own_structures_report_only(cast):
    client = cast.client("structure_reporter")

    own = client.post(_ask_url(cast), {"kind": "activity_report", "structure": cast.member_a.pk, "year": "2026"})
    other = client.post(_ask_url(cast), {"kind": "activity_report", "structure": cast.lead_a.pk, "year": "2026"})
    deliverable = client.post(_ask_url(cast), {"kind": "evaluation_deliverable"})

    assert own.status_code == 302
    assert other.status_code == deliverable.status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_a_document_of_another_consortium_is_not_found(cast, mandate):
    document = document_request(actor=None, consortium=cast.consortium_a, kind="mandate", mandate=mandate)
    url = reverse("reporting:document", kwargs={"consortium_id": cast.consortium_b.pk, "document_id": document.pk})
    api = reverse("consortium-document-detail", kwargs={"consortium_id": cast.consortium_b.pk, "pk": document.pk})

    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("outsider").get(api).status_code == 404
    assert cast.client("admin").get(url).status_code == 404


def test_a_document_not_ready_is_not_downloaded(cast, mandate):
    document = document_request(actor=None, consortium=cast.consortium_a, kind="mandate", mandate=mandate)
    client = cast.client("viewer")
    page = reverse(
        "reporting:document_download", kwargs={"consortium_id": cast.consortium_a.pk, "document_id": document.pk}
    )
    api = reverse("consortium-document-download", kwargs={"consortium_id": cast.consortium_a.pk, "pk": document.pk})

    assert client.get(page).status_code == 302
    response = client.get(api)
    assert response.status_code == 409 and response.json()["code"] == "not_ready"


def test_an_unknown_batch_is_not_found(cast):
    url = reverse("reporting:document_batch", kwargs={"consortium_id": cast.consortium_a.pk, "batch": uuid.uuid4()})
    assert cast.client("coordinator").get(url).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "nonsense"},
        {"kind": "mandate"},
        {"kind": "mandate", "mandate": "x"},
        {"kind": "activity_report", "structure": 1, "year": 1999},
        {"kind": "mandate", "mandate": 2**40},
    ],
)
def test_the_api_refuses_a_malformed_request_and_creates_nothing(cast, body):
    response = cast.client("coordinator").post(_api(cast), body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"]
    assert not GeneratedDocument.objects.exists()


def test_the_api_answers_202_with_the_job_then_its_download_url(cast, mandate, django_capture_on_commit_callbacks):
    client = cast.client("operational")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_api(cast), {"kind": "mandate", "mandate": mandate.pk}, content_type="application/json")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "pending" and job["download_url"] is None and job["version"] == 1

    detail = client.get(
        reverse("consortium-document-detail", kwargs={"consortium_id": cast.consortium_a.pk, "pk": job["id"]})
    )
    body = detail.json()
    assert body["status"] == "done" and body["progress"] == 100 and len(body["sha256"]) == 64
    download = client.get(body["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def _grow(cast, mandate, total):
    for i in range(GeneratedDocument.objects.count(), total):
        GeneratedDocument.objects.create(
            consortium=cast.consortium_a,
            kind="mandate",
            mandate=mandate,
            subject_key=f"mandate:{mandate.lineage}",
            version=i + 1,
            status="failed" if i % 3 else "done",
            sha256="0" * 64,
            file="x.pdf",
            requested_by=cast.user("operational"),
            queued_at=timezone.now(),
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("actor", ["coordinator", "structure_reporter", "reviewer"])
def test_the_list_takes_the_same_queries_with_few_or_many_documents(cast, mandate, actor):
    client = cast.client(actor)
    client.get(_list(cast))
    _grow(cast, mandate, 3)
    small_page, small_api = _queries(client, _list(cast)), _queries(client, _api(cast))
    _grow(cast, mandate, 60)
    large_page, large_api = _queries(client, _list(cast)), _queries(client, _api(cast))

    assert (small_page, small_api) == (large_page, large_api)
    assert client.get(_api(cast)).json()["count"] == 60
