"""The demo activity log: about sixty realistic activities over 2026 (every logic, the five functions, each bassin
de vie), written through the services, and loading it twice does not duplicate it."""

import datetime

import pytest

from reporting import demo_activity
from reporting.models import Activity
from reporting.models.activity import TransversalFunction
from reporting.selectors.activity import activities_for, activity_counts

pytestmark = pytest.mark.django_db


def test_the_demo_is_rich_and_idempotent(cast):
    created = demo_activity.load(cast.consortium_a)
    assert 55 <= created <= 80
    assert demo_activity.load(cast.consortium_a) == 0
    assert Activity.objects.filter(consortium=cast.consortium_a).count() == created
    counts = activity_counts(cast.consortium_a, 2026)
    assert counts["total"] == created
    assert all(n > 0 for _value, _label, n in counts["by_logic"])
    assert {value for value, _label, n in counts["by_function"] if n} == set(TransversalFunction.values)
    assert Activity.objects.filter(life_basin__name="Trois Vallées").exists()
    assert activity_counts(cast.consortium_a, 2027)["total"] == 0


def test_activities_for_reads_a_period_or_ids(cast):
    demo_activity.load(cast.consortium_a)
    march = list(activities_for(cast.consortium_a, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)))
    assert march and all(activity.date.month == 3 for activity in march)
    ids = [activity.pk for activity in march[:2]]
    assert {activity.pk for activity in activities_for(cast.consortium_a, ids=ids)} == set(ids)
    assert list(activities_for(cast.consortium_b)) == []
