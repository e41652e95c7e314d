"""The move of a structure's contact to its memberships keeps every value (and can be undone)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("consortia", "0002_date_bounds")]
AFTER = [("consortia", "0003_structure_contact_on_membership")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_membership_starts_with_the_contact_its_structure_had():
    try:
        _check_the_contact_moves_and_comes_back()
    finally:
        _migrate(executor_leaf())  # whatever happened, later tests meet the current schema


def _check_the_contact_moves_and_comes_back():
    old = _migrate(BEFORE)
    territory = old.get_model("consortia", "Territory").objects.create(name="T", population=1)
    other = old.get_model("consortia", "Territory").objects.create(name="U", population=1)
    Consortium = old.get_model("consortia", "Consortium")
    a = Consortium.objects.create(name="A", territory=territory)
    b = Consortium.objects.create(name="B", territory=other)
    structure = old.get_model("consortia", "Structure").objects.create(
        name="ASBL",
        legal_form="asbl",
        enterprise_number="0403.123.486",
        sector="PP",
        level="meso",
        contact_name="Anne",
        contact_email="anne@asbl.test",
        contact_phone="081",
        address="Rue 1",
    )
    Membership = old.get_model("consortia", "Membership")
    Membership.objects.create(consortium=a, structure=structure, role="member", is_lead=True)
    Membership.objects.create(consortium=b, structure=structure, role="partner")

    new = _migrate(AFTER)
    contacts = set(
        new.get_model("consortia", "Membership").objects.values_list(
            "consortium__name", "contact_name", "contact_email", "contact_phone", "address"
        )
    )
    assert contacts == {
        ("A", "Anne", "anne@asbl.test", "081", "Rue 1"),
        ("B", "Anne", "anne@asbl.test", "081", "Rue 1"),
    }

    new.get_model("consortia", "Membership").objects.filter(consortium__name="B").update(contact_name="Bob")
    back = _migrate(BEFORE)
    assert back.get_model("consortia", "Structure").objects.get().contact_name == "Anne"  # the lead's contact


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
