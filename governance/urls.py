"""Governance pages, under `/consortia/<id>/governance/` (names in the `governance:` namespace)."""

from django.urls import path

from .views import bodies, proposals

app_name = "governance"

urlpatterns = [
    path("<int:consortium_id>/governance/", bodies.home, name="home"),
    # bodies and seats
    path("<int:consortium_id>/governance/bodies/new/", bodies.body_create, name="body_create"),
    path("<int:consortium_id>/governance/bodies/<int:body_id>/", bodies.body, name="body"),
    path("<int:consortium_id>/governance/bodies/<int:body_id>/edit/", bodies.body_edit, name="body_edit"),
    path("<int:consortium_id>/governance/bodies/<int:body_id>/archive/", bodies.body_archive, name="body_archive"),
    path("<int:consortium_id>/governance/bodies/<int:body_id>/seats/new/", bodies.seat_create, name="seat_create"),
    path("<int:consortium_id>/governance/seats/<int:seat_id>/edit/", bodies.seat_edit, name="seat_edit"),
    path("<int:consortium_id>/governance/seats/<int:seat_id>/archive/", bodies.seat_archive, name="seat_archive"),
    # proposals and votes
    path("<int:consortium_id>/governance/proposals/", proposals.proposal_list, name="proposals"),
    path("<int:consortium_id>/governance/proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("<int:consortium_id>/governance/proposals/<int:proposal_id>/", proposals.proposal_detail, name="proposal"),
    path(
        "<int:consortium_id>/governance/proposals/<int:proposal_id>/edit/",
        proposals.proposal_edit,
        name="proposal_edit",
    ),
    path(
        "<int:consortium_id>/governance/proposals/<int:proposal_id>/open/",
        proposals.proposal_open,
        name="proposal_open",
    ),
    path(
        "<int:consortium_id>/governance/proposals/<int:proposal_id>/close/",
        proposals.proposal_close,
        name="proposal_close",
    ),
    path(
        "<int:consortium_id>/governance/proposals/<int:proposal_id>/vote/",
        proposals.proposal_vote,
        name="proposal_vote",
    ),
    path(
        "<int:consortium_id>/governance/votes/<int:vote_id>/answer/",
        proposals.objection_answer,
        name="objection_answer",
    ),
]
