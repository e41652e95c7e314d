"""Asking for a PDF while Redis is down: the request works, the page says generation is delayed, the job waits in the
outbox (the sweep leaves it there), and it is rendered once the broker is back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ols_platform import outbox
from ols_platform.models import OutboxTask
from reporting.models import DocumentStatus, GeneratedDocument
from reporting.services.documents import documents_sweep
from tests.security.test_redis_down import _broker_back

pytestmark = pytest.mark.django_db


def test_a_pdf_asked_for_with_redis_down_is_delayed_then_rendered(
    cast,
    mandate,
    redis_down,
    django_capture_on_commit_callbacks,
):
    client = cast.client("operational")
    client.raise_request_exception = False
    url = reverse("reporting:document_request", kwargs={"consortium_id": cast.consortium_a.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "mandate", "mandate": mandate.pk})

    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/documents/{document.pk}/")
    assert document.status == DocumentStatus.PENDING
    row = OutboxTask.objects.get(args=[document.pk])
    assert row.sent_at is None and row.last_error

    GeneratedDocument.objects.filter(pk=document.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=10))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "La production est retardée" in page.content.decode()
    assert documents_sweep() == 0  # the outbox sends it when Redis is back, not the sweep
    assert OutboxTask.objects.count() == 1

    _broker_back()
    outbox._broker_down_until = 0.0
    assert outbox.flush() == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
