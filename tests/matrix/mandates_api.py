"""The mandates API (`/api/v1/consortia/{id}/mandates/`): everyone who sees the consortium reads (AVIQ reviewers
included; anonymous callers 401, outsiders 404); the operational team, the coordination and the admin write (create,
edit a draft, propose it, amend an adopted mandate); other members and the reviewer 403, changing nothing."""

from . import Entry, a, expect, only

PREPARERS = ("coordinator", "operational")
readers = expect(anonymous=401)
ESSENTIALS = {
    "title": "Équipe opérationnelle",
    "purpose": "Soutenir les acteurs du territoire.",
    "responsibilities": "Animer le réseau.",
    "autonomy": "Méthodes et outils.",
    "scope": "Tout le territoire.",
    "composition": "L'équipe financée par le budget OLS.",
}


def _team(cast):
    from governance.services.bodies import body_create

    return body_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "name": "Équipe opérationnelle"}
    )


def _mandate(cast, *, adopted=False):
    from mandates.models import Mandate
    from mandates.services import mandate_create

    mandate = mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": _team(cast), **ESSENTIALS}
    )
    if adopted:
        Mandate.objects.filter(pk=mandate.pk).update(status=Mandate.Status.ADOPTED)
    return mandate


def _draft(cast):
    return a(cast) | {"pk": _mandate(cast).pk}


def _adopted(cast):
    return a(cast) | {"pk": _mandate(cast, adopted=True).pk}


def _with_deciding_body(cast):
    from governance.services.bodies import body_create

    kwargs = _draft(cast)
    body_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"kind": "temporary_governance", "name": "Gouvernance temporaire"},
    )
    return kwargs


def _deciding_body(cast):
    from governance.models import Body

    return {"body": Body.objects.get(consortium=cast.consortium_a, kind="temporary_governance").pk}


def _row_version(cast):
    from mandates.models import Mandate

    return Mandate.objects.get().version


def _mandates(cast):
    from mandates.models import Mandate

    return list(Mandate.objects.order_by("pk").values_list("pk", "status", "title", "number", "version", "proposal"))


ENTRIES = [
    Entry("consortium-mandate-list", readers, kwargs=a, api=True),
    Entry(
        "consortium-mandate-list",
        only(PREPARERS, ok=201, anonymous=401),
        kwargs=a,
        method="post",
        api=True,
        data=lambda cast: {"kind": "facilitator", "title": "Facilitateur·rice"},
        snapshot=_mandates,
    ),
    Entry("consortium-mandate-detail", readers, kwargs=_draft, api=True),
    Entry(
        "consortium-mandate-detail",
        only(PREPARERS, anonymous=401),
        kwargs=_draft,
        method="patch",
        api=True,
        data=lambda cast: {"title": "Équipe opérationnelle (révisé)", "row_version": _row_version(cast)},
        snapshot=_mandates,
    ),
    Entry(
        "consortium-mandate-detail",
        only(PREPARERS, anonymous=401),
        kwargs=_draft,
        method="put",
        api=True,
        data=lambda cast: ESSENTIALS | {"deliverables": "Un rapport annuel.", "row_version": _row_version(cast)},
        snapshot=_mandates,
    ),
    Entry(
        "consortium-mandate-propose",
        only(PREPARERS, anonymous=401),
        kwargs=_with_deciding_body,
        method="post",
        api=True,
        data=_deciding_body,
        snapshot=_mandates,
    ),
    Entry(
        "consortium-mandate-amend",
        only(PREPARERS, ok=201, anonymous=401),
        kwargs=_adopted,
        method="post",
        api=True,
        data=lambda cast: {},
        snapshot=_mandates,
    ),
]


# AVIQ's review of a mandate: everyone who sees the consortium reads it; AVIQ (reviewer, admin) asks and decides,
# the coordination and the operational team transmit; other members 403, changing nothing.
AVIQ_ONLY = only((), anonymous=401, reviewer=None)


def _asked(cast):
    from mandates.review import mandate_review_ask

    mandate = _mandate(cast, adopted=True)
    mandate_review_ask(actor=cast.users["reviewer"], mandate=mandate, reason="Voir la composition.")
    return {"consortium_id": cast.consortium_a.pk, "id": mandate.pk}


def _transmitted(cast):
    from mandates.models import Mandate
    from mandates.review import mandate_review_submit

    kwargs = _asked(cast)
    mandate_review_submit(actor=cast.users["coordinator"], mandate=Mandate.objects.get(pk=kwargs["id"]))
    return kwargs


def _unasked(cast):
    return {"consortium_id": cast.consortium_a.pk, "id": _mandate(cast, adopted=True).pk}


def _reviews(cast):
    from mandates.models import MandateReview

    return sorted(MandateReview.objects.values_list("pk", "status", "mandate_id", "review_comment"))


def _aviq(ok):
    return AVIQ_ONLY | {"reviewer": ok, "admin": ok}


ENTRIES += [
    Entry("mandate-review", readers, kwargs=_asked, api=True),
    Entry(
        "mandate-review-ask",
        _aviq(201),
        kwargs=_unasked,
        method="post",
        api=True,
        data=lambda cast: {"reason": "Voir la composition."},
        snapshot=_reviews,
    ),
    Entry(
        "mandate-review-transmit",
        only(PREPARERS, anonymous=401),
        kwargs=_asked,
        method="post",
        api=True,
        data=lambda cast: {"note": "Version adoptée."},
        snapshot=_reviews,
    ),
    Entry(
        "mandate-review-approve",
        _aviq(200),
        kwargs=_transmitted,
        method="post",
        api=True,
        data=lambda cast: {},
        snapshot=_reviews,
    ),
    Entry(
        "mandate-review-request-changes",
        _aviq(200),
        kwargs=_transmitted,
        method="post",
        api=True,
        data=lambda cast: {"comment": "Précisez l'autonomie."},
        snapshot=_reviews,
    ),
]
