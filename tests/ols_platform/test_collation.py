"""Names sort in French (ols_platform/collation.py): on the database in use (SQLite or PostgreSQL) and in Python."""

import pytest
from django.urls import reverse

from budget import grouping
from budget.models import Budget
from consortia.models import Consortium, Structure
from consortia.network import Node, analyse
from consortia.services.roles import role_grant
from ols_platform.collation import french, french_key
from tests.factories import ConsortiumFactory, MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db

FRENCH_ORDER = [
    "abri de nuit",
    "Cabinet médical",
    "Centre de Coordination",
    "Centre Hospitalier",
    "CPAS de Ville",
    "Épicerie sociale",
    "Zèbre ASBL",
]
# Created in this order, so that neither the ids nor the byte order of the names give the French one.
CREATED = ["Zèbre ASBL", "CPAS de Ville", "Épicerie sociale", "Centre Hospitalier", "abri de nuit", "Cabinet médical"]
CREATED.append("Centre de Coordination")


def in_order_of(text: str, names) -> list[str]:
    """The names as they appear in `text`."""
    return sorted(names, key=text.index)


@pytest.fixture
def consortium(cast):
    consortium = ConsortiumFactory(name="OLS Tri")
    for name in CREATED:
        MembershipFactory(consortium=consortium, structure=StructureFactory(name=name, level="meso"))
    role_grant(actor=None, consortium=consortium, user=cast.user("viewer"), role="viewer")
    return consortium


def test_the_key_sorts_names_in_french():
    assert sorted(CREATED, key=french_key) == FRENCH_ORDER
    assert sorted(["côte", "Cote", "cote", "coté"], key=french_key) == ["cote", "Cote", "coté", "côte"]
    assert sorted(["Oeuvre", "Œuvre sociale", "Ofni"], key=french_key) == ["Oeuvre", "Œuvre sociale", "Ofni"]


def test_the_database_sorts_names_in_french(consortium):
    structures = Structure.objects.filter(name__in=CREATED)

    assert list(structures.order_by(french("name").asc()).values_list("name", flat=True)) == FRENCH_ORDER
    assert list(structures.order_by(french("name").desc()).values_list("name", flat=True)) == FRENCH_ORDER[::-1]
    assert [s.name for s in structures] == FRENCH_ORDER  # the model's own ordering


def test_the_members_page_lists_structures_in_french_order(cast, consortium):
    response = cast.client("viewer").get(reverse("consortia:members", args=[consortium.pk]))

    assert response.status_code == 200
    assert [m.structure.name for m in response.context["rows"]] == FRENCH_ORDER


def test_the_api_lists_structures_in_french_order(cast, consortium):
    response = cast.client("viewer").get(reverse("structure-list"))

    names = [row["name"] for row in response.json()["results"]]
    assert [name for name in names if name in FRENCH_ORDER] == FRENCH_ORDER


def test_the_dashboard_lists_consortia_in_french_order(cast):
    for name in CREATED:
        ConsortiumFactory(name=name)

    page = cast.client("reviewer").get(reverse("dashboard")).content.decode()

    assert in_order_of(page, CREATED) == FRENCH_ORDER
    assert list(Consortium.objects.filter(name__in=CREATED).values_list("name", flat=True)) == FRENCH_ORDER


def test_the_network_orders_its_nodes_in_french():
    nodes = [Node(index, name) for index, name in enumerate(CREATED)]

    assert [node.label for node in analyse(nodes, []).nodes] == FRENCH_ORDER


def test_the_budget_groups_structures_in_french_order_and_finds_each_ones_place(consortium):
    budget = Budget.objects.create(consortium=consortium)

    groups = [row["name"] for row in grouping.structure_groups(consortium, budget)]

    assert groups == FRENCH_ORDER
    for position, name in enumerate(FRENCH_ORDER):
        structure = Structure.objects.get(name=name)
        assert grouping.structure_group_position(consortium, budget, structure) == position
