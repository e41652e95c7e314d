"""The decision register, follow-up actions and recommendations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortia.models import Consortium

from .bodies import Body
from .choices import TEXT_MAX, DecisionDomain, DecisionMethod, Outcome
from .meetings import Meeting
from .proposals import Proposal


class Decision(models.Model):
    """An entry of the decision register. Written once, never changed: a correction is a new decision (`corrects`)."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveIntegerField(_("numéro"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("instance"))
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("proposition"),
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("réunion")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    domain = models.CharField(_("domaine de décision"), max_length=40, choices=DecisionDomain.choices)
    method = models.CharField(_("mode de décision"), max_length=20, choices=DecisionMethod.choices)
    decided_on = models.DateField(_("date de la décision"))
    outcome = models.CharField(_("résultat"), max_length=10, choices=Outcome.choices)
    # Who took part, as it was that day: [{"seat": id, "name": …, "choice": …, "reason": …}]
    participants = models.JSONField(_("participants"), default=list)
    tally = models.JSONField(_("décompte"), default=dict)
    rationale = models.TextField(_("motivation"), blank=True, max_length=TEXT_MAX)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("corrige")
    )
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-number"]
        verbose_name = _("décision")
        verbose_name_plural = _("registre des décisions")
        constraints = [models.UniqueConstraint(fields=["consortium", "number"], name="unique_decision_number")]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    @property
    def reference(self):
        return f"D-{self.decided_on.year}-{self.number:03d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A decision is immutable: record a correction instead.")
        super().save(*args, **kwargs)


class FollowUp(models.Model):
    """An action a decision asks for: what, who, by when; done or not (the decision itself never changes)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("action"), max_length=250)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsable"),
    )
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")

    def __str__(self):
        return self.description


class Recommendation(models.Model):
    """A GT or a concertation recommends, the governance decides (seed 004, l. 376): the recommendation becomes a
    draft proposal in the deciding body, and its origin sees what became of it."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="recommendations")
    from_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations_made")
    to_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations_received")
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("recommandation"), max_length=TEXT_MAX)
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="recommendation")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
        constraints = [
            models.CheckConstraint(condition=~Q(from_body=models.F("to_body")), name="recommendation_to_another_body")
        ]

    def __str__(self):
        return self.title
