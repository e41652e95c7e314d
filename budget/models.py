"""The 24-month budget of a consortium: rule set, budget versions, lines (plan) and expenses (actual).

Staff arrangements, a subject built on the lines, keep their models in budget/staff/models.py (registered by
`BudgetConfig.import_models`).
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortia.models import Consortium, Structure
from ols_platform.collation import french
from ols_platform.storage import private_storage

from .rules import DEFAULT_RULES, LINE_FTE_MAX, Rules

# The order of the plan, on every page and in every export: names and labels in French.
LINE_ORDER = ("year", french("structure__name").asc(), "category", french("label").asc(), "pk")

# Text limits: the model, the services, the forms and the API read them from here.
LABEL_MAX_LENGTH = 200
STAFF_ROLE_MAX_LENGTH = 150
JUSTIFICATION_MAX_LENGTH = 2000
REVIEW_COMMENT_MAX_LENGTH = 4000


class PersonnelBasis(models.TextChoices):
    BUDGET_TOTAL = "budget_total", _("Total du budget prévu")
    ENVELOPE = "envelope", _("Enveloppe (plafond)")


class RuleSet(models.Model):
    """The funding rules as data (DOMAIN §4): AVIQ can change them; exactly one is active."""

    name = models.CharField(_("nom"), max_length=120)
    is_active = models.BooleanField(_("actif"), default=False)
    population_threshold = models.PositiveIntegerField(
        _("seuil de population"),
        default=DEFAULT_RULES.population_threshold,
        help_text=_("En dessous : petite enveloppe ; à partir de ce seuil (inclus) : grande enveloppe."),
    )
    small_cap = models.DecimalField(
        _("petite enveloppe (€)"), max_digits=12, decimal_places=2, default=DEFAULT_RULES.small_cap
    )
    large_cap = models.DecimalField(
        _("grande enveloppe (€)"), max_digits=12, decimal_places=2, default=DEFAULT_RULES.large_cap
    )
    period_months = models.PositiveSmallIntegerField(
        _("durée du financement (mois)"),
        default=DEFAULT_RULES.period_months,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    programme_total = models.DecimalField(
        _("total du programme (€)"), max_digits=14, decimal_places=2, default=DEFAULT_RULES.programme_total
    )
    personnel_min_share = models.DecimalField(
        _("part minimale de personnel"),
        max_digits=5,
        decimal_places=4,
        default=DEFAULT_RULES.personnel_min_share,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Une fraction : 0,80 pour 80 %."),
    )
    personnel_basis = models.CharField(
        _("base de la part de personnel"),
        max_length=20,
        choices=PersonnelBasis.choices,
        default=DEFAULT_RULES.personnel_basis,
    )
    max_amount = models.DecimalField(
        _("montant maximal d'une ligne ou d'une dépense (€)"),
        max_digits=12,
        decimal_places=2,
        default=DEFAULT_RULES.max_amount,
        validators=[MinValueValidator(Decimal("1.00"))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-is_active", french("name").asc()]
        verbose_name = _("jeu de règles budgétaires")
        verbose_name_plural = _("jeux de règles budgétaires")
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_ruleset"),
            models.CheckConstraint(condition=Q(small_cap__lte=models.F("large_cap")), name="small_cap_not_above_large"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def active(cls) -> "RuleSet":
        """The active rule set. None active is a broken installation (migration 0002 creates one), not a reason
        to apply unsaved defaults: fail loudly."""
        ruleset = cls.objects.filter(is_active=True).first()
        if ruleset is None:
            raise ImproperlyConfigured(
                "Aucun jeu de règles budgétaires actif (No active budget RuleSet): run `manage.py migrate` (migration "
                "budget 0002 creates one) or activate a rule set in the admin."
            )
        return ruleset

    def as_rules(self) -> Rules:
        return Rules(**{name: getattr(self, name) for name in Rules.__dataclass_fields__})


class Budget(models.Model):
    """One version of a consortium's forecast budget. An amendment is a new version that supersedes the approved one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis à l'AVIQ")
        CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
        APPROVED = "approved", _("Approuvé")
        SUPERSEDED = "superseded", _("Remplacé par un avenant")

    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED)

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="budgets")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("remplace la version"),
    )
    # Bumped by every change to the lines: a submission or review names the revision it saw.
    revision = models.PositiveIntegerField(_("révision"), default=0)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("commentaire de l'AVIQ"), blank=True, max_length=REVIEW_COMMENT_MAX_LENGTH)
    # The consortium's answer to AVIQ's requested changes, written when it submits again.
    submission_note = models.TextField(
        _("réponse de la coordination"), blank=True, max_length=REVIEW_COMMENT_MAX_LENGTH
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["revision", "created_at"])

    class Meta:
        ordering = ["consortium", "-version"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "version"], name="unique_budget_version"),
            models.UniqueConstraint(
                fields=["consortium"],
                condition=Q(status__in=["draft", "submitted", "changes_requested"]),
                name="one_open_budget_per_consortium",
            ),
            models.UniqueConstraint(
                fields=["consortium"], condition=Q(status="approved"), name="one_approved_budget_per_consortium"
            ),
        ]

    def __str__(self):
        return f"{self.consortium} · v{self.version} · {self.get_status_display()}"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


class Category(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    OPERATING = "operating", _("Fonctionnement")
    EQUIPMENT = "equipment", _("Équipement")
    SUBCONTRACTING = "subcontracting", _("Sous-traitance")
    OTHER = "other", _("Autre")


class BudgetLine(models.Model):
    """A planned amount: a structure of the consortium, a category, year 1 or 2.

    Personnel lines carry the role and FTE; a staff arrangement (budget/staff/) names the personnel lines it is paid
    from, and such a line cannot be deleted while the arrangement exists.
    """

    class Year(models.IntegerChoices):
        ONE = 1, _("Année 1")
        TWO = 2, _("Année 2")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("structure")
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    year = models.PositiveSmallIntegerField(_("année"), choices=Year.choices)
    label = models.CharField(_("libellé"), max_length=LABEL_MAX_LENGTH)
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2)
    staff_role = models.CharField(_("fonction"), max_length=STAFF_ROLE_MAX_LENGTH, blank=True)
    fte = models.DecimalField(_("ETP"), max_digits=4, decimal_places=2, null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    # Optimistic locking: an update names the version the editor loaded; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = list(LINE_ORDER)
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive"),
            models.CheckConstraint(condition=Q(year__in=[1, 2]), name="budget_line_year_1_or_2"),
            models.CheckConstraint(
                condition=Q(fte__isnull=True) | (Q(fte__gt=0) & Q(fte__lte=LINE_FTE_MAX)), name="budget_line_fte_range"
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_year_display()})"


def justification_path(instance, filename):
    suffix = Path(filename).suffix.lower()
    return f"budget/expenses/{instance.budget_line.budget.consortium_id}/{uuid.uuid4().hex}{suffix}"


class Expense(models.Model):
    """Actual spending against a line of the approved budget, inside the 24 months, with its justification."""

    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("ligne budgétaire")
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2)
    justification = models.TextField(_("justification"), max_length=JUSTIFICATION_MAX_LENGTH)
    justification_file = models.FileField(
        _("pièce justificative"), upload_to=justification_path, storage=private_storage, blank=True, max_length=255
    )
    justification_filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("dépense")
        verbose_name_plural = _("dépenses")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")]

    def __str__(self):
        return f"{self.date} · {self.amount} €"
