"""The staff arrangements JSON API: reads for view_budget, writes for edit_budget through the staff services."""

import pytest
from rest_framework.test import APIClient

from budget import services
from budget.staff.models import StaffArrangement, StaffArrangementLine

from .conftest import add_line, approve
from .staff_fixtures import add_arrangement, pdf

pytestmark = pytest.mark.django_db


def api(cast, actor):
    client = APIClient()
    if cast.users.get(actor):
        client.force_authenticate(cast.users[actor])
    return client


def url(cast, pk=None, consortium=None):
    base = f"/api/v1/consortia/{(consortium or cast.consortium_a).pk}/staff-arrangements/"
    return base if pk is None else f"{base}{pk}/"


def body(cast, funding, **changes):
    return {
        "kind": "secondment",
        "employer": cast.member_a.pk,
        "person": "Infirmière coordinatrice",
        "fte": "0.5",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "monthly_cost": "2000.00",
        "lines": [line.pk for line in funding],
    } | changes


@pytest.fixture
def line(cast):
    return add_line(cast, "30000.00", structure=cast.member_a, label="Infirmière")


class TestReads:
    def test_a_viewer_lists_and_retrieves_with_decimal_strings(self, cast):
        arrangement = add_arrangement(cast, file=pdf())
        client = api(cast, "viewer")
        listing = client.get(url(cast))
        assert listing.status_code == 200
        assert listing.json()["count"] == 1
        item = listing.json()["results"][0]
        assert item["id"] == arrangement.pk
        assert item["fte"] == "0.50" and item["monthly_cost"] == "2000.00"
        assert item["kind"] == "secondment" and item["employer"] == cast.member_a.pk
        assert item["start_date"] == "2026-01-01" and item["end_date"] == "2026-12-31"
        assert item["lines"] == [link.line_id for link in arrangement.line_links.all()]
        assert item["has_document"] is True
        assert item["document_url"].endswith(f"/arrangements/{arrangement.pk}/document/")
        assert item["version"] == 1 and item["budget_version"] == 1
        detail = client.get(url(cast, arrangement.pk))
        assert detail.status_code == 200 and detail.json() == item

    def test_without_document_there_is_no_url(self, cast):
        arrangement = add_arrangement(cast)
        item = api(cast, "viewer").get(url(cast, arrangement.pk)).json()
        assert item["has_document"] is False and item["document_url"] is None

    def test_the_document_url_downloads_for_a_reader(self, cast):
        arrangement = add_arrangement(cast, file=pdf())
        client = cast.client("viewer")
        document_url = api(cast, "viewer").get(url(cast, arrangement.pk)).json()["document_url"]
        assert client.get(document_url).status_code == 200

    def test_outsiders_get_404_and_the_structure_reporter_403(self, cast):
        arrangement = add_arrangement(cast)
        assert api(cast, "outsider").get(url(cast)).status_code == 404
        assert api(cast, "outsider").get(url(cast, arrangement.pk)).status_code == 404
        assert api(cast, "structure_reporter").get(url(cast)).status_code == 403
        assert APIClient().get(url(cast)).status_code == 401

    def test_another_consortiums_arrangement_is_404_under_ones_own(self, cast):
        arrangement = add_arrangement(cast)
        # the outsider coordinates consortium B: A's arrangement does not exist under B
        assert api(cast, "outsider").get(url(cast, arrangement.pk, cast.consortium_b)).status_code == 404

    def test_the_list_shows_the_latest_version_or_the_one_asked(self, cast):
        add_arrangement(cast)
        approve(cast)
        services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
        client = api(cast, "viewer")
        latest = client.get(url(cast)).json()["results"]
        assert [a["budget_version"] for a in latest] == [2]
        first = client.get(url(cast) + "?version=1").json()["results"]
        assert [a["budget_version"] for a in first] == [1]
        assert client.get(url(cast) + "?version=99").json()["count"] == 0


class TestCreate:
    def test_an_accountant_creates_an_arrangement(self, cast, line):
        response = api(cast, "accountant").post(url(cast), body(cast, [line]), format="json")
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["fte"] == "0.50" and data["monthly_cost"] == "2000.00" and data["lines"] == [line.pk]
        assert data["has_document"] is False and data["version"] == 1
        arrangement = StaffArrangement.objects.get()
        assert arrangement.created_by == cast.users["accountant"]
        assert arrangement.history.first().history_user == cast.users["accountant"]

    def test_a_viewer_may_not_create(self, cast, line):
        response = api(cast, "viewer").post(url(cast), body(cast, [line]), format="json")
        assert response.status_code == 403
        assert not StaffArrangement.objects.exists()

    def test_an_outsider_gets_404(self, cast, line):
        response = api(cast, "outsider").post(url(cast), body(cast, [line]), format="json")
        assert response.status_code == 404
        assert not StaffArrangement.objects.exists()

    def test_a_line_of_another_consortium_is_refused(self, cast, line):
        other = services.budget_line_create(
            actor=cast.users["outsider"],
            consortium=cast.consortium_b,
            data={
                "structure": cast.lead_b.pk,
                "category": "personnel",
                "year": 1,
                "label": "B",
                "amount": "30000",
                "staff_role": "Coordination",
                "fte": "1",
            },
        )
        response = api(cast, "accountant").post(url(cast), body(cast, [other]), format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_lines" and response.json()["lines"]
        assert not StaffArrangement.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "code"),
        [
            ({"fte": "0"}, "invalid_fte"),
            ({"fte": "1.5"}, "invalid_fte"),
            ({"fte": "texte"}, "invalid_fte"),
            ({"monthly_cost": "-100"}, "invalid_amount"),
            ({"monthly_cost": "0"}, "invalid_amount"),
            ({"start_date": "2025-12-31"}, "date_outside_period"),
            ({"end_date": "2028-01-01"}, "date_outside_period"),
            ({"start_date": "2026-06-01", "end_date": "2026-05-31"}, "invalid_period"),
            ({"kind": "bénévolat"}, "invalid_kind"),
            ({"employer": 999999}, "structure_not_in_consortium"),
            ({"kind": "direct"}, "employer_not_lead"),
            ({"monthly_cost": "3000.00"}, "arrangement_exceeds_lines"),
            ({"lines": []}, "invalid_lines"),
            ({"lines": [999999]}, "invalid_lines"),
        ],
    )
    def test_rule_violations_are_400_with_their_code_and_nothing_is_created(self, cast, line, changes, code):
        response = api(cast, "accountant").post(url(cast), body(cast, [line], **changes), format="json")
        assert response.status_code == 400, response.content
        assert response.json()["code"] == code
        assert response.json()["detail"]
        assert not StaffArrangement.objects.exists() and not StaffArrangementLine.objects.exists()

    @pytest.mark.parametrize("changes", [{"start_date": "pas une date"}, {"lines": 12}, {"fte": [1]}, {"person": None}])
    def test_malformed_input_is_400_never_500(self, cast, line, changes):
        response = api(cast, "accountant").post(url(cast), body(cast, [line], **changes), format="json")
        assert response.status_code == 400, response.content
        assert response.json()["code"]
        assert not StaffArrangement.objects.exists()

    def test_a_locked_budget_is_refused(self, cast, line):
        approve(cast)
        response = api(cast, "accountant").post(url(cast), body(cast, [line]), format="json")
        assert response.status_code == 400 and response.json()["code"]
        assert not StaffArrangement.objects.exists()


class TestUpdate:
    def test_an_update_with_the_loaded_version_bumps_it(self, cast):
        arrangement = add_arrangement(cast)
        response = api(cast, "coordinator").patch(
            url(cast, arrangement.pk), {"fte": "0.8", "version": 1}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["fte"] == "0.80" and response.json()["version"] == 2
        assert response.json()["person"] == "Infirmière coordinatrice"  # kept
        arrangement.refresh_from_db()
        assert str(arrangement.fte) == "0.80"

    def test_a_full_put_replaces_the_values(self, cast, line):
        arrangement = add_arrangement(cast, [line])
        new = body(cast, [line], person="Assistante sociale", monthly_cost="1500.00", version=1)
        response = api(cast, "accountant").put(url(cast, arrangement.pk), new, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["person"] == "Assistante sociale" and response.json()["monthly_cost"] == "1500.00"

    def test_a_stale_version_is_a_409_conflict_and_changes_nothing(self, cast):
        arrangement = add_arrangement(cast)
        client = api(cast, "accountant")
        assert client.patch(url(cast, arrangement.pk), {"fte": "0.6", "version": 1}, format="json").status_code == 200
        response = client.patch(url(cast, arrangement.pk), {"fte": "0.9", "version": 1}, format="json")
        assert response.status_code == 409
        assert response.json()["code"] == "conflict" and response.json()["params"] == {"version": "2"}
        arrangement.refresh_from_db()
        assert str(arrangement.fte) == "0.60" and arrangement.version == 2

    def test_an_update_needs_the_version(self, cast):
        arrangement = add_arrangement(cast)
        response = api(cast, "accountant").patch(url(cast, arrangement.pk), {"fte": "0.6"}, format="json")
        assert response.status_code == 400 and response.json()["version"]

    def test_a_rule_violation_on_update_is_400_and_changes_nothing(self, cast):
        arrangement = add_arrangement(cast)
        response = api(cast, "accountant").patch(
            url(cast, arrangement.pk), {"end_date": "2028-06-30", "version": 1}, format="json"
        )
        assert response.status_code == 400 and response.json()["code"] == "date_outside_period"
        arrangement.refresh_from_db()
        assert arrangement.version == 1 and arrangement.end_date.year == 2026

    def test_a_viewer_may_not_update(self, cast):
        arrangement = add_arrangement(cast)
        response = api(cast, "viewer").patch(url(cast, arrangement.pk), {"fte": "0.6", "version": 1}, format="json")
        assert response.status_code == 403


class TestDelete:
    def test_delete_with_the_version_frees_the_line(self, cast, line):
        arrangement = add_arrangement(cast, [line])
        client = api(cast, "accountant")
        response = client.delete(url(cast, arrangement.pk), {"version": 1}, format="json")
        assert response.status_code == 204
        assert not StaffArrangement.objects.exists() and not StaffArrangementLine.objects.exists()
        assert StaffArrangement.history.filter(id=arrangement.pk, history_type="-").exists()
        services.budget_line_delete(actor=cast.users["accountant"], line=line, version=line.version)

    def test_delete_accepts_the_version_in_the_query(self, cast):
        arrangement = add_arrangement(cast)
        assert api(cast, "accountant").delete(url(cast, arrangement.pk) + "?version=1").status_code == 204

    def test_a_stale_or_missing_version_deletes_nothing(self, cast):
        arrangement = add_arrangement(cast)
        client = api(cast, "accountant")
        stale = client.delete(url(cast, arrangement.pk), {"version": 7}, format="json")
        assert stale.status_code == 409 and stale.json()["code"] == "conflict"
        missing = client.delete(url(cast, arrangement.pk))
        assert missing.status_code == 400 and missing.json()["code"] == "invalid_version"
        assert StaffArrangement.objects.filter(pk=arrangement.pk).exists()

    def test_a_viewer_may_not_delete_and_an_outsider_gets_404(self, cast):
        arrangement = add_arrangement(cast)
        assert api(cast, "viewer").delete(url(cast, arrangement.pk), {"version": 1}, format="json").status_code == 403
        assert api(cast, "outsider").delete(url(cast, arrangement.pk), {"version": 1}, format="json").status_code == 404
        assert StaffArrangement.objects.filter(pk=arrangement.pk).exists()
