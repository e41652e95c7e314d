"""Importing budget lines from .xlsx / .csv (preview, then all or nothing) and exporting the budget to .xlsx."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from budget import exporting, services, spreadsheets
from budget import services as budget_services
from budget.models import Budget, BudgetLine
from ols_platform.errors import ConflictError, DomainError

from .conftest import add_expense, add_line, approved_budget
from .staff_fixtures import add_arrangement

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
FR_HEADER = "structure;catégorie;année;libellé;montant;fonction;ETP"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, cast):
    return reverse(f"budget:{name}", kwargs={"consortium_id": cast.consortium_a.pk})


def text(response):
    return response.content.decode()


def csv_file(cast, *rows, header=FR_HEADER, name="budget.csv", encoding="utf-8"):
    body = "\n".join([header, *rows]) + "\n"
    return SimpleUploadedFile(name, body.encode(encoding), content_type="text/csv")


def good_rows(cast):
    return [
        f"{cast.lead_a.enterprise_number};Personnel;1;Coordinatrice;12 345,67;Coordination;0,8",
        f"{cast.member_a.name};fonctionnement;2;Loyer;2500.50;;",
        f"{cast.partner_a.enterprise_number.replace('.', '')};Équipement;Année 1;Ordinateurs;1 000;;",
    ]


def xlsx_file(rows, header=("structure", "category", "year", "label", "amount", "staff_role", "fte"), name="b.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def upload(cast, file, actor="accountant"):
    client = cast.client(actor)
    return client, client.post(url("import", cast), {"file": file})


def confirm(client, cast, response):
    token = response.context["token"]
    return client.post(url("import_confirm", cast), {"token": token})


class TestPreviewAndConfirm:
    def test_a_good_csv_with_french_headers_and_decimals_is_previewed_then_imported(self, cast):
        add_line(cast, "10000.00")
        client, response = upload(cast, csv_file(cast, *good_rows(cast)))
        assert response.status_code == 200
        page = text(response)
        assert "Les 3 lignes sont valides" in page
        assert f"15{NBSP}846,17{NBSP}€" in page  # imported total
        assert f"25{NBSP}846,17{NBSP}€" in page  # total after import
        assert BudgetLine.objects.count() == 1  # the preview writes nothing
        revision = Budget.objects.get().revision
        response = confirm(client, cast, response)
        assert response.status_code == 302
        lines = {line.label: line for line in BudgetLine.objects.all()}
        assert lines["Coordinatrice"].amount == Decimal("12345.67") and lines["Coordinatrice"].fte == Decimal("0.80")
        assert lines["Loyer"].structure == cast.member_a and lines["Loyer"].year == 2 and lines["Loyer"].fte is None
        assert lines["Ordinateurs"].structure == cast.partner_a and lines["Ordinateurs"].category == "equipment"
        assert BudgetLine.history.filter(history_type="+", history_user=cast.users["accountant"]).count() == 4
        assert Budget.objects.get().revision == revision + 1

    def test_a_good_xlsx_with_english_headers_is_imported(self, cast):
        rows = [
            (cast.lead_a.enterprise_number, "personnel", 1, "Coordinatrice", 30000, "Coordination", 1),
            (cast.member_a.enterprise_number, "operating", 2.0, "Loyer", 1234.5, None, None),
        ]
        client, response = upload(cast, xlsx_file(rows))
        assert "Les 2 lignes sont valides" in text(response)
        assert confirm(client, cast, response).status_code == 302
        assert sorted(BudgetLine.objects.values_list("amount", flat=True)) == [Decimal("1234.50"), Decimal("30000.00")]
        assert Budget.objects.get().version == 1  # the import created the first version

    def test_one_bad_row_imports_nothing(self, cast):
        rows = [*good_rows(cast), f"{cast.lead_a.name};personnel;1;Sans ETP;1000;Coordination;"]
        client, response = upload(cast, csv_file(cast, *rows))
        page = text(response)
        assert "1 ligne contient des erreurs" in page and "Confirmer l&#x27;import" not in page
        assert response.context["token"] == ""
        assert "ETP" in page
        response = client.post(url("import_confirm", cast), {"token": "forged"})
        assert response.status_code == 302
        assert not BudgetLine.objects.exists()

    def test_the_service_itself_imports_nothing_when_one_row_is_bad(self, cast):
        line = add_line(cast, "1000.00")
        budget = line.budget
        payload = {
            "budget_id": budget.pk,
            "revision": Budget.objects.get().revision,
            "rows": [
                {
                    "number": 2,
                    "structure": cast.lead_a.pk,
                    "category": "operating",
                    "year": 1,
                    "label": "Ok",
                    "amount": "100.00",
                    "staff_role": "",
                    "fte": None,
                },
                {
                    "number": 3,
                    "structure": cast.lead_b.pk,
                    "category": "operating",
                    "year": 1,
                    "label": "Pas membre",
                    "amount": "100.00",
                    "staff_role": "",
                    "fte": None,
                },
            ],
        }
        with pytest.raises(DomainError) as error:
            budget_services.budget_lines_import(actor=None, consortium=cast.consortium_a, payload=payload)
        assert error.value.code == "invalid_import_rows" and "ligne 3" in error.value.message
        assert BudgetLine.objects.count() == 1

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            ("Structure inconnue;operating;1;X;100;;", "n&#x27;est pas une structure membre"),
            ("{b};operating;1;X;100;;", "Aucune structure du consortium"),
            ("{a};cuisine;1;X;100;;", "Catégorie inconnue"),
            ("{a};operating;3;X;100;;", "L&#x27;année doit être 1 ou 2"),
            ("{a};operating;1;;100;;", "Libellé manquant"),
            ("{a};operating;1;X;0;;", "strictement positif"),
            ("{a};operating;1;X;-5;;", "strictement positif"),
            ("{a};operating;1;X;1e9;;", "Montant invalide"),
            ("{a};operating;1;X;2000000;;", "ne peut dépasser"),
            ("{a};operating;1;X;12,345.678;;", "Montant invalide"),
            ("{a};operating;1;X;12,345;;", "deux décimales"),
            ("{a};operating;1;X;douze;;", "Montant invalide"),
            ("{a};operating;1;X;NaN;;", "Montant invalide"),
            ("{a};operating;1;X;;;", "Montant invalide"),
            ("{a};personnel;1;X;100;;1", "fonction"),
            ("{a};personnel;1;X;100;Coordination;12", "ETP"),
        ],
    )
    def test_each_bad_row_gets_its_own_french_error(self, cast, row, message):
        row = row.format(a=cast.lead_a.enterprise_number, b=cast.lead_b.enterprise_number)
        _client, response = upload(cast, csv_file(cast, good_rows(cast)[1], row))
        assert response.status_code == 200
        assert message in text(response)
        preview = response.context["preview"]
        assert not preview.importable and [r.number for r in preview.error_rows] == [3]

    def test_a_double_confirm_imports_once(self, cast):
        client, response = upload(cast, csv_file(cast, *good_rows(cast)))
        assert confirm(client, cast, response).status_code == 302
        again = confirm(client, cast, response)
        assert again.status_code == 302
        assert BudgetLine.objects.count() == 3

    def test_a_budget_changed_since_the_preview_imports_nothing(self, cast):
        add_line(cast, "1000.00")
        client, response = upload(cast, csv_file(cast, *good_rows(cast)))
        add_line(cast, "2000.00", label="Ajoutée entre-temps")
        response = confirm(client, cast, response)
        assert response.status_code == 302
        assert BudgetLine.objects.count() == 2
        follow = client.get(response.url)
        assert "a changé depuis l" in text(follow)

    def test_the_same_preview_cannot_be_imported_twice_even_from_two_sessions(self, cast):
        _client, response = upload(cast, csv_file(cast, *good_rows(cast)))
        payload = response.context["preview"].payload()
        budget_services.budget_lines_import(actor=None, consortium=cast.consortium_a, payload=payload)
        with pytest.raises(ConflictError):
            budget_services.budget_lines_import(actor=None, consortium=cast.consortium_a, payload=payload)
        assert BudgetLine.objects.count() == 3

    def test_an_import_over_the_envelope_is_refused(self, cast):
        add_line(cast, "440000.00")
        client, response = upload(cast, csv_file(cast, *good_rows(cast)))
        page = text(response)
        assert "Enveloppe dépassée" in page and "cap_exceeded" not in page and "import dépasserait l" in page
        assert response.context["token"] == ""
        assert BudgetLine.objects.count() == 1

    def test_the_cap_is_checked_again_under_the_lock(self, cast):
        line = add_line(cast, "440000.00")
        payload = {
            "budget_id": line.budget_id,
            "revision": Budget.objects.get().revision,
            "rows": [
                {
                    "number": 2,
                    "structure": cast.lead_a.pk,
                    "category": "operating",
                    "year": 1,
                    "label": "X",
                    "amount": "10000.01",
                    "staff_role": "",
                    "fte": None,
                }
            ],
        }
        with pytest.raises(DomainError) as error:
            budget_services.budget_lines_import(actor=None, consortium=cast.consortium_a, payload=payload)
        assert error.value.code == "cap_exceeded"
        payload["rows"][0]["amount"] = "10000.00"
        budget_services.budget_lines_import(actor=None, consortium=cast.consortium_a, payload=payload)
        assert BudgetLine.objects.count() == 2

    def test_a_submitted_budget_is_not_importable(self, cast):
        line = add_line(cast, "1000.00")
        services.budget_submit(actor=None, budget=line.budget)
        _client, response = upload(cast, csv_file(cast, *good_rows(cast)))
        assert "soumis à l&#x27;AVIQ" in text(response)
        assert BudgetLine.objects.count() == 1

    def test_a_cp1252_csv_with_commas_and_quotes_is_read(self, cast):
        header = "Structure,Catégorie,Année,Libellé,Montant (€),Fonction,ETP"
        row = f'"{cast.member_a.name}",Autre,2,Frais divers,"1 234,56",,'
        _client, response = upload(cast, csv_file(cast, row, header=header, encoding="cp1252"))
        preview = response.context["preview"]
        assert preview.importable and preview.import_total == Decimal("1234.56")


class TestRefusedFiles:
    def test_wrong_columns_are_named(self, cast):
        _client, response = upload(cast, csv_file(cast, "a;b;c", header="structure;description;prix"))
        page = text(response)
        assert "Colonnes manquantes" in page
        for name in ("catégorie", "année", "libellé", "montant"):
            assert f"« {name} »" in page

    def test_a_file_over_5_mb_is_refused(self, cast):
        big = SimpleUploadedFile("budget.csv", FR_HEADER.encode() + b"\n" + b"x" * (5 * 1024 * 1024))
        _client, response = upload(cast, big)
        assert response.status_code == 200 and "dépasse 5 Mo" in text(response)

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("budget.pdf", b"%PDF-1.4"),
            ("budget.xlsx", b"\x89PNG\r\n\x1a\n not a workbook"),
            ("budget.xlsx", b"PK\x03\x04 broken archive"),
            ("budget.csv", b"\x00\x01\x02binary"),
            ("budget", b"structure;montant"),
        ],
    )
    def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(self, cast, name, content):
        _client, response = upload(cast, SimpleUploadedFile(name, content))
        assert response.status_code == 200
        page = text(response)
        assert "pas un tableur" in page or "pas un classeur" in page or "pas un fichier CSV" in page

    def test_an_empty_file_is_refused(self, cast):
        _client, response = upload(cast, SimpleUploadedFile("budget.csv", b"\n\n"))
        assert "Le fichier est vide" in text(response)
        _client, response = upload(cast, csv_file(cast))
        assert "aucune ligne sous les en-têtes" in text(response)

    def test_more_than_5000_rows_are_refused(self, cast):
        rows = [f"{cast.lead_a.enterprise_number};operating;1;L{i};1;;" for i in range(5001)]
        _client, response = upload(cast, csv_file(cast, *rows))
        assert f"plus de 5{NBSP}000 lignes" in text(response)

    def test_exactly_5000_rows_are_previewed(self, cast):
        rows = [f"{cast.lead_a.enterprise_number};operating;1;L{i};1;;" for i in range(5000)]
        client, response = upload(cast, csv_file(cast, *rows))
        assert response.context["preview"].importable
        assert f"Les 5{NBSP}000 lignes sont valides" in text(response)
        page = client.post(url("import_confirm", cast), {"token": response.context["token"]}, follow=True)
        assert f"5{NBSP}000 lignes importées depuis « budget.csv »" in text(page)


class TestImportTemplate:
    def test_the_import_page_links_to_the_template(self, cast):
        page = text(cast.client("accountant").get(url("import", cast)))
        assert f'href="{url("import_template", cast)}"' in page and "Télécharger le modèle (.xlsx)" in page
        assert f"5 Mo et 5{NBSP}000 lignes au plus" in page

    def test_the_template_has_the_importers_columns_and_an_example_row(self, cast):
        response = cast.client("accountant").get(url("import_template", cast))
        assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
        assert response["Content-Disposition"] == 'attachment; filename="modele-import-budget-olsa.xlsx"'
        sheet = load_workbook(io.BytesIO(response.content))["Lignes"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == list(spreadsheets.HEADERS_FR.values())
        assert list(rows[0]) == FR_HEADER.split(";")
        assert rows[1][0] == cast.lead_a.enterprise_number and rows[1][1] == "Personnel"
        assert len(rows) == 2

    def test_the_template_imports_as_it_is(self, cast):
        template = cast.client("accountant").get(url("import_template", cast)).content
        client, response = upload(cast, SimpleUploadedFile("modele.xlsx", template, content_type=XLSX_TYPE))
        assert response.context["preview"].importable
        assert "La ligne est valide." in text(response)
        assert confirm(client, cast, response).status_code == 302
        line = BudgetLine.objects.get()
        assert (line.structure, line.category, line.amount, line.fte) == (
            cast.lead_a,
            "personnel",
            Decimal("12345.67"),
            Decimal("0.80"),
        )


class TestExport:
    def workbook(self, cast, actor="viewer"):
        response = cast.client(actor).get(url("export", cast))
        assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
        assert response["Content-Disposition"].startswith('attachment; filename="budget-')
        return load_workbook(io.BytesIO(response.content))

    def test_it_exports_synthesis_lines_expenses_and_arrangements(self, cast):
        _budget, staff = approved_budget(cast)
        add_expense(cast, staff, "1500.25")
        book = self.workbook(cast)
        assert book.sheetnames == ["Synthèse", "Lignes", "Dépenses", "Mises à disposition"]
        synthesis = {row[0]: row[1] for row in book["Synthèse"].iter_rows(values_only=True) if row and row[0]}
        assert synthesis["Enveloppe (plafond)"] == 450000 and synthesis["Total prévu"] == 100000
        assert synthesis["Part de personnel"] == pytest.approx(0.8)
        lines = book["Lignes"]
        assert [c.value for c in lines[1]][:6] == [
            "structure",
            "nom de la structure",
            "catégorie",
            "année",
            "libellé",
            "montant",
        ]
        amount = lines["F2"]
        assert isinstance(amount.value, int | float) and "€" in amount.number_format
        expense = book["Dépenses"]["F2"]
        assert expense.value == pytest.approx(1500.25) and "€" in expense.number_format

    def test_it_lists_the_violations_in_the_synthesis(self, cast):
        add_line(cast, "1000.00", category="operating", label="Loyer")
        cells = [c for row in self.workbook(cast)["Synthèse"].iter_rows(values_only=True) for c in row if c]
        assert "personnel_share_too_low" in cells

    def test_it_exports_the_staff_arrangements(self, cast):
        add_arrangement(cast)
        sheet = self.workbook(cast, "reviewer")["Mises à disposition"]
        row = [c.value for c in sheet[2]]
        assert row[0] == "Infirmière coordinatrice" and row[1] == "Mise à disposition"
        assert row[7] == 24000

    def test_user_text_is_never_exported_as_a_formula(self, cast):
        add_line(cast, "1000.00", category="operating", label='=HYPERLINK("http://evil.test","clic")')
        cell = self.workbook(cast)["Lignes"]["E2"]
        assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")

    def test_its_query_count_does_not_grow_with_the_budget(self, cast):
        _budget, staff = approved_budget(cast)
        budget_services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)

        def count():
            with CaptureQueriesContext(connection) as queries:
                exporting.export_workbook(cast.consortium_a)
            return len(queries)

        add_expense(cast, staff)
        add_arrangement(cast)
        small = count()
        for index in range(3):
            add_expense(cast, staff)
            add_arrangement(cast, person=f"Personne {index}")
            add_line(cast, "10.00", category="operating", label=f"Ligne {index}")
        assert count() == small

    def test_an_export_without_budget_is_an_empty_workbook(self, cast):
        book = self.workbook(cast)
        assert book["Lignes"].max_row == 1

    def test_an_xlsx_round_trip_gives_back_the_same_lines(self, cast):
        add_line(cast, "12345.67", label="Coordinatrice")
        add_line(cast, "999.99", category="subcontracting", year=2, structure=cast.partner_a, label="Traduction")
        add_line(cast, "5000.00", category="equipment", structure=cast.member_a, label="=1+1")
        response = cast.client("accountant").get(url("export", cast))

        def snapshot():
            return sorted(
                BudgetLine.objects.values_list(
                    "structure_id", "category", "year", "label", "amount", "staff_role", "fte"
                )
            )

        before = snapshot()
        for line in BudgetLine.objects.all():
            services.budget_line_delete(actor=None, line=line)
        client, preview = upload(cast, SimpleUploadedFile("export.xlsx", response.content, content_type=XLSX_TYPE))
        assert preview.context["preview"].importable, [r.errors for r in preview.context["preview"].rows]
        assert confirm(client, cast, preview).status_code == 302
        assert snapshot() == before
