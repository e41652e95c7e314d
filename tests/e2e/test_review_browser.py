"""AVIQ's review in a real browser: a reviewer comments a submitted budget (one public comment on a line, one
private annotation), requests changes; the coordinator reads the public comment — never the private one —, answers
and submits again; the reviewer approves and the budget is locked. And a mandate: the reviewer asks for it, the
coordination transmits it, the reviewer comments and approves."""

import pytest
from playwright.sync_api import expect

from budget import services
from mandates.models import MandateReview
from mandates.services import mandate_create
from tests.budget.conftest import add_line
from tests.e2e.conftest import log_in
from tests.factories import BodyFactory
from tests.mandates.test_services import ESSENTIALS, _adopt

pytestmark = pytest.mark.e2e


def _as(cast, browser, live_server, actor):
    """A browser page logged in as `actor` (AVIQ staff come with their second factor, as the cast logs them in)."""
    client = cast.client(actor)
    context = browser.new_context(base_url=live_server.url, locale="fr-BE", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def test_a_reviewer_requests_changes_then_approves_and_the_consortium_reads_only_public_comments(
    page, cast, browser, live_server, screenshot
):
    staff = add_line(cast, "80000.00")
    add_line(cast, "20000.00", category="operating", year=2, label="Loyer")
    services.budget_submit(actor=cast.users["coordinator"], budget=staff.budget)

    reviewer = _as(cast, browser, live_server, "reviewer")
    reviewer.goto("/")
    expect(reviewer.locator("#aviq-queue")).to_contain_text("Budget, version 1")
    reviewer.get_by_role("link", name="À examiner").click()
    reviewer.get_by_role("link", name="Examiner", exact=True).first.click()
    expect(reviewer.locator("h1")).to_contain_text("Budget, version 1")

    reviewer.locator("tr", has_text="Loyer").get_by_role("link", name="Commenter").click()
    form = reviewer.locator("#comment-form")
    form.locator("textarea[name=text]").fill("Le loyer semble élevé : joignez le bail.")
    form.get_by_label("Publique : le consortium la lit").check()
    form.get_by_role("button", name="Enregistrer le commentaire").click()
    expect(reviewer.locator(".messages")).to_contain_text("Commentaire publié")
    form = reviewer.locator("#comment-form")
    form.locator("textarea[name=text]").fill("À vérifier avec le service juridique.")
    form.get_by_role("button", name="Enregistrer le commentaire").click()  # private: the default
    expect(reviewer.locator(".messages")).to_contain_text("seule l'AVIQ la lit")
    expect(reviewer.locator("#comments")).to_contain_text("Annotation privée (AVIQ)")

    reviewer.locator("#changes-comment").fill("Détaillez le loyer de l'année 2.")
    reviewer.get_by_role("button", name="Demander des modifications").click()
    expect(reviewer.locator("main")).to_contain_text("Modifications demandées")
    screenshot(reviewer, "reviewer-changes-requested")

    log_in(page, cast.users["coordinator"].email)
    page.goto(f"/consortia/{cast.consortium_a.pk}/budget/")
    expect(page.locator(".review-panel")).to_contain_text("Le loyer semble élevé")
    expect(page.locator("main")).not_to_contain_text("service juridique")
    expect(page.locator("#budget-summary")).to_contain_text("Détaillez le loyer")
    screenshot(page, "coordinator-reads-the-review")
    page.locator("#submission-note").fill("Le bail est joint au dossier.")
    page.locator("#budget-summary input[name=confirm]").check()
    page.get_by_role("button", name="Soumettre à l'AVIQ").click()
    expect(page.locator("#budget-summary")).to_contain_text("Soumis à l'AVIQ")

    reviewer.reload()
    expect(reviewer.locator("main")).to_contain_text("Le bail est joint au dossier.")
    reviewer.locator("#approve-comment").fill("Conforme.")
    reviewer.get_by_role("button", name="Approuver").click()
    expect(reviewer.locator(".messages")).to_contain_text("Approuvé")
    expect(reviewer.locator(".review-history")).to_contain_text("Approuvé")
    expect(reviewer.locator("#decision")).to_have_count(0)  # locked: no more decision nor comment
    screenshot(reviewer, "reviewer-approved")
    reviewer.context.close()

    page.reload()
    expect(page.locator("#budget-summary")).to_contain_text("Approuvé")
    expect(page.locator(".review-panel")).to_contain_text("Conforme.")


def test_a_reviewer_asks_for_a_mandate_the_coordination_transmits_it_and_the_reviewer_approves(
    page, cast, browser, live_server, screenshot, gov
):
    team = BodyFactory(consortium=cast.consortium_a, kind="operational_team", name="Équipe opérationnelle")
    mandate = _adopt(
        cast,
        gov,
        mandate_create(
            actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **ESSENTIALS}
        ),
    )
    mandate_page = f"/consortia/{cast.consortium_a.pk}/mandates/{mandate.pk}/"

    reviewer = _as(cast, browser, live_server, "reviewer")
    reviewer.goto(mandate_page)
    reviewer.locator("summary", has_text="Demander ce mandat au consortium").click()
    reviewer.get_by_role("button", name="Demander à examiner ce mandat").click()  # nothing written yet
    expect(reviewer.locator(".mandate-review")).to_contain_text("obligatoire")
    reviewer.locator("#ask-reason").fill("Comment l'équipe rend-elle compte à la gouvernance ?")
    reviewer.get_by_role("button", name="Demander à examiner ce mandat").click()
    expect(reviewer.locator(".messages")).to_contain_text("Demande envoyée")

    log_in(page, cast.users["coordinator"].email)
    page.goto(mandate_page)
    review = page.locator(".mandate-review")
    expect(review).to_contain_text("Comment l'équipe rend-elle compte")
    review.locator("#transmit-note").fill("Voir la partie « Articulation ».")
    review.locator("input[name=confirm]").check()
    review.get_by_role("button", name="Transmettre à l'AVIQ").click()
    expect(page.locator(".messages")).to_contain_text("Mandat transmis")
    screenshot(page, "coordinator-transmitted-a-mandate")

    reviewer.goto("/aviq/review/?kind=mandate")
    reviewer.get_by_role("link", name="Examiner", exact=True).first.click()
    expect(reviewer.locator("main")).to_contain_text("Voir la partie « Articulation ».")
    form = reviewer.locator("#comment-form")
    form.locator("textarea[name=text]").fill("Articulation claire.")
    form.get_by_label("Publique : le consortium la lit").check()
    form.get_by_role("button", name="Enregistrer le commentaire").click()
    reviewer.locator("#approve-comment").fill("Merci.")
    reviewer.get_by_role("button", name="Approuver").click()
    expect(reviewer.locator(".messages")).to_contain_text("Approuvé")
    screenshot(reviewer, "reviewer-approved-a-mandate")
    reviewer.context.close()
    assert MandateReview.objects.get().status == "approved"

    page.goto(mandate_page)
    expect(page.locator(".mandate-review")).to_contain_text("Approuvé par l'AVIQ")
    expect(page.locator(".mandate-review")).to_contain_text("Articulation claire.")
