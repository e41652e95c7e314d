"""Hole 7 (dates): every date the platform stores has bounds, refused with a French message — never a 500 later.

A consortium starting on 9999-12-31 used to be saved, then every list showing it answered 500 (its end date is
24 months later: `year 10001 is out of range`)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from budget.models import Expense
from budget.staff.models import StaffArrangement
from consortia.models import Consortium, Membership
from tests.budget.conftest import add_line, approved_budget

pytestmark = pytest.mark.django_db

ABSURD = ["9999-12-31", "0001-01-01", "2024-12-31", "2031-01-01"]


def api(cast, actor):
    client = APIClient()
    client.force_authenticate(cast.users[actor])
    return client


def base(cast):
    return f"/api/v1/consortia/{cast.consortium_a.pk}"


@pytest.mark.parametrize("start_date", ABSURD)
def test_it_refuses_a_consortium_start_outside_the_programme_window(cast, start_date):
    response = api(cast, "coordinator").patch(f"/api/v1/consortia/{cast.consortium_a.pk}/", {"start_date": start_date})

    assert response.status_code == 400
    assert response.json()["start_date"] == ["La date doit être comprise entre le 01/01/2025 et le 31/12/2030."]
    assert Consortium.objects.get(pk=cast.consortium_a.pk).start_date == datetime.date(2026, 1, 1)
    assert api(cast, "coordinator").get("/api/v1/consortia/").status_code == 200


def test_it_accepts_the_window_edges(cast):
    client = api(cast, "admin")
    for start_date in ("2025-01-01", "2030-12-31"):
        response = client.patch(f"/api/v1/consortia/{cast.consortium_a.pk}/", {"start_date": start_date})
        assert response.status_code == 200, response.content
    assert client.get("/api/v1/consortia/").json()["results"][0]["end_date"] == "2032-11-30"


def test_it_refuses_a_consortium_created_in_year_9999(cast):
    from tests.factories import StructureFactory, TerritoryFactory

    body = {
        "name": "OLS Futur",
        "territory": TerritoryFactory(name="Futur").pk,
        "lead_structure": StructureFactory(name="ASBL Futur").pk,
        "start_date": "9999-12-31",
    }
    response = api(cast, "admin").post("/api/v1/consortia/", body)

    assert response.status_code == 400 and "start_date" in response.json()
    assert not Consortium.objects.filter(name="OLS Futur").exists()


@pytest.mark.parametrize("joined_on", ["9999-12-31", "0001-01-01"])
def test_it_refuses_an_absurd_joining_date_in_the_api(cast, joined_on):
    membership = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)
    response = api(cast, "coordinator").patch(
        f"{base(cast)}/memberships/{membership.pk}/", {"joined_on": joined_on}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["joined_on"] == ["La date doit être comprise entre le 01/01/2020 et le 31/12/2040."]
    membership.refresh_from_db()
    assert membership.joined_on == datetime.date(2026, 1, 1)


def test_it_refuses_an_absurd_joining_date_in_the_web_form(cast):
    membership = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)
    url = reverse(
        "consortia:membership_edit", kwargs={"consortium_id": cast.consortium_a.pk, "membership_id": membership.pk}
    )
    response = cast.client("coordinator").post(
        url, {"role": "member", "joined_on": "9999-12-31", "version": membership.version}
    )

    assert response.status_code == 200
    assert "La date doit être comprise entre le 01/01/2020 et le 31/12/2040." in response.content.decode()
    membership.refresh_from_db()
    assert membership.joined_on == datetime.date(2026, 1, 1)


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "10000-01-01"])
def test_it_refuses_an_expense_dated_out_of_bounds(cast, date, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    _, line = approved_budget(cast)
    response = api(cast, "accountant").post(
        f"{base(cast)}/expenses/", {"budget_line": line.pk, "date": date, "amount": "10", "justification": "x"}
    )
    web = cast.client("accountant").post(
        reverse("budget:expenses", kwargs={"consortium_id": cast.consortium_a.pk}),
        {"budget_line": line.pk, "date": date, "amount": "10", "justification": "x"},
    )

    assert response.status_code == 400 and response.json()["code"] in ("date_outside_period", "invalid")
    assert web.status_code == 200 and "date" in web.content.decode()
    assert not Expense.objects.exists()


@pytest.mark.parametrize("field", ["start_date", "end_date"])
@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_it_refuses_a_staff_arrangement_dated_out_of_bounds(cast, field, date):
    line = add_line(cast, "30000.00", structure=cast.member_a, label="Infirmière")
    payload = {
        "kind": "secondment",
        "employer": cast.member_a.pk,
        "person": "Infirmière coordinatrice",
        "fte": "0.5",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "monthly_cost": "2000.00",
        "lines": [line.pk],
    } | {field: date}
    response = api(cast, "accountant").post(f"{base(cast)}/staff-arrangements/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] in ("date_outside_period", "invalid_period")
    assert not StaffArrangement.objects.exists()


def test_the_migration_brings_dates_saved_before_the_bounds_back_into_them(cast):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("consortia.migrations.0002_date_bounds")
    Consortium.objects.filter(pk=cast.consortium_a.pk).update(start_date=datetime.date(9999, 12, 31))
    Consortium.objects.filter(pk=cast.consortium_b.pk).update(start_date=datetime.date(1, 1, 1))
    Membership.objects.filter(structure=cast.member_a).update(joined_on=datetime.date(1, 1, 1))

    migration.clamp_dates(apps, None)

    assert Consortium.objects.get(pk=cast.consortium_a.pk).start_date == datetime.date(2030, 12, 31)
    assert Consortium.objects.get(pk=cast.consortium_b.pk).start_date == datetime.date(2025, 1, 1)
    assert Membership.objects.get(structure=cast.member_a).joined_on == datetime.date(2020, 1, 1)
    for name in ("budget:overview", "budget:expenses"):
        url = reverse(name, kwargs={"consortium_id": cast.consortium_a.pk})
        assert cast.client("coordinator").get(url).status_code == 200, name
