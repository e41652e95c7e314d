"""`/api/v1/consortia/{consortium_id}/bodies/`, `…/proposals/` (+ `…/{id}/open/`, `…/{id}/close/`),
`…/proposals/{proposal_id}/votes/`, `…/decisions/` and `…/meetings/`."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api, api_bodies, api_register

in_consortium = SimpleRouter()
in_consortium.register("bodies", api_bodies.BodyViewSet, basename="consortium-body")
in_consortium.register("proposals", api.ProposalViewSet, basename="consortium-proposal")
in_consortium.register(r"proposals/(?P<proposal_id>[^/.]+)/votes", api.VoteViewSet, basename="consortium-proposal-vote")
in_consortium.register("decisions", api_register.DecisionViewSet, basename="consortium-decision")
in_consortium.register("meetings", api_register.MeetingViewSet, basename="consortium-meeting")

urlpatterns = [
    # `str`, not `int`: a malformed id reaches the gate, which answers a JSON 404 like every other API miss.
    path("consortia/<str:consortium_id>/", include(in_consortium.urls)),
]
