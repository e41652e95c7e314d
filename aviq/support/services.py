"""Writes on support requests: a consortium's coordination or operational team asks, AVIQ answers, either side
writes again or closes. Each write locks the request (or the consortium, for a new one), refuses in French, logs
and tells the other side (ols_platform.notifications.notify)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.permissions import is_aviq_staff
from consortia.selectors import aviq_reviewers, coordinators_of
from consortia.services.base import lock_consortium
from ols_platform.audit import author_of, log_action
from ols_platform.errors import DomainError
from ols_platform.notifications import notify

from ..models import MESSAGE_MAX, SUBJECT_MAX, SupportMessage, SupportRequest

OPEN_REQUESTS_MAX = 50  # a consortium's requests waiting for AVIQ at once: more is a loop, not a need


def clean_text(value, *, field: str, maximum: int, label: str) -> str:
    text = str(value if value is not None else "").replace("\x00", "").strip()
    if not text:
        raise DomainError(_("%s est obligatoire.") % label, code="required", field=field)
    if len(text) > maximum:
        raise DomainError(
            _("%(label)s ne peut dépasser %(max)s caractères.")
            % {"label": label, "max": f"{maximum:,}".replace(",", " ")},
            code="too_long",
            field=field,
        )
    return text


def _choice(value, choices, *, field: str, label: str) -> str:
    if value not in choices.values:
        raise DomainError(_("Choisissez %s dans la liste.") % label, code="invalid_choice", field=field)
    return value


def request_url(request: SupportRequest) -> str:
    return f"/consortia/{request.consortium_id}/support/{request.pk}/"


def _consortium_side(request: SupportRequest):
    """The coordination and whoever asked (each once: notify() skips repeats)."""
    return [*coordinators_of(request.consortium_id), request.created_by]


def request_create(*, actor, consortium, data: dict) -> SupportRequest:
    """A consortium asks AVIQ for support. AVIQ staff do not ask on a consortium's behalf."""
    if is_aviq_staff(actor):
        raise DomainError(
            _("L'AVIQ ne se demande pas de soutien : répondez aux demandes des consortia."), code="not_member"
        )
    subject = clean_text(data.get("subject"), field="subject", maximum=SUBJECT_MAX, label=_("L'objet"))
    topic = _choice(data.get("topic"), SupportRequest.Topic, field="topic", label=_("un thème"))
    urgency = _choice(data.get("urgency"), SupportRequest.Urgency, field="urgency", label=_("une urgence"))
    text = clean_text(data.get("text"), field="text", maximum=MESSAGE_MAX, label=_("La demande"))
    with transaction.atomic():
        lock_consortium(consortium.pk)
        waiting = SupportRequest.objects.filter(consortium=consortium, status=SupportRequest.Status.OPEN).count()
        if waiting >= OPEN_REQUESTS_MAX:
            raise DomainError(
                _("Ce consortium a déjà %d demandes en attente de l'AVIQ : complétez l'une d'elles.") % waiting,
                code="too_many_open",
            )
        request = SupportRequest.objects.create(
            consortium=consortium, subject=subject, topic=topic, urgency=urgency, created_by=author_of(actor)
        )
        SupportMessage.objects.create(request=request, author=author_of(actor), text=text)
        log_action(
            "support.requested", actor=actor, target=request, consortium=consortium.pk, data={"urgency": urgency}
        )
        notify(
            aviq_reviewers(),
            kind="support.requested",
            title=_("Demande de soutien de %(consortium)s : %(subject)s")
            % {"consortium": consortium.name, "subject": subject},
            body=text,
            url=request_url(request),
            consortium=consortium.pk,
        )
        return request


def message_add(*, actor, request: SupportRequest, text) -> SupportMessage:
    """A message in the thread: AVIQ's answers the request; the consortium's reopens it for AVIQ."""
    text = clean_text(text, field="text", maximum=MESSAGE_MAX, label=_("Le message"))
    from_aviq = is_aviq_staff(actor)
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == SupportRequest.Status.CLOSED:
            raise DomainError(_("Cette demande est close : ouvrez-en une nouvelle."), code="closed")
        message = SupportMessage.objects.create(
            request=request, author=author_of(actor), from_aviq=from_aviq, text=text
        )
        if from_aviq:
            request.status, request.answered_at = SupportRequest.Status.ANSWERED, timezone.now()
            recipients, title = _consortium_side(request), _("L'AVIQ a répondu à votre demande : %s")
        else:
            request.status = SupportRequest.Status.OPEN
            recipients, title = aviq_reviewers(), _("Nouveau message sur la demande de soutien : %s")
        request.save()
        log_action("support.message", actor=actor, target=request, consortium=request.consortium_id, data={})
        notify(
            recipients,
            kind="support.message",
            title=title % request.subject,
            body=text,
            url=request_url(request),
            consortium=request.consortium_id,
        )
        return message


def request_close(*, actor, request: SupportRequest) -> SupportRequest:
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == SupportRequest.Status.CLOSED:
            raise DomainError(_("Cette demande est déjà close."), code="closed")
        request.status, request.closed_at = SupportRequest.Status.CLOSED, timezone.now()
        request.save()
        log_action("support.closed", actor=actor, target=request, consortium=request.consortium_id, data={})
        return request
