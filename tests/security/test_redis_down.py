"""Hole 8: with Redis unreachable, login, password reset and writes work; tasks wait in the outbox, then go out
once (and only once) when the broker is back.

Redis is "down" for real here: the cache and the Celery broker point at redis://127.0.0.1:1/0, a port where
nothing listens, with eager execution off (as in production)."""

import time

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from kombu import pools

from budget.models import BudgetLine
from consortia.models import ConsortiumRole, User
from ols_platform import cache as resilient_cache
from ols_platform import outbox
from ols_platform.celery import app as celery_app
from ols_platform.models import OutboxTask
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def redis_down(settings):
    """Production-like settings with Redis gone: the resilient cache and a Redis broker, both unreachable."""
    settings.CACHES = {
        "default": {
            "BACKEND": "ols_platform.cache.ResilientRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}  # production's (tests turn them off)
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=UNREACHABLE)
    _fresh_broker_connections()
    resilient_cache._breakers.clear()
    outbox._broker_down_until = 0.0
    yield
    caches["default"].close()
    celery_app.conf.update(saved)
    _fresh_broker_connections()
    resilient_cache._breakers.clear()
    outbox._broker_down_until = 0.0


def _fresh_broker_connections():
    # What Celery and kombu do after a fork (`Celery._after_fork`, `kombu.pools.reset`): the next send connects to
    # the broker URL now configured.
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _broker_back():
    """The broker is back: here, eager execution in-process, as `make run` does without Redis."""
    celery_app.conf.update(task_always_eager=True)


def test_login_works_with_redis_down(redis_down):
    UserFactory(email="ana@example.test")
    client = Client(raise_request_exception=False)

    response = client.post("/accounts/login/", {"login": "ana@example.test", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_login_rate_limit_still_counts_per_process_with_redis_down(redis_down):
    UserFactory(email="ana@example.test")
    client = Client(raise_request_exception=False)
    for _ in range(5):
        assert client.post("/accounts/login/", {"login": "ana@example.test", "password": "wrong"}).status_code == 200

    response = client.post("/accounts/login/", {"login": "ana@example.test", "password": PASSWORD})

    assert response.status_code in (200, 429) and client.get("/").status_code == 302


def test_password_reset_works_with_redis_down(redis_down):
    UserFactory(email="ana@example.test")

    response = Client(raise_request_exception=False).post("/accounts/password/reset/", {"email": "ana@example.test"})

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ana@example.test"]]


def test_adding_a_budget_line_on_the_web_works_with_redis_down(cast, redis_down):
    """The cause of the 500: the form's one-time token (against double posts) lives in the cache."""
    client = cast.client("accountant")
    client.raise_request_exception = False
    data = {
        "new-structure": cast.lead_a.pk,
        "new-category": "operating",
        "new-year": "1",
        "new-label": "Loyer",
        "new-amount": "1 000,00",
        "submission_token": "0123456789abcdef",
    }
    url = reverse("budget:line_create", kwargs={"consortium_id": cast.consortium_a.pk})

    first = client.post(url, data)
    second = client.post(url, data)  # the same form posted twice: still caught while Redis is down

    assert first.status_code == 302 and second.status_code == 302
    assert BudgetLine.objects.filter(label="Loyer").count() == 1


def test_an_invitation_waits_in_the_outbox_then_goes_out_exactly_once(
    cast, redis_down, django_capture_on_commit_callbacks
):
    client = cast.client("coordinator")
    client.raise_request_exception = False
    url = reverse("consortia:roles", kwargs={"consortium_id": cast.consortium_a.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "claire@exemple.be", "first_name": "Claire", "last_name": "Martin", "role": "operational"}
        )

    assert response.status_code == 302
    user = User.objects.get(email="claire@exemple.be")
    assert ConsortiumRole.objects.get(user=user).role == "operational"
    row = OutboxTask.objects.get()
    assert (row.task, row.args, row.sent_at) == (
        "consortia.tasks.send_invitation_email",
        [user.pk, str(cast.users["coordinator"]), "OLS A", "http://127.0.0.1:8000"],  # the links' base, at queue time
        None,
    )
    assert row.attempts == 1 and row.last_error
    assert mail.outbox == []

    call_command("outbox_flush")  # still down: stays pending, nothing lost
    assert OutboxTask.objects.get().sent_at is None and mail.outbox == []

    _broker_back()
    call_command("outbox_flush")
    call_command("outbox_flush")

    assert [m.to for m in mail.outbox] == [["claire@exemple.be"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert OutboxTask.objects.get().sent_at is not None


def test_a_request_does_not_wait_on_the_broker_again_once_it_failed(redis_down):
    from consortia.services.users import user_invite

    user_invite(actor=None, email="one@example.test")
    user_invite(actor=None, email="two@example.test")

    assert OutboxTask.objects.filter(sent_at__isnull=True).count() == 2
    assert OutboxTask.objects.get(args__0=User.objects.get(email="two@example.test").pk).attempts == 0


def test_the_beat_flushes_the_outbox_every_minute(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["outbox-flush"]
    assert schedule == {"task": "ols_platform.tasks.outbox_flush", "schedule": 60.0}
    celery_app.loader.import_default_modules()  # what a worker and beat do at start
    assert "ols_platform.tasks.outbox_flush" in celery_app.tasks


def test_a_worker_starting_sends_what_waited(redis_down):
    from consortia.services.users import user_invite
    from ols_platform.celery import _flush_outbox_on_start

    user_invite(actor=None, email="waiting@example.test")
    assert OutboxTask.objects.get().sent_at is None

    _broker_back()
    _flush_outbox_on_start()

    assert [m.to for m in mail.outbox] == [["waiting@example.test"]]
    assert OutboxTask.objects.get().sent_at is not None


def test_the_cache_answers_from_memory_while_redis_is_down(redis_down):
    cache = caches["default"]

    assert cache.add("token", 1) is True
    assert cache.add("token", 1) is False  # a second claim is still refused
    assert cache.get("token") == 1
    assert resilient_cache._breakers[UNREACHABLE].is_open()  # no connection attempt per call meanwhile
    started = time.monotonic()
    for _ in range(100):
        cache.get("other")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "write",
    [
        lambda cache: cache.set("session", 1, 14 * 24 * 3600),
        lambda cache: cache.set("session", 1, timeout=None),
        lambda cache: cache.add("session", 1, 14 * 24 * 3600),
        lambda cache: cache.set_many({"session": 1}, 14 * 24 * 3600),
        lambda cache: (cache.set("session", 1, 30), cache.touch("session", None)),
    ],
)
def test_what_the_memory_holds_while_redis_is_down_lives_a_minute_at_most(redis_down, write, monkeypatch):
    """Each process has its own memory: a session deleted at logout by one may live on in another. Capped."""
    cache = caches["default"]
    write(cache)
    assert cache.get("session") == 1
    later = time.time() + resilient_cache.FALLBACK_MAX_SECONDS + 1
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later)
    assert cache.get("session") is None


def test_rows_sent_a_month_ago_are_dropped_by_the_flush(db):
    import datetime

    from django.utils import timezone

    old = OutboxTask.objects.create(task="x", sent_at=timezone.now() - datetime.timedelta(days=31))
    recent = OutboxTask.objects.create(task="x", sent_at=timezone.now() - datetime.timedelta(days=29))

    outbox.flush()

    assert list(OutboxTask.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not OutboxTask.objects.filter(pk=old.pk).exists()
