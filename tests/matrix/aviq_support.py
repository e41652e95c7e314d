"""Support requests: every member reads the consortium's requests (AVIQ too); the coordination and the operational
team ask, write and close; AVIQ answers and closes; AVIQ's list of every request is AVIQ's only."""

from . import Entry, a, expect, only
from .aviq_review import AVIQ

WRITERS = ("coordinator", "operational")


def _request(cast):
    from aviq.support.services import request_create

    created = request_create(
        actor=cast.users["coordinator"],
        consortium=cast.consortium_a,
        data={"subject": "Budget", "topic": "budget", "urgency": "normal", "text": "Question"},
    )
    return a(cast) | {"request_id": created.pk}


def _state(cast):
    from aviq.models import SupportMessage, SupportRequest

    return list(SupportRequest.objects.values_list("pk", "status")), SupportMessage.objects.count()


ENTRIES = [
    Entry("support:list", expect(), kwargs=a),
    Entry(
        "support:list",
        only(WRITERS, ok=302, admin=403),  # AVIQ staff answer requests; they do not ask
        kwargs=a,
        method="post",
        data=lambda cast: {"subject": "Aide", "topic": "budget", "urgency": "normal", "text": "Merci"},
        snapshot=_state,
    ),
    Entry("support:request", expect(), kwargs=_request),
    Entry(
        "support:request",
        only(WRITERS, ok=302, reviewer=302),
        kwargs=_request,
        method="post",
        data=lambda cast: {"text": "Réponse"},
        snapshot=_state,
    ),
    Entry("support:close", only(WRITERS, ok=302, reviewer=302), kwargs=_request, method="post", snapshot=_state),
    Entry("support:aviq", AVIQ),
]
