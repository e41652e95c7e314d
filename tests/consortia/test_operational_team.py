"""The operational team's own work: it records the links between méso structures (manage_links), and the coordination
decides on the team page whether it records expenses and their justificatifs (record_expenses)."""

from html import unescape

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from consortia.models import Consortium, StructureLink
from consortia.permissions import MANAGE_LINKS, RECORD_EXPENSES, held_perms
from ols_platform.models import ActionLog

from ..factories import StructureLinkFactory

pytestmark = pytest.mark.django_db


def _url(cast, name, **kwargs):
    return reverse(f"consortia:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def _setting(cast):
    return Consortium.objects.get(pk=cast.consortium_a.pk).operational_team_records_expenses


def _switch(cast, actor="coordinator", allowed="1", confirm="on", client=None):
    data = {"allowed": allowed} | ({"confirm": confirm} if confirm else {})
    return (client or cast.client(actor)).post(_url(cast, "operational_expenses"), data)


class TestLinks:
    def test_the_operational_team_records_a_link(self, cast):
        client = cast.client("operational")
        response = client.post(
            _url(cast, "links_manage"), {"source": cast.lead_a.pk, "target": cast.member_a.pk, "kind": "PA"}
        )
        assert response.status_code == 302
        link = StructureLink.objects.get()
        assert (link.source, link.target, link.kind) == (cast.lead_a, cast.member_a, "PA")

    def test_the_operational_team_removes_a_link(self, cast):
        link = StructureLinkFactory(consortium=cast.consortium_a, source=cast.lead_a, target=cast.member_a)
        response = cast.client("operational").post(_url(cast, "link_delete", link_id=link.pk), {"confirm": "on"})
        assert response.status_code == 302 and not StructureLink.objects.exists()

    def test_the_network_page_offers_the_links_page_to_those_who_keep_them(self, cast):
        manage = _url(cast, "links_manage")
        for actor in ("coordinator", "operational"):
            assert manage in cast.client(actor).get(_url(cast, "network")).content.decode()
        for actor in ("governance", "viewer", "accountant"):
            assert manage not in cast.client(actor).get(_url(cast, "network")).content.decode()

    @pytest.mark.parametrize("actor", ["governance", "viewer", "accountant", "structure_reporter"])
    def test_other_members_still_may_not_record_links(self, cast, actor):
        response = cast.client(actor).post(
            _url(cast, "links_manage"), {"source": cast.lead_a.pk, "target": cast.member_a.pk, "kind": "PA"}
        )
        assert response.status_code == 403 and not StructureLink.objects.exists()


class TestOperationalExpensesSetting:
    def test_a_coordinator_lets_the_operational_team_record_expenses_then_withdraws_it(self, cast):
        revision = Consortium.objects.get(pk=cast.consortium_a.pk).revision
        response = _switch(cast)
        assert response.status_code == 302 and response["Location"].endswith("#operational-expenses")
        assert _setting(cast) is True
        assert RECORD_EXPENSES in held_perms(cast.users["operational"], cast.consortium_a)
        assert Consortium.objects.get(pk=cast.consortium_a.pk).revision > revision
        entry = ActionLog.objects.get(action="role.operational_expenses_allowed")
        assert (entry.actor, entry.consortium_id) == (cast.users["coordinator"], cast.consortium_a.pk)
        page = unescape(cast.client("coordinator").get(_url(cast, "roles")).content.decode())
        assert "Retirer cette autorisation" in page and "Dépenses ouvertes à l'équipe opérationnelle" in page

        assert _switch(cast, allowed="0").status_code == 302
        assert _setting(cast) is False
        assert RECORD_EXPENSES not in held_perms(cast.users["operational"], cast.consortium_a)
        assert ActionLog.objects.filter(action="role.operational_expenses_withdrawn").count() == 1

    def test_it_refuses_the_switch_without_confirmation(self, cast):
        client = cast.client("coordinator")
        response = _switch(cast, confirm=None, client=client)
        assert response.status_code == 302 and _setting(cast) is False
        page = unescape(client.get(response["Location"]).content.decode())
        assert "Cochez « Je confirme » pour continuer." in page
        assert not ActionLog.objects.filter(action__startswith="role.operational_expenses").exists()

    def test_it_refuses_a_garbled_form(self, cast):
        response = cast.client("coordinator").post(_url(cast, "operational_expenses"), {"confirm": "on"})
        assert response.status_code == 302 and _setting(cast) is False
        assert _switch(cast, allowed="maybe").status_code == 302 and _setting(cast) is False

    def test_a_double_submit_or_a_stale_form_changes_nothing_more(self, cast):
        _switch(cast)
        revision = Consortium.objects.get(pk=cast.consortium_a.pk).revision
        assert _switch(cast).status_code == 302  # the same form again, or one left open by another coordinator
        assert _setting(cast) is True
        assert Consortium.objects.get(pk=cast.consortium_a.pk).revision == revision
        assert ActionLog.objects.filter(action="role.operational_expenses_allowed").count() == 1

    @pytest.mark.parametrize("actor", ["operational", "accountant", "governance", "viewer"])
    def test_only_the_coordination_switches_it(self, cast, actor):
        assert _switch(cast, actor=actor).status_code == 403
        assert _setting(cast) is False

    def test_an_outsider_gets_404(self, cast):
        assert _switch(cast, actor="outsider").status_code == 404
        assert _setting(cast) is False


def test_the_operational_role_holds_manage_links_but_not_record_expenses_by_default(cast):
    held = held_perms(cast.users["operational"], cast.consortium_a)
    assert MANAGE_LINKS in held and RECORD_EXPENSES not in held
    assert MANAGE_LINKS in held_perms(cast.users["coordinator"], cast.consortium_a)
    assert MANAGE_LINKS not in held_perms(cast.users["governance"], cast.consortium_a)


BEFORE = [("consortia", "0007_governance_permissions")]
AFTER = [("consortia", "0008_operational_team_work")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_grants_the_new_permissions_to_the_roles_already_held():
    try:
        old = _migrate(BEFORE)
        territory = old.get_model("consortia", "Territory").objects.create(name="T", population=1)
        consortium = old.get_model("consortia", "Consortium").objects.create(name="A", territory=territory)
        User = old.get_model("consortia", "User")
        Role = old.get_model("consortia", "ConsortiumRole")
        people = {}
        for role in ("coordinator", "operational", "accountant", "viewer"):
            people[role] = User.objects.create(email=f"{role}@m.test")
            Role.objects.create(user=people[role], consortium=consortium, role=role)

        new = _migrate(AFTER)
        rows = new.get_model("guardian", "UserObjectPermission").objects.filter(object_pk=str(consortium.pk))
        held = set(rows.values_list("user__email", "permission__codename"))
        assert {email for email, codename in held if codename == "manage_links"} == {
            "coordinator@m.test",
            "operational@m.test",
        }
        assert {email for email, codename in held if codename == "record_expenses"} == {
            "coordinator@m.test",
            "accountant@m.test",
        }
        assert new.get_model("consortia", "Consortium").objects.get().operational_team_records_expenses is False
        _migrate(BEFORE)  # and back: the rows go
        assert (
            not new.get_model("guardian", "UserObjectPermission")
            .objects.filter(permission__codename__in=["manage_links", "record_expenses"])
            .exists()
        )
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())
