"""Writes on the activity log: create, update (optimistic locking on `version`), delete an activity, add or remove
an attachment.

Every write locks the consortium, checks everything before changing anything (a refusal is the one `DomainError`,
in French, naming its field), saves with its author (history), writes an audit entry and bumps the consortium's
revision.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.models import LIFE_DATE_WINDOW, LifeBasin, Membership
from consortia.services.base import bump_revision, lock_consortium
from ols_platform.audit import as_actor, log_action
from ols_platform.concurrency import check_version, next_version
from ols_platform.errors import DomainError
from ols_platform.files import JUSTIFICATION, check_upload, safe_name
from ols_platform.validators import object_id

from ..models.activity import (
    NARRATIVE_MAX,
    TITLE_MAX,
    ActionLogic,
    Activity,
    ActivityAttachment,
    ActivityKind,
    TransversalFunction,
)

PARTICIPANTS_MAX = 100_000
PARTICIPANTS_TEXT_MAX = 500
ATTACHMENTS_MAX = 20
FIELDS = ("date", "kind", "title", "logic", "function", "life_basin", "participants_count", "participants", "narrative")


def refuse(message: str, *, code: str = "invalid", field: str | None = None, **params):
    raise DomainError(message, code=code, field=field, params=params)


def _text(data, name, *, maximum: int, required: bool = False, label: str = "") -> str:
    value = data.get(name)
    value = "" if value is None else value
    if not isinstance(value, str):
        refuse(_("Ce champ doit être un texte."), field=name)
    value = value.strip()
    if required and not value:
        refuse(_("Indiquez %s.") % label, code="required", field=name)
    if len(value) > maximum:
        refuse(
            _("%(label)s : au plus %(max)d caractères (%(n)d saisis).")
            % {"label": label[:1].upper() + label[1:], "max": maximum, "n": len(value)},
            code="too_long",
            field=name,
        )
    if "\x00" in value:
        refuse(_("Ce texte contient un caractère invalide."), field=name)
    return value


def _choice(data, name, choices, *, label: str, blank: bool = False) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str):
        value = ""
    if blank and not value:
        return ""
    if value not in choices.values:
        refuse(_("Choisissez %s dans la liste.") % label, code="invalid_choice", field=name)
    return value


def _date(data) -> datetime.date:
    value = data.get("date")
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        refuse(_("Indiquez la date de l'activité (jj/mm/aaaa)."), code="required", field="date")
    try:
        LIFE_DATE_WINDOW(value)
    except ValidationError as exc:
        refuse(str(exc.messages[0]), code="date_out_of_range", field="date")
    return value


def _count(data):
    value = data.get("participants_count")
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        refuse(_("Le nombre de participants doit être un nombre entier."), field="participants_count")
    if value < 0:
        refuse(_("Le nombre de participants ne peut pas être négatif."), field="participants_count")
    if value > PARTICIPANTS_MAX:
        refuse(
            _("Le nombre de participants dépasse %s : vérifiez la saisie.") % f"{PARTICIPANTS_MAX:,}".replace(",", " "),
            field="participants_count",
        )
    return value


def _life_basin(consortium, value):
    if value in (None, ""):
        return None
    pk = object_id(value)
    basin = LifeBasin.objects.filter(pk=pk, territory_id=consortium.territory_id).first() if pk else None
    if basin is None:
        refuse(
            _("Ce bassin de vie n'est pas dans le territoire du consortium."), code="does_not_exist", field="life_basin"
        )
    return basin


def _structures(consortium, values) -> list[int]:
    if values is None:
        return []
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        refuse(_("Choisissez les structures dans la liste."), field="structures")
    ids = []
    for value in values:
        pk = object_id(value)
        if pk is None:
            refuse(_("Choisissez les structures dans la liste."), code="does_not_exist", field="structures")
        ids.append(pk)
    ids = sorted(set(ids))
    known = set(
        Membership.objects.filter(consortium=consortium, structure_id__in=ids).values_list("structure_id", flat=True)
    )
    if len(known) != len(ids):
        refuse(
            _("Une des structures choisies n'est ni membre ni partenaire de ce consortium."),
            code="does_not_exist",
            field="structures",
        )
    return ids


def clean(consortium, data: dict) -> tuple[dict, list[int] | None]:
    """The activity's values checked, or a `DomainError` naming the first wrong field; the structures' ids (None:
    not given)."""
    values = {
        "date": _date(data),
        "kind": _choice(data, "kind", ActivityKind, label=_("le type d'activité")),
        "title": _text(data, "title", maximum=TITLE_MAX, required=True, label=_("l'intitulé")),
        "logic": _choice(data, "logic", ActionLogic, label=_("la logique d'action")),
    }
    function = _choice(data, "function", TransversalFunction, label=_("la fonction transversale"), blank=True)
    if values["logic"] == ActionLogic.TRANSVERSAL and not function:
        refuse(
            _("Une activité d'une fonction de soutien transversale indique laquelle des cinq fonctions."),
            code="required",
            field="function",
        )
    if values["logic"] != ActionLogic.TRANSVERSAL and function:
        refuse(
            _("Seule une activité de la logique « fonction de soutien transversale » indique une fonction."),
            code="invalid",
            field="function",
        )
    values["function"] = function
    values["life_basin"] = _life_basin(consortium, data.get("life_basin"))
    values["participants_count"] = _count(data)
    values["participants"] = _text(
        data, "participants", maximum=PARTICIPANTS_TEXT_MAX, label=_("les participants / publics")
    )
    values["narrative"] = _text(data, "narrative", maximum=NARRATIVE_MAX, label=_("le récit"))
    structures = _structures(consortium, data.get("structures")) if "structures" in data else None
    return values, structures


def _audit(action, actor, activity):
    log_action(
        action,
        actor=actor,
        target=activity,
        consortium=activity.consortium_id,
        data={"date": activity.date.isoformat() if activity.date else None, "title": activity.title},
    )


def activity_create(*, actor, consortium, data: dict) -> Activity:
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        values, structures = clean(consortium, data)
        activity = Activity(
            consortium=consortium, created_by=actor if getattr(actor, "is_authenticated", False) else None, **values
        )
        as_actor(activity, actor).save()
        activity.structures.set(structures or [])
        _audit("activity.created", actor, activity)
        bump_revision([consortium.pk])
        return activity


def activity_update(*, actor, activity: Activity, data: dict, expected_version: int | None) -> Activity:
    """`data` holds every field of the form (a PATCH merges the current values in first)."""
    with transaction.atomic():
        consortium = lock_consortium(activity.consortium_id)
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        check_version(activity, expected_version, label=_("l'activité « %s »") % activity.title)
        values, structures = clean(consortium, data)
        for name, value in values.items():
            setattr(activity, name, value)
        next_version(activity)
        as_actor(activity, actor).save()
        if structures is not None:
            activity.structures.set(structures)
        _audit("activity.updated", actor, activity)
        bump_revision([consortium.pk])
        return activity


def activity_delete(*, actor, activity: Activity, expected_version: int | None = None) -> None:
    with transaction.atomic():
        lock_consortium(activity.consortium_id)
        activity = Activity.objects.select_for_update().filter(pk=activity.pk).first()
        if activity is None:
            refuse(_("Cette activité a déjà été supprimée."), code="does_not_exist")
        check_version(activity, expected_version, label=_("l'activité « %s »") % activity.title)
        _audit("activity.deleted", actor, activity)
        files = [attachment.file for attachment in activity.attachments.all()]
        as_actor(activity, actor).delete()
        bump_revision([activity.consortium_id])
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])


def attachment_add(*, actor, activity: Activity, file) -> ActivityAttachment:
    """Attach a document (PDF, image, Word, Excel; type checked by content; at most 5 MB)."""
    if file is None:
        refuse(_("Choisissez un fichier à joindre."), code="required", field="file")
    check_upload(file, JUSTIFICATION, field="file")
    with transaction.atomic():
        lock_consortium(activity.consortium_id)
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.attachments.count() >= ATTACHMENTS_MAX:
            refuse(
                _("Une activité a au plus %d pièces jointes : retirez-en une d'abord.") % ATTACHMENTS_MAX,
                code="too_many",
                field="file",
            )
        name = safe_name(file.name)
        attachment = ActivityAttachment(activity=activity, filename=name, size=file.size, uploaded_by=actor)
        if not getattr(actor, "is_authenticated", False):
            attachment.uploaded_by = None
        attachment.file.save(name, file, save=False)
        saved = attachment.file
        try:
            attachment.save()
        except Exception:
            saved.delete(save=False)
            raise
        log_action(
            "activity.attachment_added",
            actor=actor,
            target=activity,
            consortium=activity.consortium_id,
            data={"filename": name, "size": attachment.size},
        )
        bump_revision([activity.consortium_id])
        return attachment


def attachment_remove(*, actor, attachment: ActivityAttachment) -> None:
    with transaction.atomic():
        lock_consortium(attachment.activity.consortium_id)
        attachment = ActivityAttachment.objects.select_related("activity").filter(pk=attachment.pk).first()
        if attachment is None:
            refuse(_("Cette pièce jointe a déjà été retirée."), code="does_not_exist")
        stored = attachment.file
        log_action(
            "activity.attachment_removed",
            actor=actor,
            target=attachment.activity,
            consortium=attachment.activity.consortium_id,
            data={"filename": attachment.filename},
        )
        attachment.delete()
        bump_revision([attachment.activity.consortium_id])
        transaction.on_commit(lambda: stored.delete(save=False))
