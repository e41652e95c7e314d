"""Writes on the structures' activity reports and the shared paragraphs.

Every write locks the consortium, then the row it changes, checks, saves and bumps the consortium's revision; a
refusal is the one `DomainError` (a stale save: `ConflictError`). Who may call what is the views' and the API's
business (reporting/report_access.py); the services check what the data must be, whoever sends it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.models import ConsortiumRole, Membership, Structure
from consortia.services.base import bump_revision, lock_consortium
from governance.services.base import refuse
from ols_platform.audit import as_actor, log_action
from ols_platform.concurrency import check_version, next_version
from ols_platform.errors import ConflictError
from ols_platform.notifications import notify
from review.models import Action, ItemKind
from review.services import record_event

from ..models.reports import (
    BODY_MAX,
    REASON_MAX,
    REPORT_YEARS,
    TEMPLATE_SECTIONS_MAX,
    TITLE_MAX,
    ActivityReport,
    ReportSection,
    ReportStatus,
    SharedParagraph,
    SharedParagraphApproval,
    StructureReporting,
)

MIN_SHARED_STRUCTURES = 2


def _author(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        refuse(_("%s doit être un texte.") % label, code="invalid", field=field)
    if "\x00" in value:
        refuse(_("%s contient un caractère interdit.") % label, code="invalid", field=field)
    value = value.strip()
    if required and not value:
        refuse(_("Indiquez %s.") % label.lower(), code="required", field=field)
    if len(value) > max_length:
        refuse(
            _("%(label)s est trop long : %(n)d caractères au plus (il en a %(len)d).")
            % {"label": label, "n": max_length, "len": len(value)},
            code="too_long",
            field=field,
        )
    return value


def _check_year(year) -> int:
    if isinstance(year, bool) or year not in REPORT_YEARS:
        refuse(
            _("L'année doit être l'une de celles de la phase pilote : %s.") % ", ".join(map(str, REPORT_YEARS)),
            code="invalid_year",
            field="year",
        )
    return year


def _check_member(consortium_id, structure) -> Structure:
    if (
        not isinstance(structure, Structure)
        or not Membership.objects.filter(
            consortium_id=consortium_id, structure=structure, role=Membership.Role.MEMBER
        ).exists()
    ):
        refuse(_("Choisissez une structure membre de ce consortium."), code="not_a_member", field="structure")
    return structure


def reporters_of(consortium_id, structure_ids):
    """The users who report for these structures in the consortium."""
    roles = ConsortiumRole.objects.filter(
        consortium_id=consortium_id, role=ConsortiumRole.Role.STRUCTURE_REPORTER, structure_id__in=list(structure_ids)
    ).select_related("user")
    return [role.user for role in roles]


# --- How each structure reports ---------------------------------------------------------------------------------


def reporting_settings_save(*, actor, consortium, structure, data: dict, expected_version: int | None):
    """Create or change how a member structure reports: `aviq_funded`, `specific_template`, `template_sections`
    (one title per line, or a list). Reports already started keep their sections."""
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        _check_member(consortium.pk, structure)
        setting = (
            StructureReporting.objects.select_for_update().filter(consortium=consortium, structure=structure).first()
        )
        if setting is None:
            setting = StructureReporting(consortium=consortium, structure=structure, version=0)
        check_version(setting, expected_version, label=_("le rapportage de %s") % structure)
        funded = data.get("aviq_funded", setting.aviq_funded if setting.pk else True)
        if not isinstance(funded, bool):
            refuse(_("Indiquez si la structure est financée par l'AVIQ."), code="invalid", field="aviq_funded")
        template = _text(
            data.get("specific_template", ""),
            field="specific_template",
            label=_("Le nom du canevas"),
            max_length=TITLE_MAX,
        )
        sections = data.get("template_sections", "")
        if isinstance(sections, list | tuple):
            if not all(isinstance(line, str) for line in sections):
                refuse(_("Les sections du canevas sont des titres."), code="invalid", field="template_sections")
            sections = "\n".join(sections)
        sections = _text(
            sections,
            field="template_sections",
            label=_("Les sections du canevas"),
            max_length=TEMPLATE_SECTIONS_MAX * (TITLE_MAX + 1),
        )
        titles = [line.strip() for line in sections.splitlines() if line.strip()]
        if len(titles) > TEMPLATE_SECTIONS_MAX:
            refuse(
                _("Un canevas compte %d sections au plus.") % TEMPLATE_SECTIONS_MAX,
                code="too_many",
                field="template_sections",
            )
        if any(len(title) > TITLE_MAX for title in titles):
            refuse(
                _("Un titre de section compte %d caractères au plus.") % TITLE_MAX,
                code="too_long",
                field="template_sections",
            )
        if len(set(titles)) != len(titles):
            refuse(_("Deux sections du canevas portent le même titre."), code="duplicate", field="template_sections")
        if template and not titles:
            refuse(
                _("Indiquez les sections du canevas « %s », une par ligne.") % template,
                code="required",
                field="template_sections",
            )
        if not template and titles:
            refuse(
                _("Nommez le canevas spécifique, ou videz ses sections pour suivre le rapport harmonisé."),
                code="required",
                field="specific_template",
            )
        setting.aviq_funded, setting.specific_template = funded, template
        setting.template_sections = "\n".join(titles)
        setting.updated_by = _author(actor)
        next_version(setting)
        setting.save()
        log_action("structure_reporting.saved", actor=actor, target=setting, consortium=consortium.pk)
        bump_revision([consortium.pk])
        return setting


# --- Reports ------------------------------------------------------------------------------------------------------


def report_start(*, actor, consortium, structure, year) -> tuple[ActivityReport, bool]:
    """The structure's report of the year, started with its sections (harmonised, or its template's) when it does not
    exist yet; (report, created). Starting it twice gives the same report."""
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        _check_year(year)
        _check_member(consortium.pk, structure)
        existing = ActivityReport.objects.filter(consortium=consortium, structure=structure, year=year).first()
        if existing is not None:
            return existing, False
        setting = StructureReporting.objects.filter(consortium=consortium, structure=structure).first()
        setting = setting or StructureReporting(consortium=consortium, structure=structure)
        if not setting.aviq_funded:
            refuse(
                _("%s n'est pas financée par l'AVIQ pour ses missions propres : elle ne rédige pas de rapport ici.")
                % structure,
                code="not_aviq_funded",
                field="structure",
            )
        report = ActivityReport.objects.create(
            consortium=consortium,
            structure=structure,
            year=year,
            specific_template=setting.specific_template,
            created_by=_author(actor),
            updated_by=_author(actor),
        )
        ReportSection.objects.bulk_create(
            ReportSection(report=report, position=position, title=title)
            for position, title in enumerate(setting.section_titles, start=1)
        )
        log_action("activity_report.started", actor=actor, target=report, consortium=consortium.pk)
        bump_revision([consortium.pk])
        return report, True


def _refuse_unless_draft(report: ActivityReport) -> None:
    if not report.is_draft:
        raise ConflictError(
            _("Ce rapport est remis : il ne peut plus être modifié, sauf si la coordination le rouvre."),
            code="report_submitted",
        )


def section_update(*, actor, section: ReportSection, body, expected_version: int | None) -> ReportSection:
    with transaction.atomic():
        lock_consortium(section.report.consortium_id)
        report = ActivityReport.objects.select_for_update().get(pk=section.report_id)
        section = ReportSection.objects.select_for_update().get(pk=section.pk)
        _refuse_unless_draft(report)
        check_version(section, expected_version, label=_("la section « %s »") % section.title)
        body = _text(body, field="body", label=_("Le texte de la section"), max_length=BODY_MAX)
        if body == section.body:
            return section
        section.body, section.updated_by = body, _author(actor)
        next_version(section)
        as_actor(section, actor).save()
        report.updated_by = _author(actor)
        report.save(update_fields=["updated_by", "updated_at"])
        bump_revision([report.consortium_id])
        return section


def report_submit(*, actor, report: ActivityReport, expected_version: int | None = None) -> ActivityReport:
    """Hand the report in: every section must be written; it is then locked."""
    with transaction.atomic():
        lock_consortium(report.consortium_id)
        report = ActivityReport.objects.select_for_update().get(pk=report.pk)
        _refuse_unless_draft(report)
        check_version(report, expected_version, label=str(report))
        empty = [section.title for section in report.sections.all() if not section.is_filled]
        if empty:
            refuse(
                _("Complétez d'abord ces sections : %s.") % ", ".join(f"« {title} »" for title in empty),
                code="report_incomplete",
                missing=empty,
            )
        report.status, report.submitted_by, report.submitted_at = ReportStatus.SUBMITTED, _author(actor), timezone.now()
        next_version(report)
        report.save()
        log_action("activity_report.submitted", actor=actor, target=report, consortium=report.consortium_id)
        record_event(
            actor=actor,
            consortium_id=report.consortium_id,
            item_kind=ItemKind.REPORT,
            item_id=report.pk,
            action=Action.SUBMITTED,
        )
        bump_revision([report.consortium_id])
        return report


def report_reopen(*, actor, report: ActivityReport, reason) -> ActivityReport:
    """Back to draft (the coordination only), with the reason, logged and sent to the structure's reporters."""
    with transaction.atomic():
        lock_consortium(report.consortium_id)
        report = ActivityReport.objects.select_for_update().select_related("structure").get(pk=report.pk)
        if report.is_draft:
            raise ConflictError(_("Ce rapport est déjà en brouillon."), code="report_draft")
        reason = _text(reason, field="reason", label=_("Le motif"), max_length=REASON_MAX, required=True)
        if report.status == ReportStatus.APPROVED:  # reopening what AVIQ approved is an amendment, in its history
            record_event(
                actor=actor,
                consortium_id=report.consortium_id,
                item_kind=ItemKind.REPORT,
                item_id=report.pk,
                action=Action.AMENDED,
                comment=reason,
            )
        report.status, report.submitted_by, report.submitted_at = ReportStatus.DRAFT, None, None
        next_version(report)
        report.save()
        log_action(
            "activity_report.reopened",
            actor=actor,
            target=report,
            consortium=report.consortium_id,
            data={"reason": reason},
        )
        notify(
            reporters_of(report.consortium_id, [report.structure_id]),
            kind="activity_report.reopened",
            title=_("Votre rapport d'activité %s est rouvert") % report.year,
            body=_("Motif : %s") % reason,
            url=f"/consortia/{report.consortium_id}/reports/{report.pk}/",
            consortium=report.consortium_id,
        )
        bump_revision([report.consortium_id])
        return report


# --- Shared paragraphs -------------------------------------------------------------------------------------------


def _paragraph_values(consortium, data: dict, current: SharedParagraph | None) -> dict:
    def given(name, default):
        return data.get(name, default)

    year = _check_year(given("year", current.year if current else None))
    title = _text(
        given("title", current.title if current else ""),
        field="title",
        label=_("Le titre"),
        max_length=TITLE_MAX,
        required=True,
    )
    body = _text(
        given("body", current.body if current else ""),
        field="body",
        label=_("Le texte"),
        max_length=BODY_MAX,
        required=True,
    )
    section_title = _text(
        given("section_title", current.section_title if current else ""),
        field="section_title",
        label=_("La section"),
        max_length=TITLE_MAX,
    )
    if "structures" in data or current is None:
        structures = list(data.get("structures") or [])
        if not all(isinstance(structure, Structure) for structure in structures):
            refuse(_("Choisissez des structures membres du consortium."), code="invalid", field="structures")
        ids = {structure.pk for structure in structures}
        members = set(
            Membership.objects.filter(
                consortium=consortium, structure_id__in=ids, role=Membership.Role.MEMBER
            ).values_list("structure_id", flat=True)
        )
        if ids - members:
            refuse(_("Choisissez des structures membres de ce consortium."), code="not_a_member", field="structures")
        if len(ids) < MIN_SHARED_STRUCTURES:
            refuse(
                _("Un paragraphe commun concerne au moins %d structures.") % MIN_SHARED_STRUCTURES,
                code="too_few",
                field="structures",
            )
    else:
        ids = set(current.structures.values_list("pk", flat=True))
    return {"year": year, "title": title, "body": body, "section_title": section_title, "structure_ids": ids}


def _tell_reporters(paragraph: SharedParagraph, structure_ids, *, new: bool) -> None:
    title = (
        _("Un paragraphe commun attend votre accord : « %s »")
        if new
        else _("Le paragraphe commun « %s » a changé : votre accord est à redonner")
    ) % paragraph.title
    notify(
        reporters_of(paragraph.consortium_id, structure_ids),
        kind="shared_paragraph.to_approve",
        title=title,
        body=paragraph.body[:500],
        url=f"/consortia/{paragraph.consortium_id}/reports/shared/#paragraph-{paragraph.pk}",
        consortium=paragraph.consortium_id,
    )


def shared_paragraph_create(*, actor, consortium, data: dict) -> SharedParagraph:
    with transaction.atomic():
        consortium = lock_consortium(consortium.pk)
        values = _paragraph_values(consortium, data, None)
        ids = values.pop("structure_ids")
        paragraph = SharedParagraph(
            consortium=consortium, created_by=_author(actor), updated_by=_author(actor), **values
        )
        as_actor(paragraph, actor).save()
        paragraph.structures.set(ids)
        log_action("shared_paragraph.created", actor=actor, target=paragraph, consortium=consortium.pk)
        _tell_reporters(paragraph, ids, new=True)
        bump_revision([consortium.pk])
        return paragraph


def shared_paragraph_update(*, actor, paragraph: SharedParagraph, data: dict, expected_version: int | None):
    """Change a shared paragraph. A new text, title or set of structures is a new revision: every approval is to be
    given again, and the concerned structures' reporters are told."""
    with transaction.atomic():
        consortium = lock_consortium(paragraph.consortium_id)
        paragraph = SharedParagraph.objects.select_for_update().get(pk=paragraph.pk)
        check_version(paragraph, expected_version, label=_("le paragraphe « %s »") % paragraph.title)
        values = _paragraph_values(consortium, data, paragraph)
        ids = values.pop("structure_ids")
        old_ids = set(paragraph.structures.values_list("pk", flat=True))
        changed = ids != old_ids or any(values[name] != getattr(paragraph, name) for name in ("year", "title", "body"))
        if not changed and values["section_title"] == paragraph.section_title:
            return paragraph
        for name, value in values.items():
            setattr(paragraph, name, value)
        paragraph.updated_by = _author(actor)
        if changed:
            paragraph.revision += 1
        next_version(paragraph)
        as_actor(paragraph, actor).save()
        if ids != old_ids:
            paragraph.structures.set(ids)
        if changed:
            log_action(
                "shared_paragraph.revised",
                actor=actor,
                target=paragraph,
                consortium=consortium.pk,
                data={"revision": paragraph.revision},
            )
            _tell_reporters(paragraph, ids, new=False)
        bump_revision([consortium.pk])
        return paragraph


def shared_paragraph_approve(*, actor, paragraph: SharedParagraph, structure, revision) -> SharedParagraphApproval:
    """The structure's agreement to the revision its reporter read; approving twice is harmless. A reporter of
    the structure only; a revision that is no longer the current one is refused (the text changed meanwhile)."""
    with transaction.atomic():
        lock_consortium(paragraph.consortium_id)
        paragraph = SharedParagraph.objects.select_for_update().get(pk=paragraph.pk)
        if not isinstance(structure, Structure) or not paragraph.structures.filter(pk=structure.pk).exists():
            refuse(_("Ce paragraphe ne concerne pas cette structure."), code="not_concerned", field="structure")
        if not ConsortiumRole.objects.filter(
            consortium_id=paragraph.consortium_id,
            user_id=getattr(actor, "pk", None),
            role=ConsortiumRole.Role.STRUCTURE_REPORTER,
            structure=structure,
        ).exists():
            refuse(
                _("Seul un rapporteur de %s peut donner son accord.") % structure,
                code="not_reporter",
                field="structure",
            )
        if isinstance(revision, bool) or revision != paragraph.revision:
            raise ConflictError(
                _("Le texte a changé depuis que vous l'avez lu (révision %d) : relisez-le avant de l'approuver.")
                % paragraph.revision,
                code="conflict",
                params={"revision": paragraph.revision},
            )
        approval, created = SharedParagraphApproval.objects.get_or_create(
            paragraph=paragraph,
            structure=structure,
            revision=paragraph.revision,
            defaults={"approved_by": actor},
        )
        if created:
            log_action(
                "shared_paragraph.approved",
                actor=actor,
                target=paragraph,
                consortium=paragraph.consortium_id,
                data={"structure": structure.pk, "revision": paragraph.revision},
            )
            bump_revision([paragraph.consortium_id])
        return approval
