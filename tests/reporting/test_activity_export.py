"""The activity log's export: the FILTERED list as .xlsx and .csv, French headers, dates dd/mm/yyyy, a title
starting with "=" stays text."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .activity_helpers import new

pytestmark = pytest.mark.django_db


def _export(cast, **query):
    url = reverse("reporting:activities_export", kwargs={"consortium_id": cast.consortium_a.pk})
    return cast.client("reviewer").get(url, query)


@pytest.fixture
def log(cast):
    new(cast, date=datetime.date(2026, 1, 5), title='=HYPERLINK("http://x")', structures=[cast.member_a])
    new(cast, date=datetime.date(2026, 6, 23), title="Intervision", logic="transversal", function="learning")


def test_the_xlsx_export_holds_the_filtered_activities_as_text_and_dates(cast, log):
    response = _export(cast, format="xlsx", logic="horizontal")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Date", "Type", "Intitulé", "Logique d'action")
    assert len(rows) == 2
    assert rows[1][0].date() == datetime.date(2026, 1, 5)
    assert sheet.cell(row=2, column=1).number_format == "DD/MM/YYYY"
    assert sheet.cell(row=2, column=3).data_type == "s"
    assert rows[1][6] == "ASBL Membre A"


def test_the_csv_export_is_french_and_defuses_formulas(cast, log):
    response = _export(cast, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Date" and len(rows) == 3
    assert (
        rows[1][0] == "23/06/2026"
        and rows[1][4] == "Développer un système apprenant et soutenir les pratiques réflexives"
    )
    assert rows[2][2].startswith("'=")


def test_an_unknown_export_format_is_404(cast, log):
    assert _export(cast, format="pdf").status_code == 404
