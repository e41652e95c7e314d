"""What AVIQ says about a submitted item, and what happened to it.

An *item* is what a consortium submits as a whole: a budget version, a structure's activity report, the evaluation
deliverable, a mandate AVIQ asked to see. A *target* is the part a comment is about: the item itself, a budget line, a report section, a step of
the deliverable (a mandate is commented as a whole). Its label is kept with the comment (the line or section may be renamed or removed later; the
comment keeps saying what it was about).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consortia.models import Consortium

COMMENT_MAX_LENGTH = 4000


class ItemKind(models.TextChoices):
    BUDGET = "budget", _("Budget")
    REPORT = "report", _("Rapport d'activité")
    DELIVERABLE = "deliverable", _("Livrable d'évaluation")
    MANDATE = "mandate", _("Mandat")


class Target(models.TextChoices):
    BUDGET = "budget", _("Budget")
    BUDGET_LINE = "budget_line", _("Ligne du budget")
    REPORT = "report", _("Rapport d'activité")
    REPORT_SECTION = "report_section", _("Section du rapport")
    DELIVERABLE = "deliverable", _("Livrable d'évaluation")
    DELIVERABLE_STEP = "deliverable_step", _("Étape du livrable")
    MANDATE = "mandate", _("Mandat")


# The item each target belongs to.
ITEM_OF_TARGET = {
    Target.BUDGET: ItemKind.BUDGET,
    Target.BUDGET_LINE: ItemKind.BUDGET,
    Target.REPORT: ItemKind.REPORT,
    Target.REPORT_SECTION: ItemKind.REPORT,
    Target.DELIVERABLE: ItemKind.DELIVERABLE,
    Target.DELIVERABLE_STEP: ItemKind.DELIVERABLE,
    Target.MANDATE: ItemKind.MANDATE,
}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Publique : le consortium la lit")
    PRIVATE = "private", _("Annotation privée : seule l'AVIQ la lit")


class Comment(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="review_comments")
    item_kind = models.CharField(_("objet"), max_length=20, choices=ItemKind.choices)
    item_id = models.PositiveBigIntegerField()
    target = models.CharField(_("porte sur"), max_length=20, choices=Target.choices)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("intitulé"), max_length=200, blank=True)
    text = models.TextField(_("commentaire"), max_length=COMMENT_MAX_LENGTH)
    visibility = models.CharField(_("visibilité"), max_length=10, choices=Visibility.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire d'examen")
        verbose_name_plural = _("commentaires d'examen")
        indexes = [models.Index(fields=["consortium", "item_kind", "item_id"], name="review_comment_item")]
        constraints = [
            models.CheckConstraint(condition=Q(visibility__in=["public", "private"]), name="review_comment_visibility"),
            models.CheckConstraint(condition=~Q(text=""), name="review_comment_text"),
        ]

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    def __str__(self):
        return f"{self.get_target_display()} {self.target_label}".strip()


class Action(models.TextChoices):
    REQUESTED = "requested", _("Demandé par l'AVIQ")
    SUBMITTED = "submitted", _("Soumis à l'AVIQ")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    APPROVED = "approved", _("Approuvé")
    AMENDED = "amended", _("Avenant ouvert")
    COMMENTED = "commented", _("Commentaire public")


class ReviewEvent(models.Model):
    """One step of an item's review: submitted, changes requested (with the reasons), approved, amended. Written by
    the workflow services in the transaction of the change they describe; never edited."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="review_events")
    item_kind = models.CharField(max_length=20, choices=ItemKind.choices)
    item_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The consortium's note with a submission, or AVIQ's reasons with a decision (both seen by the consortium).
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("étape d'examen")
        verbose_name_plural = _("étapes d'examen")
        indexes = [models.Index(fields=["consortium", "item_kind", "item_id"], name="review_event_item")]

    def __str__(self):
        return self.get_action_display()
