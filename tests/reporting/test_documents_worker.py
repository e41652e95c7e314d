"""Generated documents with a real Celery worker fed through Redis (not eager): rendered after commit, and finished
even when the worker rendering it is killed mid-job.

Runs when REDIS_URL is set (CI sets it, with PostgreSQL); on a bare machine Celery is eager and this is skipped.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from mandates.services import mandate_create
from ols_platform.celery import app as celery_app
from reporting.models import DocumentStatus, GeneratedDocument
from reporting.services.documents import document_request
from tests.conftest import build_cast

from .conftest import ESSENTIALS, pdf_text

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real broker) to start a worker"),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def real_worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture
def broker_not_eager(transactional_db):
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def _wait_for(document, statuses, seconds=60, step=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in statuses:
            return document
        time.sleep(step)
    raise AssertionError(f"document #{document.pk} still {document.status} after {seconds} s")


def test_a_real_worker_renders_a_document_asked_for_in_a_request(real_worker):
    cast = build_cast()
    mandate = mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS})

    document = document_request(
        actor=cast.user("operational"), consortium=cast.consortium_a, kind="mandate", mandate=mandate
    )
    document = _wait_for(document, {DocumentStatus.DONE, DocumentStatus.FAILED})

    assert document.status == DocumentStatus.DONE, document.error
    text = pdf_text(document)
    assert "OLS A" in text and "Secrétariat de la gouvernance" in text


def test_a_real_worker_generates_the_evaluation_deliverable(real_worker):
    """The issue's end-to-end check: the deliverable asked for as a user would, rendered by a worker on Redis, and the
    PDF's text names the consortium, the five steps in the call's words and the planned personnel share."""
    import re

    from budget import selectors as budget_selectors
    from ols_platform.formatting import format_percent
    from reporting.models.deliverable import STEP_TITLES

    from .deliverable_helpers import budget_with_spending

    cast = build_cast()
    budget_with_spending(cast)
    client = cast.client("operational")
    url = reverse("reporting:document_request", kwargs={"consortium_id": cast.consortium_a.pk})

    response = client.post(url, {"kind": "evaluation_deliverable"})

    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    document = _wait_for(document, {DocumentStatus.DONE, DocumentStatus.FAILED})
    assert document.status == DocumentStatus.DONE, document.error
    text = re.sub(r"\s+", " ", pdf_text(document)).replace("\xa0", " ").replace("\u202f", " ")
    assert "OLS A" in text
    for number, title in STEP_TITLES.items():
        assert f"{number}. {title}" in text, title
    summary = budget_selectors.summary(cast.consortium_a, budget_selectors.versions(cast.consortium_a))
    share = format_percent(summary.personnel_share, 2).replace("\xa0", " ")
    assert f"Part de personnel prévue : {share}" in text


def test_a_worker_killed_mid_render_leaves_a_job_that_is_finished(broker_not_eager, tmp_path):
    """The worker's child process is killed (SIGKILL) while it renders: the message, acknowledged late, is delivered
    again, and the next run takes the job back and finishes it."""
    cast = build_cast()
    long_text = "\n\n".join(["Une longue section du mandat, avec des détails sur les tâches et les livrables."] * 60)
    mandate = mandate_create(
        actor=None,
        consortium=cast.consortium_a,
        data={
            "kind": "secretary",
            **ESSENTIALS,
            **{part: long_text for part in ("purpose", "responsibilities", "scope")},
        },
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ols_platform.settings_test",
        "DATABASE_URL": _database_url(),
    }
    worker = subprocess.Popen(  # noqa: S603 — our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ols_platform",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(tmp_path / "worker.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    try:
        document = document_request(
            actor=cast.user("operational"), consortium=cast.consortium_a, kind="mandate", mandate=mandate
        )
        document = _wait_for(document, {DocumentStatus.RUNNING, DocumentStatus.DONE}, seconds=60, step=0.01)
        assert document.status == DocumentStatus.RUNNING, "the render ended before it could be interrupted"
        children = _children(worker.pid)
        assert children, "no pool process found"
        for pid in children:
            os.kill(pid, signal.SIGKILL)

        document = _wait_for(document, {DocumentStatus.DONE, DocumentStatus.FAILED}, seconds=90)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    log = (tmp_path / "worker.log").read_text()
    assert document.status == DocumentStatus.DONE, f"{document.error}\n{log}"
    assert document.attempts == 2
    assert GeneratedDocument.objects.filter(subject_key=document.subject_key).count() == 1


def _database_url() -> str:
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    return [int(line) for line in out.stdout.split()]
