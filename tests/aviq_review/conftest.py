"""A submitted budget of consortium A (two lines, compliant) to review, and a login per actor of the fixed cast."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from budget import services
from budget.models import Budget
from tests.budget.conftest import add_line
from tests.governance.conftest import gov  # noqa: F401 — the governance cast, to adopt the mandates AVIQ asks for


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def submitted_budget(cast, personnel="80000.00", operating="20000.00") -> Budget:
    staff = add_line(cast, personnel)
    add_line(cast, operating, category="operating", year=2, label="Loyer")
    return services.budget_submit(actor=cast.users["coordinator"], budget=staff.budget, note="Première version")


@pytest.fixture
def budget(cast):
    return submitted_budget(cast)


@pytest.fixture
def login(cast):
    def client_for(actor: str) -> Client:
        client = Client()
        client.force_login(cast.users[actor])
        return client

    return client_for


@pytest.fixture
def api(cast):
    def client_for(actor: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(cast.users[actor])
        return client

    return client_for
