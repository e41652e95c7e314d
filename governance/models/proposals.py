"""Proposals, their attachments and votes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortia.models import Consortium
from ols_platform.storage import private_storage

from .bodies import Body, Seat
from .choices import REASON_MAX, TEXT_MAX, Choice, DecisionDomain, DecisionMethod, Outcome


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        OPEN = "open", _("Ouverte au vote")
        CLOSED = "closed", _("Clôturée")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="proposals")
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("instance qui décide")
    )
    title = models.CharField(_("titre"), max_length=200)
    context = models.TextField(_("contexte"), blank=True, max_length=TEXT_MAX)
    options = models.TextField(_("options envisagées"), blank=True, max_length=TEXT_MAX)
    domain = models.CharField(_("domaine de décision"), max_length=40, choices=DecisionDomain.choices)
    method = models.CharField(_("mode de décision"), max_length=20, choices=DecisionMethod.choices)
    quorum = models.DecimalField(
        _("quorum"), max_digits=3, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("ouverture du vote"), null=True, blank=True)
    closes_at = models.DateTimeField(_("clôture du vote"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(_("résultat"), max_length=10, choices=Outcome.choices, blank=True)
    tally = models.JSONField(_("décompte"), default=dict, blank=True)
    # Amending an open proposal sets its votes aside (they answered another text) and counts here.
    amendments = models.PositiveSmallIntegerField(_("amendements"), default=0)
    # What the decision is about, in another app (a mandate to adopt, …): named, never imported.
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.PositiveIntegerField(null=True, blank=True)
    subject_label = models.CharField(_("objet"), max_length=250, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "version", "tally"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="proposal_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(quorum__gte=0) & Q(quorum__lte=1), name="proposal_quorum_is_a_fraction"),
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(outcome=""), name="closed_proposal_has_outcome"),
        ]

    def __str__(self):
        return self.title

    @property
    def quorum_percent(self) -> int:
        """The quorum as people say it: 50 (%)."""
        return int(self.quorum * 100)


def attachment_path(instance, filename):
    return f"governance/{instance.proposal.consortium_id}/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    """A document the body reads before deciding (privately stored, served by an access-checked view)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_path, storage=private_storage, max_length=255)
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


class Vote(models.Model):
    """A seat's vote on a proposal. Changing it adds a row and sets the earlier one aside (`superseded_at`): the last
    one counts, the earlier ones stay in history, and the database holds one counted vote per seat."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="ballots")
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes_cast")
    as_substitute = models.BooleanField(_("en tant que suppléant·e"), default=False)
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    reason = models.TextField(_("motif"), blank=True, max_length=REASON_MAX)
    cast_at = models.DateTimeField(_("exprimé le"), auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    # The preparer's answer to an objection (consent): shown to the body; the objector may then consent.
    response = models.TextField(_("réponse à l'objection"), blank=True, max_length=REASON_MAX)

    class Meta:
        ordering = ["cast_at", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "seat"], condition=Q(superseded_at__isnull=True), name="one_counted_vote_per_seat"
            ),
            models.CheckConstraint(condition=~Q(choice="objection") | ~Q(reason=""), name="objection_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.seat} · {self.get_choice_display()}"
