"""Support requests: a consortium asks AVIQ for support (its subject, topic and urgency) and the request is followed
to its answer, in a thread of messages (DOMAIN §1: AVIQ controls *and* supports; seed 000, « Soutien dans les
territoires à la demande »)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consortia.models import Consortium

SUBJECT_MAX = 200
MESSAGE_MAX = 4000


class SupportRequest(models.Model):
    class Topic(models.TextChoices):
        BUDGET = "budget", _("Budget et subvention")
        GOVERNANCE = "governance", _("Gouvernance et décisions")
        MANDATES = "mandates", _("Mandats")
        REPORTING = "reporting", _("Rapports et évaluation")
        PARTNERSHIP = "partnership", _("Partenariat et membres")
        TOOLS = "tools", _("Outils et plateforme")
        OTHER = "other", _("Autre")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normale : une réponse dans les deux semaines convient")
        HIGH = "high", _("Haute : une échéance approche (dans la semaine)")
        URGENT = "urgent", _("Urgente : le travail du consortium est bloqué")

    class Status(models.TextChoices):
        OPEN = "open", _("En attente de l'AVIQ")
        ANSWERED = "answered", _("Répondue")
        CLOSED = "closed", _("Close")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="support_requests")
    subject = models.CharField(_("objet"), max_length=SUBJECT_MAX)
    topic = models.CharField(_("thème"), max_length=20, choices=Topic.choices)
    urgency = models.CharField(_("urgence"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande de soutien")
        verbose_name_plural = _("demandes de soutien")
        indexes = [models.Index(fields=["status", "urgency", "created_at"], name="support_queue")]

    def __str__(self):
        return self.subject


class SupportMessage(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_aviq = models.BooleanField(default=False)
    text = models.TextField(_("message"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message de soutien")
        verbose_name_plural = _("messages de soutien")

    def __str__(self):
        return self.text[:60]


TEXT_MAX = 8000


class PracticeSheet(models.Model):
    """A practice a consortium shares with the others, drawn from one of its learning cycles (002, step 5; 000,
    « Favoriser l'apprentissage collectif entre OLS »). Published, it is read by every consortium and AVIQ: the one
    deliberate crossing of the wall between consortia, opt-in and read-only. Nothing else of the consortium shows."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")
        WITHDRAWN = "withdrawn", _("Retirée")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="practice_sheets")
    learning_cycle = models.ForeignKey(
        "reporting.LearningCycle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("titre"), max_length=SUBJECT_MAX)
    context = models.TextField(_("contexte et question de départ"), max_length=TEXT_MAX)
    practice = models.TextField(_("ce qui a été essayé"), max_length=TEXT_MAX)
    lessons = models.TextField(_("ce que nous en avons appris"), max_length=TEXT_MAX)
    contact = models.CharField(_("contact (facultatif)"), max_length=SUBJECT_MAX, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("fiche de pratique")
        verbose_name_plural = _("fiches de pratique")

    def __str__(self):
        return self.title
