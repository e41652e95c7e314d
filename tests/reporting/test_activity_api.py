"""The activity log's API: create, read, filter, update with `version` (409 when stale), delete; wrong input is a
400 with the rule's code and changes nothing; another consortium's ids are refused; the list's queries do not grow
with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import LifeBasin
from reporting.models import Activity

from .activity_helpers import many, new

pytestmark = pytest.mark.django_db


def list_url(cast, consortium=None):
    return reverse("consortium-activity-list", kwargs={"consortium_id": (consortium or cast.consortium_a).pk})


def detail_url(activity):
    return reverse("consortium-activity-detail", kwargs={"consortium_id": activity.consortium_id, "pk": activity.pk})


def send(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


BODY = {
    "date": "2026-04-15",
    "kind": "meeting",
    "title": "GT 1000 jours",
    "logic": "transversal",
    "function": "partnership",
    "participants_count": 14,
}


def test_it_creates_and_reads_an_activity(cast):
    basin = LifeBasin.objects.get(name="Ville Haute")
    client = cast.client("operational")
    response = send(client, "post", list_url(cast), BODY | {"life_basin": basin.pk, "structures": [cast.member_a.pk]})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["life_basin"] == basin.pk and data["structures"] == [cast.member_a.pk] and data["version"] == 1
    read = cast.client("reviewer").get(detail_url(Activity.objects.get())).json()
    assert read["title"] == "GT 1000 jours" and read["function"] == "partnership"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"participants_count": -3}, "participants_count"),
        ({"participants_count": "12"}, "participants_count"),
        ({"date": "2026-13-01"}, "date"),
        ({"function": ""}, "function"),
        ({"kind": "party"}, "kind"),
        ({"narrative": "x" * 5001}, "narrative"),
    ],
)
def test_it_refuses_wrong_input_with_a_400_and_changes_nothing(cast, changes, field):
    response = send(cast.client("operational"), "post", list_url(cast), BODY | changes)
    assert response.status_code == 400
    assert field in str(response.json())
    assert not Activity.objects.exists()


def test_it_refuses_another_consortiums_structure_or_basin(cast):
    client = cast.client("operational")
    other_basin = LifeBasin.objects.create(territory=cast.consortium_b.territory, name="Ailleurs", population=5)
    for extra in ({"structures": [cast.lead_b.pk]}, {"life_basin": other_basin.pk}):
        response = send(client, "post", list_url(cast), BODY | extra)
        assert response.status_code == 400
        assert response.json()["code"] == "does_not_exist"
    assert not Activity.objects.exists()


def test_a_patch_needs_the_version_and_a_stale_one_is_a_409(cast):
    activity = new(cast)
    client = cast.client("coordinator")
    assert send(client, "patch", detail_url(activity), {"title": "Sans version"}).status_code == 400
    first = send(client, "patch", detail_url(activity), {"title": "Première", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = send(client, "patch", detail_url(activity), {"title": "Seconde", "version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    activity.refresh_from_db()
    assert activity.title == "Première"


def test_a_patch_keeps_what_it_does_not_send(cast):
    activity = new(cast, structures=[cast.member_a], participants_count=9)
    response = send(cast.client("coordinator"), "patch", detail_url(activity), {"narrative": "Nouveau", "version": 1})
    assert response.status_code == 200
    data = response.json()
    assert (data["participants_count"], data["structures"], data["narrative"]) == (9, [cast.member_a.pk], "Nouveau")


def test_it_deletes_an_activity(cast):
    activity = new(cast)
    assert send(cast.client("operational"), "delete", detail_url(activity)).status_code == 204
    assert not Activity.objects.exists()


def test_another_consortiums_activity_is_404(cast):
    other = new(cast, consortium=cast.consortium_b)
    url = reverse("consortium-activity-detail", kwargs={"consortium_id": cast.consortium_a.pk, "pk": other.pk})
    assert cast.client("coordinator").get(url).status_code == 404


def test_the_list_filters_by_query_parameters(cast):
    new(cast, title="Horizontale")
    new(cast, title="Transversale", logic="transversal", function="learning")
    client = cast.client("viewer")
    data = client.get(list_url(cast), {"logic": "transversal"}).json()
    assert data["count"] == 1 and data["results"][0]["title"] == "Transversale"
    assert client.get(list_url(cast), {"q": "horizont"}).json()["count"] == 1
    assert client.get(list_url(cast), {"start": "pas une date"}).status_code == 400


def test_the_list_costs_the_same_queries_at_two_sizes(cast, django_assert_num_queries):
    client = cast.client("viewer")
    many(cast, 2)
    client.get(list_url(cast))
    with CaptureQueriesContext(connection) as small:
        assert client.get(list_url(cast), {"page": 1}).status_code == 200
    many(cast, 30, start=2)
    with django_assert_num_queries(len(small)):
        data = client.get(list_url(cast), {"page": 1}).json()
    assert data["count"] == 32
