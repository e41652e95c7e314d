"""Finding one object by an id from outside: None for anything that names nothing, a 404 in views."""

import pytest
from django.http import Http404

from consortia.models import Territory
from ols_platform.lookups import one_by_id, or_404

pytestmark = pytest.mark.django_db


def test_it_finds_the_object_only_inside_the_queryset():
    territory = Territory.objects.create(name="Liège", population=100)
    assert one_by_id(Territory.objects.all(), str(territory.pk)) == territory
    assert one_by_id(Territory.objects.exclude(pk=territory.pk), territory.pk) is None


@pytest.mark.parametrize("raw", [None, "", "abc", "1_0", "٣", 10**30, True])
def test_what_cannot_be_an_id_finds_nothing(raw):
    assert one_by_id(Territory.objects.all(), raw) is None


def test_nothing_found_is_a_404():
    assert or_404("found") == "found"
    with pytest.raises(Http404):
        or_404(None)
