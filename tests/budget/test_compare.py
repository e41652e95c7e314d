"""Comparing two versions of a consortium's budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import services
from budget.compare import compare_budgets
from budget.models import BudgetLine

from .conftest import D, add_line, approve

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def url(cast, **params):
    base = reverse("budget:compare", kwargs={"consortium_id": cast.consortium_a.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def amended(cast):
    """v1 approved: staff 100,000 (A1), rent 20,000 (A2), printer 5,000 (A1). v2: staff raised, rent removed,
    printer unchanged, a new training line."""
    staff = add_line(cast, "100000.00")
    rent = add_line(cast, "20000.00", category="operating", year=2, label="Loyer")
    add_line(cast, "5000.00", category="equipment", label="Imprimante", structure=cast.member_a)
    v1 = approve(cast, staff.budget)
    v2 = services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
    copy_of = {line.copied_from_id: line for line in BudgetLine.objects.filter(budget=v2)}
    services.budget_line_update(actor=None, line=copy_of[staff.pk], version=1, data={"amount": "110000.00"})
    services.budget_line_delete(actor=None, line=copy_of[rent.pk])
    add_line(cast, "3000.00", category="other", year=2, label="Formation")
    return v1, v2


def test_it_lists_added_removed_and_changed_lines_with_the_difference(cast):
    v1, v2 = amended(cast)
    comparison = compare_budgets(v1, v2)
    kinds = {d.line.label: d.kind for d in comparison.lines}
    assert kinds == {"Coordinatrice": "changed", "Loyer": "removed", "Imprimante": "same", "Formation": "added"}
    changed = next(d for d in comparison.lines if d.kind == "changed")
    assert changed.delta == D("10000.00") and changed.changed_fields == ("amount",)
    assert comparison.old_total == D("125000.00") and comparison.new_total == D("118000.00")
    assert comparison.delta == D("-7000.00")
    assert comparison.counts == {"changed": 1, "added": 1, "removed": 1, "same": 1}


def test_it_totals_by_category_and_year(cast):
    v1, v2 = amended(cast)
    comparison = compare_budgets(v1, v2)
    by_category = {row.key: (row.old, row.new) for row in comparison.by_category}
    assert by_category["personnel"] == (D("100000.00"), D("110000.00"))
    assert by_category["operating"] == (D("20000.00"), D("0.00"))
    assert by_category["other"] == (D("0.00"), D("3000.00"))
    by_year = {row.key: (row.old, row.new, row.delta) for row in comparison.by_year}
    assert by_year[1] == (D("105000.00"), D("115000.00"), D("10000.00"))
    assert by_year[2] == (D("20000.00"), D("3000.00"), D("-17000.00"))


def test_comparing_the_other_way_round_swaps_added_and_removed(cast):
    v1, v2 = amended(cast)
    kinds = {d.line.label: d.kind for d in compare_budgets(v2, v1).lines}
    assert kinds == {"Coordinatrice": "changed", "Loyer": "added", "Imprimante": "same", "Formation": "removed"}


def test_it_follows_the_copies_across_several_amendments(cast):
    v1, v2 = amended(cast)
    approve(cast, v2)
    v3 = services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
    line = BudgetLine.objects.get(budget=v3, label="Coordinatrice")
    services.budget_line_update(actor=None, line=line, version=1, data={"label": "Coordinatrice générale"})
    diffs = {d.line.label: d for d in compare_budgets(v1, v3).lines}
    assert diffs["Coordinatrice générale"].kind == "changed"
    assert diffs["Coordinatrice générale"].old.label == "Coordinatrice"
    assert set(diffs["Coordinatrice générale"].changed_fields) == {"label", "amount"}


def test_the_page_compares_the_two_latest_versions_by_default(cast):
    amended(cast)
    page = cast.client("reviewer").get(url(cast)).content.decode()
    assert "Version 1 → version 2" in page
    assert "1 modifiées, 1 ajoutées, 1 supprimées, 1 inchangées" in page
    assert f"-7{NBSP}000,00{NBSP}€" in page


def test_the_page_accepts_chosen_versions_and_ignores_foreign_or_bad_ids(cast):
    v1, v2 = amended(cast)
    client = cast.client("viewer")
    assert "Version 2 → version 1" in client.get(url(cast, **{"from": v2.pk, "to": v1.pk})).content.decode()
    other = add_line_b(cast).budget
    response = client.get(url(cast, **{"from": other.pk, "to": "abc"}))
    assert response.status_code == 200 and "Version 1 → version 2" in response.content.decode()


def add_line_b(cast):
    return services.budget_line_create(
        actor=cast.users["outsider"],
        consortium=cast.consortium_b,
        data={"structure": cast.lead_b.pk, "category": "operating", "year": 1, "label": "B", "amount": "10"},
    )


def test_a_consortium_without_budget_gets_a_message(cast):
    response = cast.client("viewer").get(url(cast))
    assert response.status_code == 200 and "pas encore de budget" in response.content.decode()


def test_its_query_count_does_not_grow_with_the_lines(cast):
    v1, v2 = amended(cast)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert cast.client("viewer").get(url(cast)).status_code == 200
        return len(queries)

    small = count()
    for index in range(15):
        add_line(cast, "10.00", category="operating", label=f"Ligne {index}")
    assert count() == small


def version_url(cast, budget):
    return reverse("budget:version", kwargs={"consortium_id": cast.consortium_a.pk, "budget_id": budget.pk})


def test_the_version_page_matches_lines_as_the_compare_page_does(cast):
    """A line deleted from an amendment and typed again is the same line, not one removed and one added."""
    v1, v2 = amended(cast)
    rent = BudgetLine.objects.get(budget=v1, label="Loyer")
    add_line(cast, rent.amount, category="operating", year=2, label="Loyer")

    kinds = {}
    for structure in (cast.lead_a, cast.member_a):  # the version page compares a structure's lines when opened
        page = cast.client("viewer").get(version_url(cast, v2) + f"?structure={structure.pk}")
        kinds |= {d.line.label: d.kind for d in page.context["opened"]["comparison"].plan_order}
    assert kinds == {"Coordinatrice": "changed", "Loyer": "same", "Imprimante": "same", "Formation": "added"}
    assert {d.line.label: d.kind for d in compare_budgets(v1, v2).lines} == kinds


def test_a_first_version_lists_its_lines_unchanged(cast):
    line = add_line(cast, "1000.00")
    page = cast.client("viewer").get(version_url(cast, line.budget) + f"?structure={line.structure_id}")
    assert [(d.kind, d.line.pk) for d in page.context["opened"]["comparison"].plan_order] == [("same", line.pk)]


def test_the_version_page_gives_each_structures_totals_in_both_versions(cast):
    v1, v2 = amended(cast)
    page = cast.client("viewer").get(version_url(cast, v2))
    groups = {g["pk"]: g for g in page.context["groups"]}
    lead = groups[cast.lead_a.pk]
    assert (lead["lines"], lead["amount"], lead["previous_amount"]) == (2, D("113000.00"), D("120000.00"))
    assert lead["delta"] == D("-7000.00") and groups[cast.member_a.pk]["delta"] == 0
    assert page.context["totals"] == {
        "lines": 3,
        "amount": D("118000.00"),
        "previous_amount": D("125000.00"),
        "delta": D("-7000.00"),
    }
    assert "Formation" not in page.content.decode()  # lines open on demand


def test_the_version_page_opens_a_structure_and_refuses_bad_ones(cast):
    v1, v2 = amended(cast)
    client = cast.client("viewer")
    page = client.get(version_url(cast, v2) + f"?structure={cast.lead_a.pk}").content.decode()
    assert f'<tr id="group-{cast.lead_a.pk}-lines" class="group-lines">' in page and "Formation" in page
    for raw in ("abc", str(cast.lead_b.pk), str(cast.partner_a.pk), "99999999999999999999"):
        response = client.get(version_url(cast, v2), {"structure": raw})
        assert response.status_code == 404 and "Cette structure ne fait pas partie" in response.content.decode()
