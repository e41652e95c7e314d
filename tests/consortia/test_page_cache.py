"""The consortium read pages are cached per revision, permissions, language and parameters: a write shows at once,
nobody sees another role's page, and a cached page runs no query of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import Membership, Structure
from consortia.services.memberships import membership_update
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db

PAGES = ["consortia:detail", "consortia:members", "consortia:coverage", "consortia:eligibility"]


def page(cast, name, query=""):
    return reverse(name, args=[cast.consortium_a.pk]) + query


@pytest.mark.parametrize("name", PAGES)
def test_a_cached_page_costs_the_session_the_user_and_the_access_only(cast, name):
    client = cast.client("viewer")
    first = client.get(page(cast, name))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(page(cast, name))
    assert again.status_code == 200
    # The session (from Redis when there is one), the user, the consortium with the reader's permissions: no more.
    opening = ('FROM "django_session"', 'FROM "consortia_user"', 'FROM "consortia_consortium"')
    assert [q["sql"] for q in queries.captured_queries if not any(o in q["sql"] for o in opening)] == []
    assert len(queries.captured_queries) <= 3
    assert again.content.split(b"<main", 1)[1] == first.content.split(b"<main", 1)[1]


def test_a_change_through_the_services_shows_on_the_next_page(cast):
    client = cast.client("viewer")
    assert "status-bad" not in client.get(page(cast, "consortia:members")).content.decode()
    membership = Membership.objects.get(consortium=cast.consortium_a, structure=cast.member_a)

    membership_update(
        actor=cast.users["coordinator"], membership=membership, data={"conflict_of_interest_declared": False}
    )

    assert 'class="status-bad">manquante' in client.get(page(cast, "consortia:members")).content.decode()


def test_a_reader_never_gets_the_page_cached_for_a_role_with_more_rights(cast):
    edit_link = reverse("consortia:membership_edit", args=[cast.consortium_a.pk, 1]).rsplit("/1/", 1)[0]
    assert edit_link in cast.client("coordinator").get(page(cast, "consortia:members")).content.decode()

    assert edit_link not in cast.client("viewer").get(page(cast, "consortia:members")).content.decode()


def test_each_filter_and_page_is_its_own_page(cast):
    client = cast.client("viewer")
    everyone = client.get(page(cast, "consortia:members")).content.decode()
    partners = client.get(page(cast, "consortia:members", "?role=partner")).content.decode()

    assert "ASBL Membre A" in everyone and "ASBL Membre A" not in partners
    assert "Hôpital Partenaire A" in partners


def test_the_english_page_is_not_the_french_one(cast):
    client = cast.client("viewer")
    french = client.get(page(cast, "consortia:coverage")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(page(cast, "consortia:coverage")).content.decode()

    assert "Niveaux × secteurs" in french
    assert "Niveaux × secteurs" not in english


def test_a_made_up_parameter_never_reaches_the_page_others_are_served(cast):
    for n in range(60):  # more than a page of structures, so that the page has page links
        StructureFactory(name=f"Structure {n:02}")
    cast.consortium_a.memberships.model.objects.bulk_create(
        [
            cast.consortium_a.memberships.model(consortium=cast.consortium_a, structure=s, role="partner")
            for s in Structure.objects.filter(name__startswith="Structure ")
        ]
    )
    poisoned = cast.client("viewer").get(page(cast, "consortia:members", "?next=https%3A%2F%2Fevil.example"))
    assert "evil.example" in poisoned.content.decode()  # its own page links keep it, as they keep any parameter

    plain = cast.client("viewer").get(page(cast, "consortia:members")).content.decode()

    assert "evil.example" not in plain


def test_a_very_long_query_is_served_without_the_cache(cast):
    client = cast.client("viewer")
    long_query = "?x=" + "a" * 600
    client.get(page(cast, "consortia:coverage", long_query))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(cast, "consortia:coverage", long_query)).status_code == 200
    assert len(queries.captured_queries) > 3  # computed again: not cached
