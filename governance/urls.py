"""Governance pages, under `/consortia/<id>/governance/` (names in the `governance:` namespace)."""

from django.urls import path

from .views import bodies, meetings, proposals, register, register_actions

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
    # the decision register, follow-ups, corrections, recommendations, attachments (issue 10, register part)
    path("<int:consortium_id>/governance/decisions/", register.decision_list, name="decisions"),
    path("<int:consortium_id>/governance/decisions/export/", register.decision_export, name="decisions_export"),
    path("<int:consortium_id>/governance/decisions/<int:decision_id>/", register.decision_detail, name="decision"),
    path(
        "<int:consortium_id>/governance/decisions/<int:decision_id>/correct/",
        register.decision_correct,
        name="decision_correct",
    ),
    path(
        "<int:consortium_id>/governance/decisions/<int:decision_id>/follow-ups/new/",
        register.follow_up_create,
        name="follow_up_create",
    ),
    path(
        "<int:consortium_id>/governance/follow-ups/<int:follow_up_id>/done/",
        register.follow_up_done,
        name="follow_up_done",
    ),
    path(
        "<int:consortium_id>/governance/bodies/<int:body_id>/recommend/",
        register_actions.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "<int:consortium_id>/governance/proposals/<int:proposal_id>/attachments/",
        register_actions.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "<int:consortium_id>/governance/attachments/<int:attachment_id>/",
        register_actions.attachment_download,
        name="attachment",
    ),
    path(
        "<int:consortium_id>/governance/attachments/<int:attachment_id>/delete/",
        register_actions.attachment_delete,
        name="attachment_delete",
    ),
    # meetings
    path("<int:consortium_id>/governance/meetings/", meetings.meeting_list, name="meetings"),
    path("<int:consortium_id>/governance/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("<int:consortium_id>/governance/meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("<int:consortium_id>/governance/meetings/<int:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/cancel/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path("<int:consortium_id>/governance/meetings/<int:meeting_id>/ics/", meetings.meeting_ics, name="meeting_ics"),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/invite/",
        meetings.meeting_invite,
        name="meeting_invite",
    ),
    path("<int:consortium_id>/governance/meetings/<int:meeting_id>/held/", meetings.meeting_held, name="meeting_held"),
    path("<int:consortium_id>/governance/meetings/<int:meeting_id>/agenda/", meetings.agenda_add, name="agenda_add"),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/agenda/<int:item_id>/move/",
        meetings.agenda_move,
        name="agenda_move",
    ),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/agenda/<int:item_id>/remove/",
        meetings.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/attendance/",
        meetings.attendance,
        name="meeting_attendance",
    ),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/minutes/",
        meetings.minutes,
        name="meeting_minutes",
    ),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/minutes/approve/",
        meetings.minutes_approve,
        name="meeting_minutes_approve",
    ),
    path(
        "<int:consortium_id>/governance/meetings/<int:meeting_id>/decisions/new/",
        meetings.decision_create,
        name="meeting_decision_create",
    ),
]
