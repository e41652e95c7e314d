"""Writes on the evaluation deliverable: a step's narrative, status and progress (optimistic locking), its evidence
(an activity, a decision or an adopted mandate of the same consortium, or an https link), the priority projects and
the learning cycles.

Every write locks the consortium, checks, saves and bumps the consortium's revision; a refusal is the one
`DomainError`, with a French message, and changes nothing.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from consortia.services.base import bump_revision
from governance.models import Decision
from mandates.models import Mandate
from ols_platform.audit import log_action
from ols_platform.concurrency import check_version, next_version
from ols_platform.errors import DomainError

from .deliverable_workflow import lock_open_deliverable
from .models import Activity
from .models.deliverable import (
    DATA_KINDS,
    NARRATIVE_MAX,
    PDSA,
    STEP_NUMBERS,
    TEXT_MAX,
    TITLE_MAX,
    URL_MAX,
    CycleStatus,
    DeliverableStep,
    EvidenceKind,
    LearningCycle,
    PriorityProject,
    ProjectOrigin,
    ProjectStatus,
    StepEvidence,
    StepStatus,
)

PROJECTS_MAX = 100  # a consortium's priority projects: more is a typing accident, not a plan
CYCLES_MAX = 100


def refuse(message: str, *, code: str = "invalid", field: str | None = None):
    raise DomainError(message, code=code, field=field)


def _text(value, *, maximum: int, field: str, label: str, required=False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        refuse(_("%s : texte attendu.") % label, field=field)
    value = value.replace("\x00", "").strip()
    if required and not value:
        refuse(_("Indiquez %s.") % label.lower(), code="required", field=field)
    if len(value) > maximum:
        refuse(
            _("%(label)s : %(n)d caractères au plus (vous en avez écrit %(m)d).")
            % {"label": label, "n": maximum, "m": len(value)},
            code="too_long",
            field=field,
        )
    return value


def _percent(value, *, field: str = "progress") -> int:
    if isinstance(value, bool) or value in (None, ""):
        refuse(_("Indiquez l'avancement, de 0 à 100 %."), code="required", field=field)
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit() and len(value) <= 3):
            refuse(_("L'avancement est un nombre entier de 0 à 100."), field=field)
        value = int(value)
    if not isinstance(value, int) or not 0 <= value <= 100:
        refuse(_("L'avancement est un nombre entier de 0 à 100."), field=field)
    return value


def _choice(value, choices, *, field: str, label: str) -> str:
    if value not in choices.values:
        refuse(_("%s : valeur inconnue.") % label, field=field)
    return value


def _date(value, *, field: str):
    if value in (None, ""):
        return None
    if not isinstance(value, datetime.date):
        refuse(_("Date illisible : écrivez-la jj/mm/aaaa."), field=field)
    if not datetime.date(2020, 1, 1) <= value <= datetime.date(2040, 12, 31):
        refuse(_("Cette date sort de la période du programme."), field=field)
    return value


# --- steps ------------------------------------------------------------------------------------------------------


def _step_number(number) -> int:
    if isinstance(number, bool) or number not in STEP_NUMBERS:
        refuse(_("Le livrable compte cinq étapes, numérotées de 1 à 5."), code="not_found", field="number")
    return number


def _locked_step(consortium_id: int, number: int) -> DeliverableStep:
    """The step, created on its first write, locked (the consortium is locked by the caller)."""
    step, _created = DeliverableStep.objects.get_or_create(consortium_id=consortium_id, number=number)
    return DeliverableStep.objects.select_for_update().get(pk=step.pk)


def step_update(*, actor, consortium, number: int, data: dict, expected_version: int | None) -> DeliverableStep:
    """A step's narrative (Markdown), status and progress. A step marked done is at 100 %; one not started, at 0."""
    number = _step_number(number)
    narrative = _text(data.get("narrative"), maximum=NARRATIVE_MAX, field="narrative", label=_("Récit"))
    status = _choice(data.get("status"), StepStatus, field="status", label=_("Statut"))
    progress = _percent(data.get("progress"))
    if status == StepStatus.DONE and progress != 100:
        refuse(_("Une étape terminée est avancée à 100 %."), code="progress_status", field="progress")
    if status == StepStatus.NOT_STARTED and progress != 0:
        refuse(_("Une étape pas commencée est avancée à 0 % : choisissez « En cours »."), field="status")
    with transaction.atomic():
        lock_open_deliverable(consortium.pk)
        step = _locked_step(consortium.pk, number)
        check_version(step, expected_version, label=_("l'étape %d") % number)
        step.narrative, step.status, step.progress = narrative, status, progress
        step.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        next_version(step)
        step.save()
        log_action("deliverable.step_updated", actor=actor, target=step, consortium=consortium.pk)
        bump_revision([consortium.pk])
        return step


def _evidence_target(consortium, kind: str, target_id):
    """The activity, decision or adopted mandate of this consortium that `target_id` names, else a refusal (an id of
    another consortium reads as unknown)."""
    if isinstance(target_id, bool) or not isinstance(target_id, int | str):
        target_id = None
    if isinstance(target_id, str):
        target_id = int(target_id) if target_id.isascii() and target_id.isdigit() and len(target_id) < 12 else None
    queries = {
        EvidenceKind.ACTIVITY: (Activity.objects.all(), _("Cette activité n'existe pas dans ce consortium.")),
        EvidenceKind.DECISION: (Decision.objects.all(), _("Cette décision n'est pas au registre de ce consortium.")),
        EvidenceKind.MANDATE: (
            Mandate.objects.filter(status=Mandate.Status.ADOPTED),
            _("Ce mandat n'est pas un mandat adopté de ce consortium."),
        ),
    }
    queryset, message = queries[kind]
    if target_id is None:
        refuse(_("Choisissez l'élément à lier comme preuve."), code="required", field="target")
    target = queryset.filter(consortium=consortium, pk=target_id).first()
    if target is None:
        refuse(message, code="not_found", field="target")
    return target


def evidence_add(*, actor, consortium, number: int, data: dict) -> StepEvidence:
    """A piece of evidence for the step: `kind` and `target` (an id), or `kind` "link" with `title` and `url`."""
    number = _step_number(number)
    kind = _choice(data.get("kind"), EvidenceKind, field="kind", label=_("Type de preuve"))
    evidence = StepEvidence(kind=kind, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    with transaction.atomic():
        lock_open_deliverable(consortium.pk)
        if kind == EvidenceKind.LINK:
            evidence.title = _text(
                data.get("title"), maximum=TITLE_MAX, field="title", label=_("Intitulé"), required=True
            )
            url = _text(data.get("url"), maximum=URL_MAX, field="url", label=_("Adresse"), required=True)
            if not url.startswith("https://") or len(url) < 12 or any(c.isspace() for c in url):
                refuse(_("L'adresse doit commencer par https:// (un lien sécurisé)."), field="url")
            evidence.url = url
        else:
            setattr(evidence, kind, _evidence_target(consortium, kind, data.get("target")))
        step = _locked_step(consortium.pk, number)
        evidence.step = step
        if kind != EvidenceKind.LINK and StepEvidence.objects.filter(step=step, **{kind: evidence.target}).exists():
            refuse(_("Cette preuve est déjà liée à l'étape."), code="duplicate", field="target")
        evidence.save()
        log_action("deliverable.evidence_added", actor=actor, target=evidence, consortium=consortium.pk)
        bump_revision([consortium.pk])
        return evidence


def evidence_remove(*, actor, evidence: StepEvidence) -> None:
    consortium_id = evidence.step.consortium_id
    with transaction.atomic():
        lock_open_deliverable(consortium_id)
        deleted, _rows = StepEvidence.objects.filter(pk=evidence.pk).delete()
        if not deleted:
            refuse(_("Cette preuve a déjà été retirée."), code="not_found")
        log_action(
            "deliverable.evidence_removed", actor=actor, consortium=consortium_id, data={"label": evidence.label}
        )
        bump_revision([consortium_id])


# --- priority projects ----------------------------------------------------------------------------------------


def _project_values(data: dict) -> dict:
    values = {
        "title": _text(data.get("title"), maximum=TITLE_MAX, field="title", label=_("Intitulé"), required=True),
        "description": _text(data.get("description"), maximum=TEXT_MAX, field="description", label=_("Description")),
        "origin": _choice(data.get("origin"), ProjectOrigin, field="origin", label=_("Origine")),
        "status": _choice(data.get("status"), ProjectStatus, field="status", label=_("Statut")),
        "progress": _percent(data.get("progress")),
    }
    if values["status"] == ProjectStatus.DONE and values["progress"] != 100:
        refuse(_("Un projet réalisé est avancé à 100 %."), code="progress_status", field="progress")
    return values


def project_create(*, actor, consortium, data: dict) -> PriorityProject:
    values = _project_values(data)
    with transaction.atomic():
        lock_open_deliverable(consortium.pk)
        existing = PriorityProject.objects.filter(consortium=consortium)
        if existing.count() >= PROJECTS_MAX:
            refuse(_("Un consortium compte au plus %d projets prioritaires.") % PROJECTS_MAX, code="too_many")
        if existing.filter(title__iexact=values["title"]).exists():
            refuse(_("Un projet prioritaire porte déjà cet intitulé."), code="duplicate", field="title")
        last = existing.order_by("-position").values_list("position", flat=True).first()
        project = PriorityProject.objects.create(consortium=consortium, position=(last or 0) + 1, **values)
        log_action("deliverable.project_created", actor=actor, target=project, consortium=consortium.pk)
        bump_revision([consortium.pk])
        return project


def project_update(*, actor, project: PriorityProject, data: dict, expected_version: int | None) -> PriorityProject:
    values = _project_values(data)
    with transaction.atomic():
        lock_open_deliverable(project.consortium_id)
        project = PriorityProject.objects.select_for_update().get(pk=project.pk)
        check_version(project, expected_version, label=_("le projet « %s »") % project.title)
        others = PriorityProject.objects.filter(consortium_id=project.consortium_id).exclude(pk=project.pk)
        if others.filter(title__iexact=values["title"]).exists():
            refuse(_("Un projet prioritaire porte déjà cet intitulé."), code="duplicate", field="title")
        for name, value in values.items():
            setattr(project, name, value)
        next_version(project)
        project.save()
        log_action("deliverable.project_updated", actor=actor, target=project, consortium=project.consortium_id)
        bump_revision([project.consortium_id])
        return project


def project_delete(*, actor, project: PriorityProject) -> None:
    with transaction.atomic():
        lock_open_deliverable(project.consortium_id)
        deleted, _rows = PriorityProject.objects.filter(pk=project.pk).delete()
        if not deleted:
            refuse(_("Ce projet a déjà été supprimé."), code="not_found")
        log_action(
            "deliverable.project_deleted", actor=actor, consortium=project.consortium_id, data={"title": project.title}
        )
        bump_revision([project.consortium_id])


# --- learning cycles ------------------------------------------------------------------------------------------


def _cycle_values(consortium, data: dict, current: LearningCycle | None) -> tuple[dict, list]:
    values = {
        "title": _text(data.get("title"), maximum=TITLE_MAX, field="title", label=_("Intitulé"), required=True),
        "question": _text(data.get("question"), maximum=TEXT_MAX, field="question", label=_("Question")),
        "status": _choice(data.get("status"), CycleStatus, field="status", label=_("Statut")),
    }
    for name, label in PDSA:
        values[name] = _text(data.get(name), maximum=TEXT_MAX, field=name, label=str(label))
        values[f"{name}_date"] = _date(data.get(f"{name}_date"), field=f"{name}_date")
    dates = [values[f"{name}_date"] for name, _label in PDSA if values[f"{name}_date"]]
    if dates != sorted(dates):
        refuse(_("Les dates suivent l'ordre du cycle : planifier, expérimenter, évaluer, ajuster."), field="do_date")
    for name, label in DATA_KINDS:
        values[name] = _text(data.get(name), maximum=TEXT_MAX, field=name, label=str(label))
    follows = data.get("follows")
    if follows is not None:
        if not isinstance(follows, LearningCycle) or follows.consortium_id != consortium.pk:
            refuse(_("Ce cycle précédent n'existe pas dans ce consortium."), code="not_found", field="follows")
        if current is not None and _reaches(follows, current.pk):
            refuse(_("Un cycle ne peut pas suivre lui-même ni un cycle qui le suit."), field="follows")
    values["follows"] = follows
    activities = list(data.get("activities") or [])
    if any(not isinstance(a, Activity) or a.consortium_id != consortium.pk for a in activities):
        refuse(_("Une des activités choisies n'existe pas dans ce consortium."), code="not_found", field="activities")
    return values, activities


def _reaches(cycle: LearningCycle, pk: int) -> bool:
    """Whether following `cycle`'s chain back meets `pk` (a loop)."""
    seen = set()
    while cycle is not None and cycle.pk not in seen:
        if cycle.pk == pk:
            return True
        seen.add(cycle.pk)
        cycle = LearningCycle.objects.filter(pk=cycle.follows_id).first() if cycle.follows_id else None
    return False


def cycle_create(*, actor, consortium, data: dict) -> LearningCycle:
    values, activities = _cycle_values(consortium, data, None)
    with transaction.atomic():
        lock_open_deliverable(consortium.pk)
        existing = LearningCycle.objects.filter(consortium=consortium)
        if existing.count() >= CYCLES_MAX:
            refuse(_("Un consortium compte au plus %d cycles d'apprentissage.") % CYCLES_MAX, code="too_many")
        last = existing.order_by("-number").values_list("number", flat=True).first()
        cycle = LearningCycle.objects.create(consortium=consortium, number=(last or 0) + 1, **values)
        cycle.activities.set(activities)
        log_action("deliverable.cycle_created", actor=actor, target=cycle, consortium=consortium.pk)
        bump_revision([consortium.pk])
        return cycle


def cycle_update(*, actor, cycle: LearningCycle, data: dict, expected_version: int | None) -> LearningCycle:
    values, activities = _cycle_values(cycle.consortium, data, cycle)
    with transaction.atomic():
        lock_open_deliverable(cycle.consortium_id)
        cycle = LearningCycle.objects.select_for_update().get(pk=cycle.pk)
        check_version(cycle, expected_version, label=_("le cycle « %s »") % cycle.title)
        for name, value in values.items():
            setattr(cycle, name, value)
        next_version(cycle)
        cycle.save()
        cycle.activities.set(activities)
        log_action("deliverable.cycle_updated", actor=actor, target=cycle, consortium=cycle.consortium_id)
        bump_revision([cycle.consortium_id])
        return cycle


def cycle_delete(*, actor, cycle: LearningCycle) -> None:
    with transaction.atomic():
        lock_open_deliverable(cycle.consortium_id)
        deleted, _rows = LearningCycle.objects.filter(pk=cycle.pk).delete()
        if not deleted:
            refuse(_("Ce cycle a déjà été supprimé."), code="not_found")
        log_action(
            "deliverable.cycle_deleted", actor=actor, consortium=cycle.consortium_id, data={"title": cycle.title}
        )
        bump_revision([cycle.consortium_id])
