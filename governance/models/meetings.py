"""Meetings: agenda, attendance, minutes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .bodies import Body, Seat
from .choices import REASON_MAX, TEXT_MAX


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        HELD = "held", _("Tenue")
        CANCELLED = "cancelled", _("Annulée")

    class MinutesStatus(models.TextChoices):
        NONE = "none", _("Pas encore rédigé")
        DRAFT = "draft", _("Projet")
        APPROVED = "approved", _("Approuvé")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("titre"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True, max_length=500)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("procès-verbal"), blank=True, max_length=TEXT_MAX)
    minutes_status = models.CharField(
        _("état du procès-verbal"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_approved_at = models.DateTimeField(_("procès-verbal approuvé le"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitations_sent_at = models.DateTimeField(_("invitations envoyées le"), null=True, blank=True)
    # The calendar invitation's SEQUENCE (RFC 5545): one more at each change of what the invitation says.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The sequence the seat holders last received by e-mail (None: never invited): the sending task's idempotency.
    emailed_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "version", "sequence", "emailed_sequence"])

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start")
        ]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    title = models.CharField(_("point"), max_length=250)
    notes = models.TextField(_("précisions"), blank=True, max_length=REASON_MAX)
    proposal = models.ForeignKey(
        "Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("proposition"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("ordre du jour")

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Présent·e")
        SUBSTITUTE = "substitute", _("Représenté·e par le ou la suppléant·e")
        EXCUSED = "excused", _("Excusé·e")
        ABSENT = "absent", _("Absent·e")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("présence"), max_length=10, choices=Status.choices)
    note = models.CharField(_("remarque"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat")]

    def __str__(self):
        return f"{self.seat} · {self.get_status_display()}"

    @property
    def counts_for_quorum(self):
        return self.status in (self.Status.PRESENT, self.Status.SUBSTITUTE)
