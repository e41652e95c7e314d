"""The action log records what matters beyond field history — roles, global roles, invitations, tokens, budget
reviews — and shows it: the team page lists the consortium's access journal, the profile one's own security events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import services as budget_services
from consortia.services.roles import invite_to_consortium, role_grant, role_revoke
from consortia.services.users import user_invite
from ols_platform.models import ActionLog
from tests.budget.conftest import add_line
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def roles_page(cast, consortium=None):
    return reverse("consortia:roles", kwargs={"consortium_id": (consortium or cast.consortium_a).pk})


def entries(action):
    return list(ActionLog.objects.filter(action=action).order_by("id"))


def test_a_role_grant_and_its_revocation_are_logged_with_the_consortium(cast):
    person = UserFactory(email="lea@exemple.be")
    coordinator = cast.users["coordinator"]

    grant = role_grant(
        actor=coordinator, consortium=cast.consortium_a, user=person, role="structure_reporter", structure=cast.member_a
    )
    role_revoke(actor=coordinator, grant=grant)

    (granted,), (revoked,) = entries("role.granted")[-1:], entries("role.revoked")
    for entry in (granted, revoked):
        assert (entry.actor, entry.actor_label, entry.consortium_id) == (
            coordinator,
            coordinator.email,
            cast.consortium_a.pk,
        )
        assert (entry.target_type, entry.target_id) == ("consortia.user", person.pk)
        assert entry.data == {"role": "structure_reporter", "structure": "ASBL Membre A", "consortium": "OLS A"}


def test_an_invitation_is_logged(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_consortium(
            actor=cast.users["coordinator"], consortium=cast.consortium_a, email="nouveau@exemple.be", role="viewer"
        )
        user_invite(actor=cast.users["admin"], email="agent@aviq.test", aviq_reviewer=True)

    to_consortium, reviewer = entries("user.invited")
    assert (to_consortium.consortium_id, to_consortium.data) == (cast.consortium_a.pk, {"consortium": "OLS A"})
    assert (reviewer.actor, reviewer.consortium_id, reviewer.data) == (
        cast.users["admin"],
        None,
        {"global_role": "aviq_reviewer"},
    )
    assert entries("role.granted")[-1].target_label == "nouveau@exemple.be"


def test_a_refused_grant_leaves_no_log_entry(cast):
    before = ActionLog.objects.count()

    cast.client("coordinator").post(roles_page(cast), {"email": "viewer@a.test", "role": "viewer"})

    assert ActionLog.objects.count() == before


def test_budget_submission_approval_and_change_requests_are_logged(cast):
    budget = add_line(cast, "80000.00").budget
    add_line(cast, "20000.00", category="operating", year=2, label="Loyer")
    budget_services.budget_submit(actor=cast.users["coordinator"], budget=budget)
    budget_services.budget_request_changes(actor=cast.users["reviewer"], budget=budget, comment="Détaillez le loyer.")
    budget_services.budget_submit(actor=cast.users["coordinator"], budget=budget)
    budget_services.budget_approve(actor=cast.users["reviewer"], budget=budget, comment="Conforme.")

    log = list(ActionLog.objects.filter(action__startswith="budget.").order_by("id"))

    assert [(e.action, e.actor) for e in log] == [
        ("budget.submitted", cast.users["coordinator"]),
        ("budget.changes_requested", cast.users["reviewer"]),
        ("budget.submitted", cast.users["coordinator"]),
        ("budget.approved", cast.users["reviewer"]),
    ]
    assert {(e.consortium_id, e.target_type, e.target_id) for e in log} == {
        (cast.consortium_a.pk, "budget.budget", budget.pk)
    }
    assert log[1].data["comment"] == "Détaillez le loyer."


def test_a_refused_review_leaves_no_log_entry(cast):
    budget = add_line(cast, "80000.00").budget

    with pytest.raises(Exception):  # noqa: B017 — not submitted: DomainError
        budget_services.budget_approve(actor=cast.users["reviewer"], budget=budget)

    assert not ActionLog.objects.filter(action__startswith="budget.").exists()


def test_the_team_page_shows_the_access_journal_of_this_consortium_only(cast):
    person = UserFactory(email="lea@exemple.be", first_name="Léa", last_name="Dubois")
    grant = role_grant(actor=cast.users["coordinator"], consortium=cast.consortium_a, user=person, role="accountant")
    role_revoke(actor=cast.users["coordinator"], grant=grant)
    role_grant(
        actor=cast.users["outsider"], consortium=cast.consortium_b, user=UserFactory(email="b@b.test"), role="viewer"
    )

    page = cast.client("coordinator").get(roles_page(cast)).content.decode()

    journal = page[page.index('id="access-journal"') :]
    assert "Journal des accès" in journal
    assert "Rôle retiré" in journal and "Rôle donné" in journal and "Léa Dubois" in journal
    assert journal.index("Rôle retiré") < journal.index("Rôle donné")  # newest first
    assert "coordinator@a.test" in journal
    assert "b@b.test" not in journal


def test_only_those_who_manage_roles_see_the_journal(cast):
    assert cast.client("operational").get(roles_page(cast)).status_code == 403
    assert cast.client("outsider").get(roles_page(cast)).status_code == 404


def grant_many(cast, count):
    for i in range(count):
        role_grant(
            actor=cast.users["coordinator"],
            consortium=cast.consortium_a,
            user=UserFactory(email=f"personne{i:02d}@exemple.be", first_name="Personne", last_name=f"N{i:02d}"),
            role="viewer",
        )


def test_the_journal_shows_20_entries_a_page_with_a_link_to_older_ones(cast):
    grant_many(cast, 25)  # + the cast's 6 grants in A: 31 entries
    client = cast.client("coordinator")

    first = client.get(roles_page(cast)).content.decode()
    second = client.get(roles_page(cast) + "?journal=2").content.decode()

    first_journal = first[first.index('id="access-journal"') :]
    assert first_journal.count("<tr>") == 1 + 20
    assert "Personne N24" in first_journal and "Personne N04" not in first_journal and "?journal=2" in first_journal
    second_journal = second[second.index('id="access-journal"') :]
    assert second_journal.count("<tr>") == 1 + 11
    assert "Page 2 sur 2" in second_journal
    assert client.get(roles_page(cast) + "?journal=zzz").status_code == 200


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_team_page_runs_the_same_queries_with_few_or_many_log_entries(cast):
    client = cast.client("coordinator")
    small = count_queries(client, roles_page(cast))

    grant_many(cast, 30)
    for grant in list(cast.consortium_a.roles.filter(user__email__startswith="personne"))[:10]:
        role_revoke(actor=cast.users["coordinator"], grant=grant)

    assert count_queries(client, roles_page(cast)) == small


def test_the_profile_runs_the_same_queries_with_few_or_many_security_events(cast):
    client = cast.client("accountant")
    small = count_queries(client, reverse("profile"))

    for _ in range(15):
        client.post(reverse("profile"), {"action": "create_token"})

    assert count_queries(client, reverse("profile")) == small


def test_the_profile_shows_ones_own_role_changes_but_not_other_peoples(cast):
    person = cast.users["accountant"]
    role_grant(actor=cast.users["outsider"], consortium=cast.consortium_b, user=person, role="viewer")
    role_grant(actor=cast.users["coordinator"], consortium=cast.consortium_a, user=UserFactory(), role="viewer")

    page = cast.client("accountant").get(reverse("profile")).content.decode()

    events = page[page.index('id="security-events"') :]
    assert "OLS B" in events and "Lecture seule" in events and "coordinator@b.test" in events
    assert "coordinator@a.test" not in events
