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


def _sheet(cast, publish=False):
    from aviq.support.practices import sheet_publish, sheet_save

    data = {"title": "Fiche", "context": "Contexte", "practice": "Essai", "lessons": "Leçons"}
    sheet = sheet_save(actor=None, consortium=cast.consortium_a, data=data)
    if publish:
        sheet_publish(actor=None, sheet=sheet, published=True)
    return sheet


def _draft_sheet(cast):
    return a(cast) | {"sheet_id": _sheet(cast).pk}


def _published(cast):
    return {"sheet_id": _sheet(cast, publish=True).pk}


def _sheets(cast):
    from aviq.models import PracticeSheet

    return list(PracticeSheet.objects.values_list("pk", "status", "title"))


SHEET = {"title": "Accueil", "context": "Contexte", "practice": "Essai", "lessons": "Leçons"}
READERS_EVERYWHERE = expect(outsider=200)  # every member of any consortium (B's coordinator too) and AVIQ

ENTRIES += [
    Entry("support:practices", expect(), kwargs=a),
    Entry(
        "support:practices",
        only(WRITERS, ok=302),
        kwargs=a,
        method="post",
        data=lambda cast: SHEET,
        snapshot=_sheets,
    ),
    Entry("support:practice_edit", only(WRITERS), kwargs=_draft_sheet),
    Entry(
        "support:practice_edit",
        only(WRITERS, ok=302),
        kwargs=_draft_sheet,
        method="post",
        data=lambda cast: SHEET,
        snapshot=_sheets,
    ),
    Entry(
        "support:practice_publish",
        only(WRITERS, ok=302),
        kwargs=_draft_sheet,
        method="post",
        data=lambda cast: {"confirm": "1"},
        snapshot=_sheets,
    ),
    Entry("support:library", READERS_EVERYWHERE),
    Entry("support:library_sheet", READERS_EVERYWHERE, kwargs=_published),
]


# The API: the same rules (anonymous callers 401).
def _request_api(cast):
    return a(cast) | {"pk": _request(cast)["request_id"]}


ENTRIES += [
    Entry("consortium-support-request-list", expect(anonymous=401), kwargs=a, api=True),
    Entry(
        "consortium-support-request-list",
        only(WRITERS, ok=201, anonymous=401, admin=403),
        kwargs=a,
        method="post",
        api=True,
        data=lambda cast: {"subject": "Aide", "topic": "budget", "urgency": "normal", "text": "Merci"},
        snapshot=_state,
    ),
    Entry("consortium-support-request-detail", expect(anonymous=401), kwargs=_request_api, api=True),
    Entry(
        "consortium-support-request-messages",
        only(WRITERS, ok=201, anonymous=401, reviewer=201),
        kwargs=_request_api,
        method="post",
        api=True,
        data=lambda cast: {"text": "Réponse"},
        snapshot=_state,
    ),
    Entry(
        "consortium-support-request-close",
        only(WRITERS, ok=200, anonymous=401, reviewer=200),
        kwargs=_request_api,
        method="post",
        api=True,
        snapshot=_state,
    ),
    Entry("support-request-list", AVIQ | {"anonymous": 401}, api=True),
    Entry("practice-list", READERS_EVERYWHERE | {"anonymous": 401}, api=True),
    Entry(
        "practice-detail",
        READERS_EVERYWHERE | {"anonymous": 401},
        kwargs=lambda cast: {"pk": _published(cast)["sheet_id"]},
        api=True,
    ),
]
