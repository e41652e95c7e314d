"""The decision register page: filters (and bad filter values), counts per outcome, the printable version, the .xlsx
export (with user text never a formula), and a fixed number of queries whatever the register's size."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from governance import register
from governance.models import Decision
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def make_decisions(consortium, body, count, *, start=1, outcome="adopted", day=None, domain="priorities", title=None):
    decided_on = day or datetime.date(2026, 3, 15)
    return [
        Decision.objects.create(
            consortium=consortium,
            number=number,
            body=body,
            title=title or f"Décision {number}",
            domain=domain,
            method="consent",
            decided_on=decided_on,
            outcome=outcome,
        )
        for number in range(start, start + count)
    ]


def page(cast, actor="viewer", query=""):
    response = cast.client(actor).get(reverse("governance:decisions", args=[cast.consortium_a.pk]) + query)
    assert response.status_code == 200
    return response


def test_it_lists_the_register_with_references_dates_and_outcomes_in_words(cast, gov):
    make_decisions(cast.consortium_a, gov.body, 1)
    make_decisions(cast.consortium_a, gov.body, 1, start=2, outcome="rejected", day=datetime.date(2026, 11, 23))

    html = page(cast).content.decode()

    assert "D-2026-001" in html and "D-2026-002" in html
    assert "23/11/2026" in html
    assert "✗</span> Rejetée" in html and "✓</span> Adoptée" in html


def test_it_filters_by_body_domain_period_and_outcome(cast, gov):
    other = BodyFactory(consortium=cast.consortium_a, name="GT Mobilité")
    make_decisions(cast.consortium_a, gov.body, 2, day=datetime.date(2026, 1, 10), title="Hiver")
    make_decisions(cast.consortium_a, other, 1, start=3, day=datetime.date(2026, 6, 10), title="Été", domain="other")
    make_decisions(cast.consortium_a, other, 1, start=4, outcome="no_quorum", day=datetime.date(2026, 6, 11))

    by_body = page(cast, query=f"?body={other.pk}").context["rows"]
    by_domain = page(cast, query="?domain=other").context["rows"]
    by_period = page(cast, query="?start=01/06/2026&end=10/06/2026").context["rows"]
    by_outcome = page(cast, query="?outcome=no_quorum").context["rows"]

    assert {d.number for d in by_body} == {3, 4}
    assert [d.title for d in by_domain] == ["Été"]
    assert [d.number for d in by_period] == [3]
    assert [d.number for d in by_outcome] == [4]


def test_it_counts_each_outcome_over_the_other_filters(cast, gov):
    make_decisions(cast.consortium_a, gov.body, 3)
    make_decisions(cast.consortium_a, gov.body, 2, start=4, outcome="rejected")

    counts = {item["value"]: item["count"] for item in page(cast, query="?outcome=rejected").context["counts"]}

    assert counts == {"adopted": 3, "rejected": 2, "no_quorum": 0}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?start=31/02/2026", "Date de début illisible"),
        ("?end=demain", "Date de fin illisible"),
        ("?start=10/06/2026&end=01/06/2026", "La date de fin précède la date de début"),
        ("?outcome=maybe", "Valeur de filtre inconnue"),
        ("?domain=%00", "Valeur de filtre inconnue"),
        ("?body=abc", "Cette instance n&#x27;existe pas dans ce consortium."),
        ("?start=99999-01-01", "Date de début illisible"),
    ],
)
def test_it_explains_a_bad_filter_and_applies_the_others(cast, gov, query, message):
    make_decisions(cast.consortium_a, gov.body, 2)

    response = page(cast, query=query + "&page=zzz")

    assert message in response.content.decode()
    assert len(response.context["rows"]) == 2


def test_it_refuses_another_consortiums_body_as_a_filter(cast, gov):
    theirs = BodyFactory(consortium=cast.consortium_b)
    make_decisions(cast.consortium_b, theirs, 1)
    make_decisions(cast.consortium_a, gov.body, 1)

    response = page(cast, query=f"?body={theirs.pk}")

    assert "Cette instance n&#x27;existe pas" in response.content.decode()
    assert [d.consortium_id for d in response.context["rows"]] == [cast.consortium_a.pk]


def test_it_paginates_by_25_and_prints_every_filtered_row(cast, gov):
    make_decisions(cast.consortium_a, gov.body, 30)

    assert len(page(cast).context["rows"]) == 25
    printed = page(cast, query="?print=1")
    assert len(printed.context["rows"]) == 30
    assert "Version imprimable" in printed.content.decode()


def test_the_printable_version_caps_the_rows_and_says_so(cast, gov, monkeypatch):
    monkeypatch.setattr(register, "PRINT_MAX", 5)
    make_decisions(cast.consortium_a, gov.body, 7)

    response = page(cast, query="?print=1")

    assert len(response.context["rows"]) == 5
    assert "Seules les 5 décisions les plus récentes" in response.content.decode()


def test_the_page_links_a_print_stylesheet(cast, gov):
    assert "css/print.css" in page(cast).content.decode()


def export(cast, query=""):
    response = cast.client("reviewer").get(reverse("governance:decisions_export", args=[cast.consortium_a.pk]) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def test_the_export_holds_the_filtered_rows(cast, gov):
    make_decisions(cast.consortium_a, gov.body, 3)
    make_decisions(cast.consortium_a, gov.body, 2, start=4, outcome="rejected")

    sheet = export(cast, "?outcome=rejected")
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][:3] == ("Référence", "Date", "Instance")
    assert [row[0] for row in rows[1:]] == ["D-2026-005", "D-2026-004"]
    assert rows[1][6] == "Rejetée"
    assert rows[1][1].date() == datetime.date(2026, 3, 15)


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.test","clic")', "+1+1", "-2+3", "@SUM(A1)"])
def test_the_export_never_writes_user_text_as_a_formula(cast, gov, title):
    make_decisions(cast.consortium_a, gov.body, 1, title=title)

    cell = export(cast).cell(row=2, column=5)

    assert cell.data_type == "s" and cell.value == title


def test_the_export_survives_bad_filters(cast, gov):
    make_decisions(cast.consortium_a, gov.body, 2)

    sheet = export(cast, "?start=nope&outcome=zzz")

    assert sheet.max_row == 3


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("query", ["", "?outcome=adopted&start=01/01/2026", "?print=1"])
def test_the_register_runs_the_same_queries_with_few_or_many_decisions(cast, gov, query):
    client = cast.client("coordinator")
    url = reverse("governance:decisions", args=[cast.consortium_a.pk]) + query
    other = BodyFactory(consortium=cast.consortium_a)
    make_decisions(cast.consortium_a, gov.body, 3)
    small = _queries(client, url)

    decisions = make_decisions(cast.consortium_a, other, 60, start=4)
    for decision in decisions[:5]:
        make_decisions(cast.consortium_a, other, 1, start=decision.number + 100).pop()
        Decision.objects.filter(number=decision.number + 100, consortium=cast.consortium_a).update(corrects=decision)
    large = _queries(client, url)

    assert small == large
    assert large <= 12
