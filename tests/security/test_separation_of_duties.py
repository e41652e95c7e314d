"""Hole 6 of issue 6: a coordinator could give an AVIQ reviewer (or a platform admin) a consortium role, and the
reviewer then wrote the budget they review. Whoever reviews every consortium holds no role in any of them."""

import pytest
from django.urls import reverse

from consortia.models import ConsortiumRole, User
from consortia.services.roles import role_grant
from consortia.services.users import user_update
from ols_platform.errors import DomainError
from ols_platform.models import ActionLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def roles_page(cast):
    return reverse("consortia:roles", kwargs={"consortium_id": cast.consortium_a.pk})


def roles_api(cast):
    return reverse("consortium-role-list", kwargs={"consortium_id": cast.consortium_a.pk})


def state():
    return (
        sorted(ConsortiumRole.objects.values_list("pk", "user_id", "role")),
        sorted(User.objects.values_list("pk", "aviq_reviewer")),
        ActionLog.objects.count(),
    )


@pytest.mark.parametrize("person", ["reviewer", "admin"])
def test_the_roles_form_refuses_a_role_for_a_reviewer_or_an_admin(cast, person):
    before = state()

    response = cast.client("coordinator").post(
        roles_page(cast), {"email": cast.users[person].email.upper(), "role": "accountant"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "examine les consortia et ne peut pas y recevoir de rôle" in page
    assert state() == before


@pytest.mark.parametrize("person", ["reviewer", "admin"])
def test_the_api_refuses_a_role_for_a_reviewer_or_an_admin(cast, person):
    before = state()

    response = cast.client("coordinator").post(
        roles_api(cast), {"user": cast.users[person].email, "role": "coordinator"}, content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "reviewer_cannot_hold_role"
    assert "ne peut pas y recevoir de rôle" in body["detail"]
    assert body["user"] == [body["detail"]]
    assert state() == before


def test_even_an_admin_cannot_give_a_reviewer_a_role(cast):
    with pytest.raises(DomainError) as refused:
        role_grant(actor=cast.users["admin"], consortium=cast.consortium_a, user=cast.users["reviewer"], role="viewer")

    assert refused.value.code == "reviewer_cannot_hold_role"


def test_the_api_refuses_to_make_a_role_holder_an_aviq_reviewer(cast):
    viewer = cast.users["viewer"]
    before = state()

    response = cast.client("admin").patch(
        reverse("user-detail", kwargs={"pk": viewer.pk}),
        {"global_role": "aviq_reviewer"},
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "reviewer_cannot_hold_role"
    assert "OLS A" in body["detail"] and "Retirez d'abord ces rôles" in body["detail"]
    assert state() == before


def test_a_person_without_roles_becomes_a_reviewer_and_the_change_is_logged(cast):
    person = UserFactory(email="nouvelle@aviq.test")

    user_update(actor=cast.users["admin"], user=person, data={"global_role": "aviq_reviewer"})

    person.refresh_from_db()
    assert person.aviq_reviewer
    entry = ActionLog.objects.get(action="user.global_role_changed")
    assert (entry.actor, entry.target_id, entry.data) == (
        cast.users["admin"],
        person.pk,
        {"global_role": "aviq_reviewer", "previous": None},
    )


def test_a_reviewer_whose_flag_is_removed_may_then_receive_a_role(cast):
    reviewer = cast.users["reviewer"]
    user_update(actor=cast.users["admin"], user=reviewer, data={"global_role": None})

    grant = role_grant(actor=cast.users["coordinator"], consortium=cast.consortium_a, user=reviewer, role="viewer")

    assert grant.user == reviewer
