"""The daily task expires adopted mandates past their end date, and celery beat runs it every day."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from mandates.models import Mandate
from mandates.services import mandate_create
from mandates.tasks import expire_mandates

pytestmark = pytest.mark.django_db


def _adopted(cast, title, end_date):
    mandate = mandate_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"kind": "facilitator", "title": title, "start_date": datetime.date(2024, 1, 1), "end_date": end_date},
    )
    Mandate.objects.filter(pk=mandate.pk).update(status=Mandate.Status.ADOPTED)
    return mandate


def test_the_task_expires_only_the_adopted_mandates_whose_end_has_passed(cast):
    today = timezone.localdate()
    ended = _adopted(cast, "Terminé", today - datetime.timedelta(days=1))
    running = _adopted(cast, "En cours", today)
    revision = type(cast.consortium_a).objects.get(pk=cast.consortium_a.pk).revision
    assert expire_mandates.delay().get() == 1
    assert Mandate.objects.get(pk=ended.pk).status == "expired"
    assert Mandate.objects.get(pk=running.pk).status == "adopted"
    assert type(cast.consortium_a).objects.get(pk=cast.consortium_a.pk).revision > revision
    assert expire_mandates() == 0  # run again: nothing left to expire


def test_celery_beat_runs_the_expiry_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["mandates-expire"]
    assert entry["task"] == "mandates.tasks.expire_mandates"
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].day_of_week == set(range(7))
