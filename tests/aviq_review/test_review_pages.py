"""The review workspace's pages: the queue, an item's page, comments (public or private) and decisions."""

import html

import pytest
from django.urls import reverse

from budget.models import Budget, BudgetLine
from review.models import Comment, ReviewEvent

from .conftest import submitted_budget

pytestmark = pytest.mark.django_db


def item_url(budget, suffix=""):
    name = {"": "aviq:review_item", "comment": "aviq:review_comment", "approve": "aviq:review_approve"}.get(
        suffix, "aviq:review_request_changes"
    )
    return reverse(name, kwargs={"kind": "budget", "item_id": budget.pk})


def test_it_lists_submitted_items_oldest_first_with_who_submitted(cast, login, budget):
    page = login("reviewer").get(reverse("aviq:review_queue")).content.decode()
    assert "Budget, version 1" in page
    assert cast.consortium_a.name in page
    assert cast.users["coordinator"].email in page or cast.users["coordinator"].get_full_name() in page


def test_it_hides_the_workspace_from_every_consortium_member(cast, login, budget):
    for actor in ("coordinator", "operational", "accountant", "governance", "viewer", "outsider"):
        assert login(actor).get(reverse("aviq:review_queue")).status_code == 404
        assert login(actor).get(item_url(budget)).status_code == 404


def test_it_shows_the_budget_figures_and_lines_to_the_reviewer(login, budget):
    page = login("reviewer").get(item_url(budget)).content.decode()
    assert "Coordinatrice" in page and "Loyer" in page
    assert "100\u00a0000,00\u00a0€" in page
    assert "Première version" in page  # the coordination's note with the submission


def test_a_private_annotation_is_read_by_aviq_and_never_by_the_consortium(cast, login, budget):
    line = BudgetLine.objects.get(budget=budget, label="Loyer")
    response = login("reviewer").post(
        item_url(budget, "comment"),
        {"target": "budget_line", "target_id": line.pk, "text": "Loyer élevé pour la région", "visibility": "private"},
    )
    assert response.status_code == 302
    assert "Loyer élevé pour la région" in login("reviewer").get(item_url(budget)).content.decode()
    for actor in ("coordinator", "accountant", "viewer"):
        page = login(actor).get(reverse("budget:overview", kwargs={"consortium_id": cast.consortium_a.pk}))
        assert "Loyer élevé" not in page.content.decode()


def test_a_public_comment_is_read_by_the_consortium_on_its_budget(cast, login, budget):
    login("reviewer").post(
        item_url(budget, "comment"),
        {
            "target": "budget",
            "target_id": budget.pk,
            "text": "Précisez le rôle de la coordinatrice",
            "visibility": "public",
        },
    )
    page = login("coordinator").get(reverse("budget:overview", kwargs={"consortium_id": cast.consortium_a.pk}))
    assert "Précisez le rôle de la coordinatrice" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "visibility": "public"}, "Écrivez le commentaire."),
        ({"text": "x" * 4001, "visibility": "public"}, "4 000 caractères"),
        ({"text": "Bien", "visibility": "secret"}, "Choisissez la visibilité."),
        ({"text": "Bien", "visibility": "public", "target": "meeting"}, None),
        ({"text": "Bien", "visibility": "public", "target_id": "abc"}, "n'existe pas"),
        ({"text": "Bien", "visibility": "public", "target_id": "99999999"}, "n'existe pas"),
    ],
)
def test_it_refuses_a_bad_comment_and_saves_nothing(login, budget, data, message):
    body = {"target": "budget", "target_id": budget.pk} | data
    response = login("reviewer").post(item_url(budget, "comment"), body)
    assert response.status_code == 400
    if message:
        assert message in html.unescape(response.content.decode())
    assert not Comment.objects.exists()


def test_it_refuses_a_comment_on_a_line_outside_the_item(cast, login, budget):
    # Consortium B's budget holds a line: its id is sent in the body of A's item.
    b_budget = Budget.objects.create(consortium=cast.consortium_b)
    b_line = BudgetLine.objects.create(
        budget=b_budget, structure=cast.lead_b, category="operating", year=1, label="Loyer B", amount=5000
    )
    body = {"target": "budget_line", "target_id": b_line.pk, "text": "Bien", "visibility": "public"}
    response = login("reviewer").post(item_url(budget, "comment"), body)
    assert response.status_code == 400
    assert "n'existe pas dans ce consortium" in html.unescape(response.content.decode())
    assert not Comment.objects.exists()


def test_it_refuses_to_comment_or_decide_on_an_item_that_is_not_submitted(cast, login):
    from tests.budget.conftest import add_line  # noqa: PLC0415

    draft = add_line(cast, "1000.00").budget
    body = {"target": "budget", "target_id": draft.pk, "text": "Bien", "visibility": "public"}
    response = login("reviewer").post(item_url(draft, "comment"), body)
    assert response.status_code == 400
    assert "Seul un objet soumis" in html.unescape(response.content.decode())
    response = login("reviewer").post(item_url(draft, "approve"), {"comment": ""})
    assert response.status_code == 400
    assert Budget.objects.get(pk=draft.pk).status == Budget.Status.DRAFT
    assert not Comment.objects.exists()


def test_request_changes_needs_reasons_then_returns_the_budget_unlocked(login, budget):
    response = login("reviewer").post(item_url(budget, "request-changes"), {"comment": "   "})
    assert response.status_code == 400
    assert Budget.objects.get(pk=budget.pk).status == Budget.Status.SUBMITTED
    response = login("reviewer").post(item_url(budget, "request-changes"), {"comment": "Détaillez les ETP"})
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.status == Budget.Status.CHANGES_REQUESTED and budget.is_editable
    actions = list(ReviewEvent.objects.filter(item_kind="budget", item_id=budget.pk).values_list("action", flat=True))
    assert actions == ["submitted", "changes_requested"]


def test_approval_of_a_budget_breaking_a_rule_is_refused_with_every_rule_listed(cast, login):
    budget = submitted_budget(cast, personnel="80000.00", operating="20000.00")
    # The territory's envelope shrinks under the planned total after the submission.
    territory = cast.consortium_a.territory
    territory.population = 1
    territory.save()
    from budget.models import RuleSet  # noqa: PLC0415

    ruleset = RuleSet.active()
    ruleset.small_cap = 50000
    ruleset.save()
    response = login("reviewer").post(item_url(budget, "approve"), {"comment": ""})
    assert response.status_code == 400
    assert "ne peut pas être approuvé" in response.content.decode()
    assert Budget.objects.get(pk=budget.pk).status == Budget.Status.SUBMITTED


def test_approval_locks_the_budget_and_history_shows_every_step(login, budget):
    assert login("reviewer").post(item_url(budget, "approve"), {"comment": "Conforme"}).status_code == 302
    budget.refresh_from_db()
    assert budget.status == Budget.Status.APPROVED and not budget.is_editable
    page = login("reviewer").get(item_url(budget)).content.decode()
    assert "Historique de l&#x27;examen" in page or "Historique de l'examen" in page
    assert "Conforme" in page
    # A second approval (double submit, or two reviewers) is refused in French, nothing changes.
    response = login("reviewer").post(item_url(budget, "approve"), {"comment": ""})
    assert response.status_code == 400
    assert ReviewEvent.objects.filter(item_id=budget.pk, action="approved").count() == 1


def test_unknown_kinds_and_ids_are_404(login, budget):
    client = login("reviewer")
    assert client.get(reverse("aviq:review_item", kwargs={"kind": "meeting", "item_id": budget.pk})).status_code == 404
    assert client.get(reverse("aviq:review_item", kwargs={"kind": "budget", "item_id": "x"})).status_code == 404
    assert client.get(reverse("aviq:review_item", kwargs={"kind": "budget", "item_id": "99999999"})).status_code == 404
