"""A real Celery worker, fed through Redis, sends the invitation queued after a commit.

Runs when REDIS_URL is set (CI sets it, with PostgreSQL); on a bare machine Celery is eager and this is skipped.
"""

import time

import pytest
from django.conf import settings
from django.core import mail

from ols_platform.celery import app as celery_app

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real broker) to start a worker"),
]


@pytest.fixture
def real_worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True


def test_a_worker_sends_the_invitation_after_commit(real_worker):
    from consortia.services.users import user_invite

    user_invite(actor=None, email="queued@example.test")
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [m.to for m in mail.outbox] == [["queued@example.test"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
