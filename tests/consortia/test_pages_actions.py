"""The read pages lead a coordinator to the write pages, and show nothing of them to other roles."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pages(cast):
    a = cast.consortium_a.pk
    return {
        reverse("consortia:members", args=[a]): reverse("consortia:structure_create", args=[a]),
        reverse("consortia:structure", args=[a, cast.member_a.pk]): reverse(
            "consortia:structure_edit", args=[a, cast.member_a.pk]
        ),
        reverse("consortia:network", args=[a]): reverse("consortia:links_manage", args=[a]),
    }


def test_a_coordinator_finds_the_write_pages_from_the_read_pages(cast):
    client = cast.client("coordinator")
    for page, action in _pages(cast).items():
        assert action in client.get(page).content.decode(), page


@pytest.mark.parametrize("actor", ["viewer", "governance", "reviewer"])
def test_other_roles_see_no_write_actions(cast, actor):
    client = cast.client(actor)
    for page, action in _pages(cast).items():
        assert action not in client.get(page).content.decode(), (actor, page)
