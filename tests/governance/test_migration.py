"""Migration consortia 0007 gives the governance permissions to the people already holding the roles that grant them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.consortia.test_operational_team import _migrate

BEFORE = [("consortia", "0006_french_ordering")]
AFTER = [("consortia", "0007_governance_permissions")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_grants_the_governance_permissions_to_the_roles_already_held():
    try:
        old = _migrate(BEFORE)
        territory = old.get_model("consortia", "Territory").objects.create(name="T", population=1)
        consortium = old.get_model("consortia", "Consortium").objects.create(name="A", territory=territory)
        User = old.get_model("consortia", "User")
        Role = old.get_model("consortia", "ConsortiumRole")
        for role in ("coordinator", "operational", "governance", "viewer"):
            Role.objects.create(user=User.objects.create(email=f"{role}@m.test"), consortium=consortium, role=role)

        new = _migrate(AFTER)
        rows = new.get_model("guardian", "UserObjectPermission").objects.filter(object_pk=str(consortium.pk))
        held = set(rows.values_list("user__email", "permission__codename"))
        assert {email for email, codename in held if codename == "manage_governance"} == {"coordinator@m.test"}
        assert {email for email, codename in held if codename == "prepare_decisions"} == {
            "coordinator@m.test",
            "operational@m.test",
        }
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())
