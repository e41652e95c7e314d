"""Staff arrangement pages and the "who pays whom" page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.staff.models import StaffArrangement

from .conftest import add_line
from .staff_fixtures import D, add_arrangement, pdf

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def url(name, cast, **kwargs):
    return reverse(f"budget:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def text(response):
    return response.content.decode()


def form_data(cast, line, **overrides):
    return {
        "kind": "convention",
        "employer": cast.partner_a.pk,
        "person": "Psychologue de liaison",
        "fte": "0,8",
        "start_date": "2026-03-16",
        "end_date": "2026-12-31",
        "monthly_cost": "3 100,00",
        "lines": [line.pk],
    } | overrides


class TestList:
    def test_it_lists_the_arrangements_with_their_cost_lines_and_document(self, cast):
        arrangement = add_arrangement(cast, file=pdf())
        page = text(cast.client("viewer").get(url("arrangements", cast)))
        assert "Infirmière coordinatrice" in page and "Mise à disposition" in page and "ASBL Membre A" in page
        assert f"24{NBSP}000,00{NBSP}€" in page  # 12 months × 2,000 €
        assert "du 01/01/2026 au 31/12/2026" in page
        assert url("arrangement_document", cast, arrangement_id=arrangement.pk) in page
        assert "Ajouter un arrangement" not in page  # viewers read only

    def test_editors_see_the_actions(self, cast):
        add_arrangement(cast)
        page = text(cast.client("accountant").get(url("arrangements", cast)))
        assert "Ajouter un arrangement" in page and "Supprimer" in page

    def test_the_aviq_reviewer_reads(self, cast):
        add_arrangement(cast)
        assert cast.client("reviewer").get(url("arrangements", cast)).status_code == 200


class TestForms:
    def test_it_creates_an_arrangement_with_its_document(self, cast):
        line = add_line(cast, "40000.00", structure=cast.partner_a)
        data = form_data(cast, line) | {"document": pdf()}
        response = cast.client("accountant").post(url("arrangement_create", cast), data)
        assert response.status_code == 302
        arrangement = StaffArrangement.objects.get()
        assert arrangement.kind == "convention" and arrangement.fte == D("0.80")
        assert arrangement.start_date == datetime.date(2026, 3, 16) and arrangement.document_filename
        assert arrangement.history.get().history_user == cast.users["accountant"]

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"fte": "1,5"}, "ETP invalide"),
            ({"monthly_cost": "12,345.678"}, "Montant invalide"),
            ({"monthly_cost": "-5"}, "strictement positif"),
            ({"end_date": "2026-03-01"}, "précède la date de début"),
            ({"end_date": "2028-01-31"}, "période financée"),
            ({"employer": "999999"}, "Sélectionnez un choix valide"),
            ({"kind": "direct"}, "Un emploi direct"),
            ({"monthly_cost": "50000"}, "plus que les lignes de personnel"),
        ],
    )
    def test_bad_input_shows_a_french_message_and_changes_nothing(self, cast, overrides, message):
        line = add_line(cast, "40000.00", structure=cast.partner_a)
        response = cast.client("accountant").post(url("arrangement_create", cast), form_data(cast, line, **overrides))
        assert response.status_code == 200
        assert message in text(response)
        assert not StaffArrangement.objects.exists()

    def test_a_bad_document_is_refused_on_the_field(self, cast):
        line = add_line(cast, "40000.00", structure=cast.partner_a)
        data = form_data(cast, line) | {"document": pdf(name="virus.exe")}
        response = cast.client("accountant").post(url("arrangement_create", cast), data)
        assert response.status_code == 200 and "Type de fichier refusé" in text(response)
        assert not StaffArrangement.objects.exists()

    def test_the_form_offers_only_personnel_lines_of_the_current_version(self, cast):
        add_line(cast, "40000.00", label="Chargée de projet")
        add_line(cast, "1000.00", category="operating", label="Loyer du bureau")
        page = text(cast.client("accountant").get(url("arrangement_create", cast)))
        assert "Chargée de projet" in page and "Loyer du bureau" not in page

    def test_it_edits_and_refuses_a_stale_version_showing_the_current_values(self, cast):
        arrangement = add_arrangement(cast)
        line = arrangement.lines.get()
        data = form_data(cast, line, kind="secondment", employer=cast.member_a.pk, start_date="2026-01-01")
        client = cast.client("accountant")
        edit = url("arrangement_edit", cast, arrangement_id=arrangement.pk)
        assert client.get(edit).status_code == 200
        assert client.post(edit, data | {"version": "1", "monthly_cost": "2100"}).status_code == 302
        response = client.post(edit, data | {"version": "1", "monthly_cost": "1900"})
        assert response.status_code == 200
        assert "a modifié l&#x27;arrangement de" in text(response) and f"2{NBSP}100,00{NBSP}€" in text(response)
        assert StaffArrangement.objects.get().monthly_cost == D("2100.00")

    def test_it_deletes_with_the_version(self, cast):
        arrangement = add_arrangement(cast)
        client = cast.client("coordinator")
        delete = url("arrangement_delete", cast, arrangement_id=arrangement.pk)
        assert client.post(delete, {}).status_code == 302 and StaffArrangement.objects.exists()
        assert client.post(delete, {"version": "1"}).status_code == 302
        assert not StaffArrangement.objects.exists()

    def test_another_consortiums_arrangement_is_not_found(self, cast):
        arrangement = add_arrangement(cast, file=pdf())
        other = {"consortium_id": cast.consortium_b.pk, "arrangement_id": arrangement.pk}
        client = cast.client("outsider")
        for name in ("arrangement_edit", "arrangement_document"):
            assert client.get(reverse(f"budget:{name}", kwargs=other)).status_code == 404
        assert client.post(reverse("budget:arrangement_delete", kwargs=other), {"version": "1"}).status_code == 404
        assert StaffArrangement.objects.exists()

    def test_the_document_is_served_as_an_attachment_to_readers_only(self, cast):
        arrangement = add_arrangement(cast, file=pdf())
        document = url("arrangement_document", cast, arrangement_id=arrangement.pk)
        response = cast.client("reviewer").get(document)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert cast.client("structure_reporter").get(document).status_code == 403


class TestFlows:
    def test_it_shows_what_the_lead_pays_each_structure_each_month(self, cast):
        line = add_line(cast, "60000.00", structure=cast.partner_a, label="Psychologue")
        add_arrangement(
            cast,
            [line],
            kind="convention",
            employer=cast.partner_a.pk,
            start_date=datetime.date(2026, 3, 16),
            monthly_cost="3100",
        )
        own = add_line(cast, "100000.00", label="Coordinatrice")
        add_arrangement(
            cast, [own], kind="direct", employer=cast.lead_a.pk, person="Coordinatrice", monthly_cost="4000"
        )
        page = text(cast.client("governance").get(url("flows", cast)))
        assert "Hôpital Partenaire A" in page and "ASBL Porteuse A" in page
        assert "Personnel propre — ASBL Porteuse A" in page and "Personnel propre de" not in page
        assert f"1{NBSP}600,00{NBSP}€" in page  # March 2026: 16 of 31 days
        # total to the partner: 1,600 + 9 × 3,100
        assert f"29{NBSP}500,00{NBSP}€" in page
        assert f"48{NBSP}000,00{NBSP}€" in page  # own staff of the lead in 2026
        assert page.count('<th scope="row">') >= 24

    def test_it_says_when_there_is_no_flow(self, cast):
        assert "aucun flux entre structures" in text(cast.client("viewer").get(url("flows", cast)))

    def test_its_query_count_does_not_grow_with_the_arrangements(self, cast):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert cast.client("viewer").get(url("flows", cast)).status_code == 200
            return len(queries)

        line = add_line(cast, "400000.00", structure=cast.member_a)
        add_arrangement(cast, [line], monthly_cost="100")
        small = count()
        for index in range(12):
            employer = (cast.member_a, cast.partner_a)[index % 2]
            add_arrangement(cast, [line], employer=employer.pk, person=f"Personne {index}", monthly_cost="100")
        assert count() == small


class TestHistory:
    def test_it_shows_who_changed_what_before_and_after(self, cast):
        from budget.staff import services as staff_services

        arrangement = add_arrangement(cast, actor=cast.users["accountant"])
        line = arrangement.lines.get()
        staff_services.arrangement_update(
            actor=cast.users["coordinator"],
            arrangement=arrangement,
            version=1,
            data={
                "kind": "secondment",
                "employer": cast.member_a.pk,
                "person": "Infirmière relais",
                "fte": "0,5",
                "start_date": datetime.date(2026, 1, 1),
                "end_date": datetime.date(2026, 12, 31),
                "monthly_cost": "2100",
                "lines": [line.pk],
            },
        )
        staff_services.arrangement_delete(actor=cast.users["coordinator"], arrangement=arrangement, version=2)
        response = cast.client("reviewer").get(url("arrangement_history", cast))
        page = text(response)
        assert response.status_code == 200
        assert "coordinator@a.test" in page or "Prénom" in page
        assert "création" in page and "modification" in page and "suppression" in page
        assert f"2{NBSP}000,00{NBSP}€" in page and f"2{NBSP}100,00{NBSP}€" in page
        assert "Infirmière relais" in page and "détachée" in page and "rattachée" in page

    def test_its_query_count_does_not_grow_with_the_changes(self, cast):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert cast.client("viewer").get(url("arrangement_history", cast)).status_code == 200
            return len(queries)

        line = add_line(cast, "400000.00", structure=cast.member_a)
        add_arrangement(cast, [line], monthly_cost="100")
        small = count()
        for index in range(8):
            add_arrangement(cast, [line], person=f"Personne {index}", monthly_cost="100")
        assert count() == small
