"""Writes on practice sheets: written by a consortium's coordination or operational team (blank or from one of its
learning cycles), published with an explicit confirmation, withdrawn. A published sheet no longer changes: withdraw
it, edit, publish again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.services.base import lock_consortium
from ols_platform.audit import author_of, log_action
from ols_platform.errors import DomainError
from ols_platform.validators import object_id
from reporting.models import LearningCycle

from ..models import SUBJECT_MAX, TEXT_MAX, PracticeSheet
from .services import clean_text

FIELDS = (
    ("title", SUBJECT_MAX, True),
    ("context", TEXT_MAX, True),
    ("practice", TEXT_MAX, True),
    ("lessons", TEXT_MAX, True),
    ("contact", SUBJECT_MAX, False),
)


def _values(data: dict) -> dict:
    values = {}
    for name, maximum, required in FIELDS:
        raw = data.get(name)
        if not required and not str(raw or "").strip():
            values[name] = ""
            continue
        values[name] = clean_text(
            raw, field=name, maximum=maximum, label=PracticeSheet._meta.get_field(name).verbose_name
        )
    return values


def cycle_of(consortium, cycle_id) -> LearningCycle | None:
    """One of the consortium's learning cycles, or a refusal (another consortium's cycle is not found)."""
    if cycle_id in (None, ""):
        return None
    cycle = LearningCycle.objects.filter(consortium=consortium, pk=object_id(cycle_id) or 0).first()
    if cycle is None:
        raise DomainError(
            _("Choisissez un cycle d'apprentissage de ce consortium."), code="invalid", field="learning_cycle"
        )
    return cycle


def prefill(cycle: LearningCycle) -> dict:
    """A new sheet's text drawn from a learning cycle (the team edits it before publishing)."""
    return {
        "title": cycle.title,
        "context": cycle.question or cycle.plan,
        "practice": "\n\n".join(part for part in (cycle.plan, cycle.do) if part),
        "lessons": "\n\n".join(part for part in (cycle.study, cycle.act) if part),
        "learning_cycle": cycle.pk,
    }


def sheet_save(*, actor, consortium, data: dict, sheet: PracticeSheet | None = None) -> PracticeSheet:
    values = _values(data)
    cycle = cycle_of(consortium, data.get("learning_cycle"))
    with transaction.atomic():
        lock_consortium(consortium.pk)
        if sheet is not None:
            sheet = PracticeSheet.objects.select_for_update().get(pk=sheet.pk, consortium=consortium)
            if sheet.status == PracticeSheet.Status.PUBLISHED:
                raise DomainError(_("Cette fiche est publiée : retirez-la avant de la modifier."), code="published")
        else:
            sheet = PracticeSheet(consortium=consortium, created_by=author_of(actor))
        for name, value in values.items():
            setattr(sheet, name, value)
        sheet.learning_cycle = cycle
        sheet.save()
        log_action("practice.saved", actor=actor, target=sheet, consortium=consortium.pk)
        return sheet


def sheet_publish(*, actor, sheet: PracticeSheet, published: bool) -> PracticeSheet:
    with transaction.atomic():
        sheet = PracticeSheet.objects.select_for_update().get(pk=sheet.pk)
        target = PracticeSheet.Status.PUBLISHED if published else PracticeSheet.Status.WITHDRAWN
        if sheet.status == target:
            raise DomainError(_("La fiche est déjà %s.") % sheet.get_status_display().lower(), code="unchanged")
        if not published and sheet.status != PracticeSheet.Status.PUBLISHED:
            raise DomainError(_("Seule une fiche publiée peut être retirée."), code="not_published")
        sheet.status = target
        if published:
            sheet.published_at = timezone.now()
        sheet.save()
        log_action(f"practice.{target}", actor=actor, target=sheet, consortium=sheet.consortium_id)
        return sheet
