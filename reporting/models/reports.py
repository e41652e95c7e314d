"""The structures' annual activity reports and the shared paragraphs (issue 12; seed 000, l. 37).

Every member structure funded by the AVIQ for its own missions writes its own annual report (2026, 2027): one OLS
report never replaces them, so a report always belongs to one structure. Structures harmonise their reports (the same
sections) unless a funder binds them to a specific template ("canevas spécifique"), whose sections they then follow.

A shared paragraph (for a common méso mission) is written once by the operational team for the structures it
concerns; it is rendered in each of their reports — one source, never copied — only once every concerned structure
has approved its current revision. Editing its text makes a new revision, which no structure has approved yet.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortia.models import Consortium, Structure

REPORT_YEARS = (2026, 2027)
TITLE_MAX = 200
BODY_MAX = 20_000
TEMPLATE_SECTIONS_MAX = 40
REASON_MAX = 1_000

# The harmonised sections every report starts with, unless its structure follows a funder's template.
HARMONISED_SECTIONS = (
    _("Présentation de la structure"),
    _("Missions et activités de l'année"),
    _("Contribution aux missions méso communes de l'OLS"),
    _("Publics et bassins de vie touchés"),
    _("Partenariats"),
    _("Perspectives"),
)
# Where a shared paragraph goes by default: the section on the common méso missions.
COMMON_MISSIONS_SECTION = HARMONISED_SECTIONS[2]


class StructureReporting(models.Model):
    """How one member structure reports in this consortium: whether the AVIQ funds it for its own missions (then it
    writes a report) and the funder's template it is bound to, if any."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="structure_reportings")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    aviq_funded = models.BooleanField(_("financée par l'AVIQ pour ses missions propres"), default=True)
    specific_template = models.CharField(
        _("canevas spécifique"),
        max_length=TITLE_MAX,
        blank=True,
        help_text=_("Le nom du canevas imposé par un financeur ; vide : la structure suit le rapport harmonisé."),
    )
    template_sections = models.TextField(
        _("sections du canevas"), blank=True, max_length=TEMPLATE_SECTIONS_MAX * (TITLE_MAX + 1)
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rapportage d'une structure")
        verbose_name_plural = _("rapportage des structures")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "structure"], name="unique_structure_reporting"),
        ]

    def __str__(self):
        return f"{self.structure} · {self.consortium}"

    @property
    def section_titles(self) -> list[str]:
        """The sections of this structure's reports: its template's, or the harmonised ones."""
        if self.specific_template:
            titles = [line.strip() for line in self.template_sections.splitlines() if line.strip()]
            if titles:
                return titles
        return [str(title) for title in HARMONISED_SECTIONS]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Remis")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    APPROVED = "approved", _("Approuvé par l'AVIQ")


# The structure still writes it (a draft, or sent back by AVIQ); handed in, it is read by the whole consortium.
EDITABLE_REPORT = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)
HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class ActivityReport(models.Model):
    """One structure's activity report for one year, in sections. Submitted, it is locked (the AVIQ reads it); the
    coordination may reopen it with a reason."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="activity_reports")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"), choices=[(year, str(year)) for year in REPORT_YEARS])
    status = models.CharField(_("statut"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # The funder's template the report follows (copied when it was started): blank for the harmonised report.
    specific_template = models.CharField(_("canevas spécifique"), max_length=TITLE_MAX, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "structure__name", "pk"]
        verbose_name = _("rapport d'activité")
        verbose_name_plural = _("rapports d'activité")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "structure", "year"], name="one_report_per_structure_year"),
            models.CheckConstraint(condition=Q(year__in=REPORT_YEARS), name="report_year_of_the_pilot"),
        ]

    def __str__(self):
        return _("Rapport d'activité %(year)s — %(structure)s") % {"year": self.year, "structure": self.structure}

    @property
    def is_draft(self) -> bool:
        """Still written by the structure: a draft, or sent back by AVIQ with changes to make."""
        return self.status in EDITABLE_REPORT


class ReportSection(models.Model):
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    body = models.TextField(_("texte"), blank=True, max_length=BODY_MAX)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section du rapport")
        verbose_name_plural = _("sections du rapport")
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="unique_section_position")]

    def __str__(self):
        return self.title

    @property
    def is_filled(self) -> bool:
        return bool(self.body.strip())


class SharedParagraph(models.Model):
    """A paragraph common to several structures' reports, for a common méso mission, written once."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="shared_paragraphs")
    year = models.PositiveSmallIntegerField(_("année"), choices=[(year, str(year)) for year in REPORT_YEARS])
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    body = models.TextField(_("texte"), max_length=BODY_MAX)
    # The report section it goes in (matched by title); blank or absent from a report: after its sections.
    section_title = models.CharField(_("section du rapport"), max_length=TITLE_MAX, blank=True)
    structures = models.ManyToManyField(Structure, related_name="+", verbose_name=_("structures concernées"))
    # One more at each change of the text (or of the structures concerned): the approvals are of a revision.
    revision = models.PositiveIntegerField(_("révision"), default=1)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("paragraphe commun")
        verbose_name_plural = _("paragraphes communs")
        constraints = [models.CheckConstraint(condition=Q(year__in=REPORT_YEARS), name="shared_paragraph_year")]

    def __str__(self):
        return self.title


class SharedParagraphApproval(models.Model):
    """A concerned structure's agreement to one revision of a shared paragraph, given by its reporter."""

    paragraph = models.ForeignKey(SharedParagraph, on_delete=models.CASCADE, related_name="approvals")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("accord sur un paragraphe commun")
        verbose_name_plural = _("accords sur les paragraphes communs")
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "structure", "revision"], name="one_approval_per_revision"),
        ]

    def __str__(self):
        return f"{self.paragraph} · {self.structure} · r{self.revision}"
