"""/api/v1/territories/: read by anyone logged in, written by platform admins only (through the services)."""

import pytest
from django.urls import reverse

from consortia.models import Territory

pytestmark = pytest.mark.django_db

LIST = reverse("territory-list")


def detail(territory_id):
    return reverse("territory-detail", kwargs={"pk": territory_id})


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def test_an_outsider_reads_every_territory_with_its_life_basins(cast):
    response = cast.client("outsider").get(LIST)

    assert response.status_code == 200
    by_name = {row["name"]: row for row in response.json()["results"]}
    assert set(by_name) == {"Hautes Plaines", "Territoire B"}
    assert by_name["Hautes Plaines"]["population"] == 380_000
    assert sorted(b["name"] for b in by_name["Hautes Plaines"]["life_basins"]) == ["Trois Vallées", "Ville Haute"]
    assert {"id", "name", "population"} == set(by_name["Hautes Plaines"]["life_basins"][0])


def test_an_admin_creates_renames_and_deletes_a_territory(cast):
    client = cast.client("admin")

    created = send(client, "post", LIST, {"name": "Condroz", "population": 210_000})
    assert created.status_code == 201, created.json()
    territory_id = created.json()["id"]
    assert created.json() == {"id": territory_id, "name": "Condroz", "population": 210_000, "life_basins": []}

    updated = send(client, "patch", detail(territory_id), {"name": "Condroz-Famenne", "population": 215_500})
    assert updated.status_code == 200, updated.json()
    assert Territory.objects.get(pk=territory_id).population == 215_500
    assert Territory.history.filter(id=territory_id).latest().history_user == cast.users["admin"]

    assert client.delete(detail(territory_id)).status_code == 204
    assert not Territory.objects.filter(pk=territory_id).exists()


def test_it_refuses_to_delete_a_territory_that_has_a_consortium(cast):
    response = cast.client("admin").delete(detail(cast.consortium_a.territory_id))

    assert response.status_code == 400
    assert response.json()["code"] == "territory_in_use"
    assert Territory.objects.filter(pk=cast.consortium_a.territory_id).exists()


@pytest.mark.parametrize(
    "data, field, code",
    [
        ({"name": "Négatif", "population": -5}, "population", "min_value"),
        ({"name": "Zéro", "population": 0}, "population", "min_value"),
        ({"name": "Énorme", "population": 10**12}, "population", "max_value"),
        ({"name": "Texte", "population": "beaucoup"}, "population", "invalid"),
        ({"name": "Virgule", "population": 1.5}, "population", "invalid"),
        ({"name": "x" * 121, "population": 1000}, "name", "max_length"),
        ({"name": "", "population": 1000}, "name", "blank"),
        ({"name": "Nul\x00", "population": 1000}, "name", "null_characters_not_allowed"),
        ({"population": 1000}, "name", "required"),
        ({"name": "hautes plaines", "population": 1000}, "name", "duplicate"),
    ],
)
def test_it_rejects_bad_input_with_the_rule_code_and_saves_nothing(cast, data, field, code):
    before = Territory.objects.count()

    response = send(cast.client("admin"), "post", LIST, data)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()[field]
    assert response.json()["detail"]
    assert Territory.objects.count() == before


def test_it_refuses_a_rename_to_a_taken_name(cast):
    response = send(cast.client("admin"), "patch", detail(cast.consortium_b.territory_id), {"name": "Hautes Plaines"})

    assert response.status_code == 400
    assert response.json()["code"] == "duplicate"
    assert Territory.objects.get(pk=cast.consortium_b.territory_id).name == "Territoire B"


def test_a_double_submit_creates_one_territory(cast):
    client = cast.client("admin")

    first = send(client, "post", LIST, {"name": "Ardenne", "population": 150_000})
    second = send(client, "post", LIST, {"name": "Ardenne", "population": 150_000})

    assert (first.status_code, second.status_code) == (201, 400)
    assert Territory.objects.filter(name="Ardenne").count() == 1


@pytest.mark.parametrize("actor", ["coordinator", "reviewer", "outsider"])
def test_only_admins_write_territories(cast, actor):
    client = cast.client(actor)
    territory_id = cast.consortium_a.territory_id

    assert send(client, "post", LIST, {"name": "Pirate", "population": 1}).status_code == 403
    assert send(client, "patch", detail(territory_id), {"population": 1}).status_code == 403
    assert client.delete(detail(territory_id)).status_code == 403
    assert Territory.objects.get(pk=territory_id).population == 380_000
    assert not Territory.objects.filter(name="Pirate").exists()


def test_an_unknown_or_malformed_id_is_404(cast):
    client = cast.client("admin")

    assert client.get(detail(999_999)).status_code == 404
    assert client.get("/api/v1/territories/abc/").status_code == 404
    assert client.get(detail(10**30)).status_code == 404
