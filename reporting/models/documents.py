"""Generated documents (PDFs): the evaluation deliverable, a structure's activity report, a mandate's sheet.

A `GeneratedDocument` row is both the job and its result. Job state lives here, not in Redis: a lost broker message
or a killed worker leaves a visible pending or running row that the sweep (reporting/tasks.py) sends again. A document
is never overwritten: asking again makes the next `version` of the same subject, with its own file.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consortia.models import Consortium, Structure
from mandates.models import Mandate
from ols_platform.storage import private_storage


class DocumentKind(models.TextChoices):
    EVALUATION_DELIVERABLE = "evaluation_deliverable", _("Livrable d'évaluation")
    ACTIVITY_REPORT = "activity_report", _("Rapport d'activité d'une structure")
    MANDATE = "mandate", _("Fiche mandat")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Prêt")
    FAILED = "failed", _("Échec")


def document_path(instance, filename):
    return f"reporting/documents/{instance.consortium_id}/{instance.pk or uuid.uuid4().hex}-{filename}"


class GeneratedDocument(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=30, choices=DocumentKind.choices)
    # The subject: none for the deliverable; a structure and a year for a report; a mandate (one version).
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    # Versions count per subject ("deliverable", "report:<structure>:<year>", "mandate:<lineage>").
    subject_key = models.CharField(max_length=60, editable=False)
    version = models.PositiveIntegerField(_("version"))
    # The documents asked for together ("tous les rapports 2026") share a batch.
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    status = models.CharField(_("état"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("avancement"), default=0, validators=[MaxValueValidator(100)])
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    # The Celery task id of the run that holds the job: a message delivered again after its worker died carries the
    # same id, and may take the job back at once.
    run_id = models.CharField(max_length=64, blank=True, editable=False)
    error = models.TextField(_("erreur"), blank=True, max_length=2000)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("demandé par")
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    queued_at = models.DateTimeField(_("envoyé au moteur le"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("durée (ms)"), null=True, blank=True)

    file = models.FileField(_("fichier"), upload_to=document_path, storage=private_storage, max_length=255, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("taille"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("document généré")
        verbose_name_plural = _("documents générés")
        indexes = [
            models.Index(fields=["consortium", "-requested_at"], name="document_consortium_recent"),
            models.Index(
                fields=["status", "queued_at"],
                name="document_open_jobs",
                condition=Q(status__in=["pending", "running"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "subject_key", "version"], name="one_document_version"),
            models.CheckConstraint(
                condition=(
                    Q(kind="evaluation_deliverable", structure__isnull=True, year__isnull=True, mandate__isnull=True)
                    | Q(kind="activity_report", structure__isnull=False, year__isnull=False, mandate__isnull=True)
                    | Q(kind="mandate", structure__isnull=True, year__isnull=True, mandate__isnull=False)
                ),
                name="document_subject_matches_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & ~Q(file="")), name="done_document_has_a_file"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_open(self) -> bool:
        return self.status in (DocumentStatus.PENDING, DocumentStatus.RUNNING)
