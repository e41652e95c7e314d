"""The budget page in a real browser (Debian's chromium): htmx adds and edits lines in place, totals refresh,
a line over the envelope is refused with the figures, and the strict CSP reports no violation."""

import re

import pytest
from playwright.sync_api import expect

from tests.budget.conftest import add_line, approved_budget
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e
NBSP = "\u00a0"


def test_an_accountant_builds_the_budget_in_place_and_sees_the_envelope_refusal(page, cast):
    add_line(cast, "440000")
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, "accountant@a.test")
    page.goto(f"/consortia/{cast.consortium_a.pk}/budget/")
    expect(page.locator("#budget-summary")).to_contain_text(f"440{NBSP}000,00{NBSP}€")
    page.get_by_role("button", name="Ajouter une ligne").click()  # the form loads on demand

    form = page.locator("#line-add-form")
    form.locator("select[name=new-structure]").select_option(str(cast.member_a.pk))
    form.locator("select[name=new-category]").select_option("operating")
    form.locator("input[name=new-label]").fill("Loyer")
    form.locator("input[name=new-amount]").fill("9 000,50")
    form.locator("button[type=submit]").click()
    expect(page.locator("#lines-body tr", has_text="Loyer")).to_have_count(1)
    expect(page.locator("#budget-summary")).to_contain_text(f"449{NBSP}000,50{NBSP}€")
    expect(page.locator(f"#group-{cast.member_a.pk}")).to_contain_text(f"9{NBSP}000,50")  # its group's total too
    expect(page).to_have_url(re.compile(r"/budget/$"))  # stayed on the page: htmx swapped the row and the totals

    form = page.locator("#line-add-form")
    form.locator("select[name=new-structure]").select_option(str(cast.lead_a.pk))
    form.locator("select[name=new-category]").select_option("equipment")
    form.locator("input[name=new-label]").fill("Ordinateurs")
    form.locator("input[name=new-amount]").fill("1 000,00")
    form.locator("button[type=submit]").click()
    refusal = page.locator("#line-add-form .field-error")
    expect(refusal).to_contain_text("Plafond dépassé")
    expect(refusal).to_contain_text(f"0,50{NBSP}€ de trop")
    expect(page.locator("#lines-body tr", has_text="Ordinateurs")).to_have_count(0)

    row = page.locator("#lines-body tr", has_text="Loyer")
    row.get_by_text("Modifier").click()
    editing = page.locator("tr.editing")
    editing.locator("input[name$=-amount]").fill("5000")
    editing.get_by_role("button", name="Enregistrer").click()
    # The row swap and the totals swap are two htmx responses: each assertion waits for its own.
    expect(page.locator("#budget-summary")).to_contain_text(f"445{NBSP}000,00{NBSP}€")
    expect(page.locator("tr.editing")).to_have_count(0)
    expect(page.locator("#lines-body tr", has_text="Loyer")).to_contain_text(f"5{NBSP}000,00")
    expect(page.locator(f"#group-{cast.member_a.pk}")).to_contain_text(f"5{NBSP}000,00")

    # "Voir les lignes" opens a structure's lines under its group
    page.locator(f"#group-{cast.lead_a.pk}").get_by_text("Voir les lignes").click()
    expect(page.locator(f"#group-{cast.lead_a.pk}-lines tr[id^=line-]")).to_have_count(1)
    assert not csp_errors, csp_errors


def test_the_cached_budget_pages_keep_their_forms_working(page, cast, screenshot):
    """The expenses page and the overview are served from the cache: their forms still carry this browser's tokens."""
    _, line = approved_budget(cast)
    log_in(page, "accountant@a.test")
    expenses = f"/consortia/{cast.consortium_a.pk}/budget/expenses/"
    page.goto(expenses)  # built and cached
    page.goto(expenses)  # served from the cache
    page.locator("#line-search").fill("Coordinatrice")
    choice = page.locator(f"#expense-line-choices input[value='{line.pk}']")
    choice.check()
    form = page.locator("#expense-form")
    form.locator("input[name=date]").fill("2026-03-15")
    form.locator("input[name=amount]").fill("1 234,50")
    form.locator("textarea[name=justification]").fill("Fiche de paie mars")
    form.get_by_role("button", name="Enregistrer la dépense").click()
    expect(page.locator(".messages")).to_contain_text("Dépense enregistrée.")
    expect(page.locator("#expenses-count")).to_contain_text(f"1 dépense pour 1{NBSP}234,50{NBSP}€")
    screenshot(page, "expenses")

    overview = f"/consortia/{cast.consortium_a.pk}/budget/"
    page.goto(overview)
    page.goto(overview)
    page.get_by_role("button", name="Ouvrir un avenant").click()  # not ticked: nothing happens, and it is said
    expect(page.locator(".messages")).to_contain_text("Cochez la case de confirmation")
    page.get_by_label("J'ouvre un avenant").check()
    page.get_by_role("button", name="Ouvrir un avenant").click()  # a form of the cached page: its CSRF token is ours
    expect(page.locator("#budget-summary")).to_contain_text("avenant à la version 1")
    screenshot(page, "overview")
