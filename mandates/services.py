"""Writes on mandates: create a draft, edit it, propose it to the deciding body (a governance proposal), take the
decision's outcome (adopted, or back to draft), amend an adopted mandate (the next version), expire at the end date.

Every write locks the consortium, checks, saves with its author (history) and bumps the consortium's revision; a
refusal is the one `DomainError`.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.models import LIFE_DATE_WINDOW
from consortia.services.base import bump_revision, full_clean_or_refuse, lock_consortium
from governance.models import Body, BodyKind, DecisionDomain, Outcome
from governance.services.base import refuse
from governance.services.proposals import proposal_create, proposal_open
from ols_platform.audit import as_actor, log_action
from ols_platform.concurrency import check_version, next_version
from ols_platform.errors import ConflictError

from . import rules
from .models import AXES, FUNCTION_KINDS, Mandate, MandateKind, MandateMember, MandateTask

SUBJECT_TYPE = "mandates.mandate"
PARTS = (
    "title",
    "purpose",
    "responsibilities",
    "autonomy",
    "autonomy_domains",
    "scope",
    "composition",
    "articulation",
    "working_methods",
    "deliverables",
    "start_date",
    "end_date",
    "review_date",
    "commitments",
    "resources",
)
TASK_MAX = 300


def mandate_create(*, actor, consortium, data: dict) -> Mandate:
    """A first version, as a draft: `data` holds the kind, the body (for a space), the bassin de vie (for a local
    concertation) and any of the twelve parts."""
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        mandate = Mandate(
            consortium=consortium,
            kind=data.get("kind") or "",
            body=data.get("body"),
            life_basin=data.get("life_basin"),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _apply(mandate, data)
        _check_space(mandate)
        as_actor(mandate, actor).save()
        mandate.lineage = mandate.pk
        mandate.save(update_fields=["lineage"])
        _set_relations(mandate, data)
        bump_revision([consortium.pk])
        return mandate


def mandate_update(*, actor, mandate: Mandate, data: dict, expected_version: int | None) -> Mandate:
    with transaction.atomic():
        lock_consortium(mandate.consortium_id)
        mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
        _refuse_unless_draft(mandate)
        check_version(mandate, expected_version, label=mandate.title)
        _apply(mandate, data)
        _check_space(mandate)
        next_version(mandate)
        as_actor(mandate, actor).save()
        _set_relations(mandate, data)
        bump_revision([mandate.consortium_id])
        return mandate


def mandate_propose(*, actor, mandate: Mandate, deciding_body: Body, decision_method: str = "", closes_at=None):
    """Propose the draft to the body that decides it: a governance proposal about this mandate (opened at once when
    `closes_at` is given). Refused, listing them, while essential parts are missing."""
    with transaction.atomic():
        lock_consortium(mandate.consortium_id)
        mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
        _refuse_unless_draft(mandate)
        missing = rules.missing_essentials(_values(mandate))
        if missing:
            refuse(
                _("Complétez d'abord l'essentiel du mandat : %s.") % ", ".join(missing),
                code="mandate_incomplete",
                missing=missing,
            )
        if not isinstance(deciding_body, Body) or deciding_body.consortium_id != mandate.consortium_id:
            refuse(_("Choisissez l'instance qui adopte le mandat."), code="required", field="deciding_body")
        _check_no_overlap(mandate)
        proposal = proposal_create(
            actor=actor,
            consortium=mandate.consortium,
            data={
                "body": deciding_body,
                "title": _("Adopter le mandat « %(title)s » (version %(n)d)")
                % {"title": mandate.title, "n": mandate.number},
                "context": mandate.purpose,
                "domain": DecisionDomain.PROFILES_COMMITMENTS,
                "method": decision_method or None,
            },
            subject={"type": SUBJECT_TYPE, "id": mandate.pk, "label": str(mandate)},
        )
        if closes_at is not None:
            proposal = proposal_open(actor=actor, proposal=proposal, closes_at=closes_at)
        mandate.deciding_body, mandate.decision_method = deciding_body, proposal.method
        mandate.proposal, mandate.status = proposal, Mandate.Status.PROPOSED
        next_version(mandate)
        as_actor(mandate, actor).save()
        log_action("mandate.proposed", actor=actor, target=mandate, consortium=mandate.consortium_id)
        bump_revision([mandate.consortium_id])
        return mandate


def mandate_amend(*, actor, mandate: Mandate) -> Mandate:
    """The next version of an adopted mandate, as a draft with the same parts; the adopted one stays in force until
    the amendment is adopted."""
    with transaction.atomic():
        lock_consortium(mandate.consortium_id)
        current = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if current.status != Mandate.Status.ADOPTED:
            refuse(_("Seul un mandat adopté se modifie par un avenant."), code="mandate_not_adopted")
        if Mandate.objects.filter(lineage=current.lineage, status__in=["draft", "proposed"]).exists():
            refuse(_("Un avenant de ce mandat est déjà en préparation."), code="amendment_open")
        latest = Mandate.objects.filter(lineage=current.lineage).order_by("-number").first()
        amendment = Mandate(
            consortium_id=current.consortium_id,
            lineage=current.lineage,
            number=latest.number + 1,
            kind=current.kind,
            body=current.body,
            life_basin=current.life_basin,
            deciding_body=current.deciding_body,
            decision_method=current.decision_method,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **{name: getattr(current, name) for name in PARTS},
        )
        as_actor(amendment, actor).save()
        amendment.scope_life_basins.set(current.scope_life_basins.all())
        amendment.articulated_bodies.set(current.articulated_bodies.all())
        amendment.budget_lines.set(current.budget_lines.all())
        for task in current.tasks.all():
            amendment.tasks.create(axis=task.axis, text=task.text, position=task.position)
        for member in current.members.all():
            amendment.members.create(
                structure=member.structure,
                person=member.person,
                profile=member.profile,
                contribution=member.contribution,
                staff_arrangement=member.staff_arrangement,
            )
        bump_revision([current.consortium_id])
        return amendment


def on_decision_recorded(sender, decision, subject_type, subject_id, **kwargs):
    """The governance decided on a proposed mandate: adopted (the previous version is superseded), or back to draft."""
    if subject_type != SUBJECT_TYPE or subject_id is None:
        return
    mandate = Mandate.objects.select_for_update().filter(pk=subject_id, consortium_id=decision.consortium_id).first()
    if mandate is None or mandate.status != Mandate.Status.PROPOSED:
        return
    if decision.outcome == Outcome.ADOPTED:
        # Saved one by one, not with .update(): history records each change of an audited model.
        for previous in Mandate.objects.filter(lineage=mandate.lineage, status=Mandate.Status.ADOPTED).exclude(
            pk=mandate.pk
        ):
            previous.status = Mandate.Status.SUPERSEDED
            previous.save(update_fields=["status"])
        mandate.status, mandate.decision, mandate.adopted_at = Mandate.Status.ADOPTED, decision, timezone.now()
    else:
        mandate.status, mandate.proposal = Mandate.Status.DRAFT, None
    next_version(mandate)
    mandate.save()
    sync_body_domains(mandate.body_id)
    bump_revision([mandate.consortium_id])


def sync_body_domains(body_id: int | None, today: datetime.date | None = None) -> None:
    """Write on the body the decision domains of its mandate in force today (null without one): what governance
    reads for the "qui décide de quoi" warnings. Called wherever a mandate becomes adopted, superseded or expired."""
    if body_id is None:
        return
    today = today or timezone.localdate()
    in_force = rules.in_force_on(Mandate.objects.filter(body_id=body_id, status=Mandate.Status.ADOPTED), today)
    domains = None if in_force is None else list(in_force.autonomy_domains or [])
    Body.objects.filter(pk=body_id).update(mandate_domains=domains)


def mandates_expire(today: datetime.date | None = None) -> int:
    """Adopted mandates whose end date has passed become expired (Celery beat, daily); the number expired. The bodies
    whose adopted mandate starts today take its decision domains."""
    today = today or timezone.localdate()
    starting = Mandate.objects.filter(status=Mandate.Status.ADOPTED, start_date=today, body__isnull=False)
    for body_id in set(starting.values_list("body_id", flat=True)):
        sync_body_domains(body_id, today)
    expired = 0
    for mandate in Mandate.objects.filter(status=Mandate.Status.ADOPTED, end_date__lt=today):
        with transaction.atomic():
            lock_consortium(mandate.consortium_id)
            mandate.status = Mandate.Status.EXPIRED
            next_version(mandate)
            mandate.save()
            sync_body_domains(mandate.body_id, today)
            bump_revision([mandate.consortium_id])
            expired += 1
    return expired


def missing_essentials(mandate: Mandate) -> list[str]:
    """The titles of the essential parts the mandate still lacks (what proposing it would list)."""
    return rules.missing_essentials(_values(mandate))


def _values(mandate: Mandate) -> dict:
    return {name: getattr(mandate, name) for name in PARTS} | {"task_count": mandate.tasks.count() if mandate.pk else 0}


def _refuse_unless_draft(mandate: Mandate) -> None:
    if mandate.status == Mandate.Status.ADOPTED:
        raise ConflictError(
            _("Ce mandat est adopté : il ne change plus. Ouvrez un avenant pour le modifier."), code="mandate_adopted"
        )
    if mandate.status != Mandate.Status.DRAFT:
        refuse(
            _("Ce mandat est « %s » : seul un projet se modifie.") % mandate.get_status_display().lower(),
            code="mandate_not_draft",
        )


def _apply(mandate: Mandate, data: dict) -> None:
    for name in PARTS:
        if name in data:
            value = data[name]
            setattr(mandate, name, value.strip() if isinstance(value, str) else value)
    domains = mandate.autonomy_domains or []
    if not isinstance(domains, list) or any(domain not in DecisionDomain.values for domain in domains):
        refuse(_("Domaine de décision inconnu."), code="invalid", field="autonomy_domains")
    mandate.autonomy_domains = sorted(set(domains))
    for name in ("start_date", "end_date", "review_date"):
        value = getattr(mandate, name)
        if value is not None and not LIFE_DATE_WINDOW.first <= value <= LIFE_DATE_WINDOW.last:
            refuse(_("Les dates d'un mandat tombent entre 2020 et 2040."), code="date_out_of_range", field=name)
    if mandate.start_date and mandate.end_date and mandate.end_date < mandate.start_date:
        refuse(_("La fin du mandat doit suivre son début."), code="ends_before_start", field="end_date")
    full_clean_or_refuse(
        mandate,
        exclude=["consortium", "body", "life_basin", "deciding_body", "proposal", "decision", "lineage", "created_by"],
    )


def _check_space(mandate: Mandate) -> None:
    """A space's mandate names its body, of the same kind, in the same consortium; a function's names none; a
    concertation locale's bassin de vie lies in the consortium's territory."""
    if mandate.kind not in MandateKind.values:
        refuse(_("Choisissez l'espace ou la fonction."), code="required", field="kind")
    body = mandate.body
    if mandate.kind in FUNCTION_KINDS:
        mandate.body = None
    elif body is not None and (body.consortium_id != mandate.consortium_id or body.kind != mandate.kind):
        refuse(_("Cette instance n'est pas un espace de ce type dans le consortium."), code="invalid", field="body")
    basin = mandate.life_basin
    if basin is not None:
        if mandate.kind != BodyKind.LOCAL_CONCERTATION:
            refuse(_("Seule une concertation locale est liée à un bassin de vie."), code="invalid", field="life_basin")
        if basin.territory_id != mandate.consortium.territory_id:
            refuse(
                _("Ce bassin de vie n'est pas dans le territoire du consortium."), code="invalid", field="life_basin"
            )


def _check_no_overlap(mandate: Mandate) -> None:
    """Two mandates in force for the same space and period are refused (another lineage, adopted or proposed)."""
    if mandate.body_id is None:
        return
    others = Mandate.objects.filter(
        body_id=mandate.body_id, status__in=[Mandate.Status.ADOPTED, Mandate.Status.PROPOSED]
    ).exclude(lineage=mandate.lineage)
    for other in others:
        if rules.periods_overlap(mandate.start_date, mandate.end_date, other.start_date, other.end_date):
            refuse(
                _("« %(other)s » couvre déjà cet espace sur la même période.") % {"other": other},
                code="mandate_overlap",
                field="start_date",
            )


def _set_relations(mandate: Mandate, data: dict) -> None:
    if "scope_life_basins" in data:
        basins = [b for b in data["scope_life_basins"] if b.territory_id == mandate.consortium.territory_id]
        mandate.scope_life_basins.set(basins)
    if "articulated_bodies" in data:
        bodies = [b for b in data["articulated_bodies"] if b.consortium_id == mandate.consortium_id]
        mandate.articulated_bodies.set(bodies)
    if "budget_lines" in data:
        lines = list(data["budget_lines"] or [])
        if any(line.budget.consortium_id != mandate.consortium_id for line in lines):
            refuse(_("Cette ligne n'est pas dans le budget du consortium."), code="invalid", field="budget_lines")
        mandate.budget_lines.set(lines)
    if "tasks" in data:
        _set_tasks(mandate, data["tasks"])
    if "members" in data:
        _set_members(mandate, data["members"])


def _set_tasks(mandate: Mandate, tasks) -> None:
    """The tasks as given, (axis or None, text), replacing the draft's: numbered in their order within each axis."""
    mandate.tasks.all().delete()
    positions = {}
    for axis, text in tasks:
        text = (text or "").strip()
        if axis not in (None, *(number for number, _title in AXES)) or not text or len(text) > TASK_MAX:
            refuse(_("Une tâche a un axe inconnu ou un texte vide ou trop long."), code="invalid", field="tasks")
        positions[axis] = positions.get(axis, 0) + 1
        MandateTask.objects.create(mandate=mandate, axis=axis, text=text, position=positions[axis])


def _set_members(mandate: Mandate, members) -> None:
    """The composition as given (dicts: structure, person, profile, contribution, staff_arrangement), replacing the
    draft's; a structure must be a member of the consortium."""
    mandate.members.all().delete()
    for member in members:
        structure, profile = member.get("structure"), (member.get("profile") or "").strip()
        if structure is None and member.get("staff_arrangement") is not None:
            structure = member["staff_arrangement"].employer  # the arrangement names who employs the member
        if structure is not None and not structure.memberships.filter(consortium_id=mandate.consortium_id).exists():
            refuse(_("Cette structure n'est pas membre du consortium."), code="invalid", field="members")
        if structure is None and not profile:
            refuse(_("Chaque membre nomme une structure ou un profil attendu."), code="required", field="members")
        if member.get("contribution") not in MandateMember.Contribution.values:
            refuse(_("Choisissez la contribution de chaque membre."), code="required", field="members")
        arrangement = member.get("staff_arrangement")
        if arrangement is not None:
            _check_arrangement(mandate, structure, arrangement, member["contribution"])
        MandateMember.objects.create(
            mandate=mandate,
            structure=structure,
            person=member.get("person"),
            profile=profile[:200],
            contribution=member["contribution"],
            staff_arrangement=arrangement,
        )


def _check_arrangement(mandate: Mandate, structure, arrangement, contribution: str) -> None:
    """A member paid by a mise à disposition or convention: one of this consortium's, whose employer is that member,
    for the team funded by the OLS budget."""
    if arrangement.budget.consortium_id != mandate.consortium_id:
        refuse(_("Cette mise à disposition n'est pas dans le budget du consortium."), code="invalid", field="members")
    if contribution != MandateMember.Contribution.FUNDED_TEAM:
        refuse(
            _("Une mise à disposition ou une convention finance un membre de l'équipe financée par le budget OLS."),
            code="invalid",
            field="members",
        )
    if structure is not None and arrangement.employer_id != structure.pk:
        refuse(
            _("La mise à disposition « %(person)s » est employée par une autre structure que ce membre.")
            % {"person": arrangement.person},
            code="invalid",
            field="members",
        )
