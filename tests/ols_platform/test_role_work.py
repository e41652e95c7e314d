"""Every role finds on its home page (and its profile) what it can do today and what is coming to it."""

import pytest
from django.urls import reverse

from consortia.models import ConsortiumRole
from consortia.roles import ROLE_WORK
from consortia.services.roles import role_grant

pytestmark = pytest.mark.django_db


def test_every_role_has_its_work_written():
    assert set(ROLE_WORK) == set(ConsortiumRole.Role.values)
    assert all(work["now"] for work in ROLE_WORK.values())


@pytest.mark.parametrize("role", ConsortiumRole.Role.values)
def test_each_role_sees_its_role_and_its_work_on_the_home_page(cast, role):
    page = cast.client(role).get(reverse("dashboard")).content.decode().replace("&#x27;", "'")
    assert "Vos rôles et ce qu'ils vous permettent" in page
    assert str(ConsortiumRole.Role(role).label) in page
    assert str(ROLE_WORK[role]["now"][0]).replace("'", "'") in page


def test_the_structure_reporter_is_sent_to_their_structure(cast):
    page = cast.client("structure_reporter").get(reverse("dashboard")).content.decode()
    assert reverse("consortia:structure", args=[cast.consortium_a.pk, cast.member_a.pk]) in page


def test_a_new_role_shows_on_the_next_visit_of_the_cached_home_page(cast):
    client = cast.client("viewer")
    assert "Comptable" not in client.get(reverse("dashboard")).content.decode()
    role_grant(actor=None, consortium=cast.consortium_a, user=cast.users["viewer"], role="accountant")
    assert "Comptable" in client.get(reverse("dashboard")).content.decode()


def test_aviq_staff_get_the_programme_not_a_role_list(cast):
    page = cast.client("reviewer").get(reverse("dashboard")).content.decode()
    assert "Vos rôles" not in page


def test_the_profile_lists_the_roles(cast):
    page = cast.client("structure_reporter").get(reverse("profile")).content.decode()
    assert "Rapporteur d" in page and cast.consortium_a.name in page and cast.member_a.name in page
