"""Staff arrangements (DOMAIN §3, seed 000 Q1): how the operational team is paid when its people work elsewhere.

- `secondment` (mise à disposition): the employer seconds staff to the lead, which reimburses the employer;
- `convention`: the lead (who holds the funds) pays the employer the cost of the staff, without formal secondment;
- `direct`: the lead employs the person itself (no money flows between structures).

Each arrangement belongs to one budget version and names the personnel lines it is paid from. The link rows
(`StaffArrangementLine`) PROTECT the line: a line funding an arrangement cannot be deleted while the arrangement exists.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.staff.rules import ARRANGEMENT_FTE_MAX
from consortia.models import Structure
from ols_platform.collation import french
from ols_platform.storage import private_storage

PERSON_MAX_LENGTH = 200


def arrangement_document_path(instance, filename):
    suffix = Path(filename).suffix.lower()
    return f"budget/arrangements/{instance.budget.consortium_id}/{uuid.uuid4().hex}{suffix}"


class StaffArrangement(models.Model):
    class Kind(models.TextChoices):
        SECONDMENT = "secondment", _("Mise à disposition")
        CONVENTION = "convention", _("Convention avec remboursement")
        DIRECT = "direct", _("Emploi direct par la structure porteuse")

    # Kinds where the lead pays another structure (a flow between structures).
    REIMBURSED = (Kind.SECONDMENT, Kind.CONVENTION)

    budget = models.ForeignKey(
        "budget.Budget", on_delete=models.CASCADE, related_name="staff_arrangements", verbose_name=_("budget")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    employer = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="staff_arrangements", verbose_name=_("structure employeuse")
    )
    person = models.CharField(_("personne ou fonction"), max_length=PERSON_MAX_LENGTH)
    fte = models.DecimalField(_("ETP"), max_digits=3, decimal_places=2)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    monthly_cost = models.DecimalField(_("coût mensuel (€)"), max_digits=12, decimal_places=2)
    document = models.FileField(
        _("document signé"),
        upload_to=arrangement_document_path,
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    document_filename = models.CharField(_("nom du document"), max_length=255, blank=True)
    lines = models.ManyToManyField(
        "budget.BudgetLine",
        through="budget.StaffArrangementLine",
        related_name="staff_arrangements",
        verbose_name=_("lignes de personnel financées"),
    )
    # Optimistic locking, as for budget lines: an update names the version the editor loaded.
    version = models.PositiveIntegerField(default=1)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["start_date", french("person").asc(), "pk"]
        verbose_name = _("mise à disposition ou convention")
        verbose_name_plural = _("mises à disposition et conventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=ARRANGEMENT_FTE_MAX), name="staff_arrangement_fte_range"
            ),
            models.CheckConstraint(condition=Q(monthly_cost__gt=0), name="staff_arrangement_cost_positive"),
            models.CheckConstraint(condition=Q(start_date__lte=models.F("end_date")), name="staff_arrangement_period"),
            models.CheckConstraint(
                condition=Q(kind__in=["secondment", "convention", "direct"]), name="staff_arrangement_kind"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()}"

    @property
    def is_reimbursed(self):
        return self.kind in self.REIMBURSED


class StaffArrangementLine(models.Model):
    """An arrangement funded by a personnel line. PROTECT: the line cannot go while the arrangement exists."""

    arrangement = models.ForeignKey(StaffArrangement, on_delete=models.CASCADE, related_name="line_links")
    line = models.ForeignKey("budget.BudgetLine", on_delete=models.PROTECT, related_name="arrangement_links")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne finançant une mise à disposition")
        verbose_name_plural = _("lignes finançant des mises à disposition")
        constraints = [models.UniqueConstraint(fields=["arrangement", "line"], name="unique_arrangement_line")]

    def __str__(self):
        return f"{self.arrangement_id} ← {self.line_id}"
