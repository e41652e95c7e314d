"""The activity log: what the consortium did, recorded as it happens (DOMAIN §8, call for projects 001 l. 110–131).

Each activity sits on one of the call's action logics: the horizontal axis (primary care and local dynamics in the
bassins de vie), the vertical axis (inter-organisational programmes for specific publics) or one of the five
transversal support functions. It is evidence for the evaluation deliverable and the structures' reports.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortia.models import LIFE_DATE_WINDOW, Consortium, LifeBasin, Structure
from ols_platform.storage import private_storage

TITLE_MAX = 200
NARRATIVE_MAX = 5_000


class ActivityKind(models.TextChoices):
    ACTION = "action", _("Action")
    MEETING = "meeting", _("Réunion")
    CONCERTATION = "concertation", _("Concertation")
    PROJECT = "project", _("Projet")
    TRAINING = "training", _("Formation / intervision")
    COMMUNICATION = "communication", _("Communication")


class ActionLogic(models.TextChoices):
    """The call's three action logics (001, l. 116–131)."""

    HORIZONTAL = "horizontal", _("Axe horizontal : soins primaires et dynamiques locales")
    VERTICAL = "vertical", _("Axe vertical : programmes inter-organisationnels")
    TRANSVERSAL = "transversal", _("Fonction de soutien transversale")


class TransversalFunction(models.TextChoices):
    """The five transversal support functions, in the call's words (001, l. 128–131)."""

    PARTNERSHIP = "partnership", _("Soutenir et coordonner le partenariat")
    DECISION_MAKING = "decision_making", _("Accompagner et structurer le processus de décision collaboratif")
    LEARNING = "learning", _("Développer un système apprenant et soutenir les pratiques réflexives")
    INTEGRATION = "integration", _("Assurer l'intégration systémique et l'alignement stratégique")
    INFORMATION = "information", _("Organiser la gestion de l'information et du feedback")


class Activity(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("date"), validators=[LIFE_DATE_WINDOW])
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX)
    logic = models.CharField(_("logique d'action"), max_length=20, choices=ActionLogic.choices)
    # Only for the transversal logic (a database constraint keeps the two in step).
    function = models.CharField(
        _("fonction transversale"), max_length=20, choices=TransversalFunction.choices, blank=True
    )
    # A bassin de vie of the consortium's territory (checked by the services), or none for territory-wide work.
    life_basin = models.ForeignKey(
        LifeBasin, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bassin de vie")
    )
    # Structures of the consortium (members or partners; checked by the services).
    structures = models.ManyToManyField(Structure, blank=True, related_name="+", verbose_name=_("structures"))
    participants_count = models.PositiveIntegerField(_("nombre de participants"), null=True, blank=True)
    participants = models.CharField(_("participants / publics"), max_length=500, blank=True)
    narrative = models.TextField(_("récit"), max_length=NARRATIVE_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (ols_platform.concurrency): counts the writes of the fields above.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        indexes = [models.Index(fields=["consortium", "-date"], name="activity_consortium_date")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(logic="transversal") & ~Q(function="")) | (~Q(logic="transversal") & Q(function="")),
                name="activity_function_iff_transversal",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.title}"


def activity_attachment_path(instance, filename):
    return f"reporting/activities/{instance.activity.consortium_id}/{instance.activity_id}/{filename}"


class ActivityAttachment(models.Model):
    """A document of the activity (minutes, attendance sheet, photo), privately stored, served by an access-checked
    view."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=activity_attachment_path, storage=private_storage, max_length=255)
    filename = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveIntegerField(_("taille"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.filename
