"""Bodies and their seats."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortia.models import Consortium, LifeBasin, Structure
from ols_platform.collation import french

from .choices import SINGLE_BODY_KINDS, BodyKind, DecisionMethod


class Body(models.Model):
    """A space of the consortium where people meet and, for some, decide."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("type d'instance"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("rôle de l'instance"), blank=True, max_length=2000)
    # A concertation locale works in one bassin de vie; a thematic one covers the whole territory (seed 004, l. 368).
    life_basin = models.ForeignKey(
        LifeBasin,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("bassin de vie"),
    )
    default_method = models.CharField(
        _("mode de décision habituel"), max_length=20, choices=DecisionMethod.choices, default=DecisionMethod.CONSENT
    )
    quorum = models.DecimalField(
        _("quorum"),
        max_digits=3,
        decimal_places=2,
        default="0.50",
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "Part des sièges avec voix qui doivent s'exprimer pour que la décision soit valable (0,50 = la moitié)."
        ),
    )
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)
    # The decision domains its adopted mandate lets it decide alone (its "champ d'autonomie"), or null while it has no
    # adopted mandate. Written by the mandates app when a mandate of this body is adopted, expires or is superseded:
    # governance reads it (the warnings of "qui décide de quoi") without knowing mandates (DESIGN: one-way imports).
    mandate_domains = models.JSONField(_("domaines décidés en autonomie"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "version", "mandate_domains"])

    class Meta:
        ordering = ["kind", french("name").asc()]
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "name"], name="unique_body_name"),
            models.UniqueConstraint(
                fields=["consortium", "kind"],
                condition=Q(kind__in=[kind.value for kind in SINGLE_BODY_KINDS]),
                name="one_body_of_a_single_kind",
            ),
            models.CheckConstraint(condition=Q(quorum__gte=0) & Q(quorum__lte=1), name="body_quorum_is_a_fraction"),
        ]

    def __str__(self):
        return self.name

    @property
    def quorum_percent(self) -> int:
        """The quorum as people say it: 50 (%)."""
        return int(self.quorum * 100)


class Seat(models.Model):
    """One place in a body: a structure (one seat per structure) or a citizen or user, with or without a vote."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="seats", verbose_name=_("structure")
    )
    # For a seat that is not a structure's: "Citoyen·ne", "Usager·ère du CPAS", …
    label = models.CharField(_("intitulé du siège"), max_length=150, blank=True)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_seats",
        verbose_name=_("représentant·e"),
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substitute_seats",
        verbose_name=_("suppléant·e"),
    )
    votes = models.BooleanField(_("avec voix délibérative"), default=True)
    # The gouvernance temporaire: "un représentant par structure, mandaté pour les décisions stratégiques" (000).
    strategic_delegation = models.BooleanField(_("mandaté·e pour les décisions stratégiques"), default=False)
    delegation_reference = models.CharField(
        _("référence du mandat"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple : décision du conseil d'administration du 12/03/2026."),
    )
    archived_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "version"])

    class Meta:
        ordering = [french("structure__name").asc(nulls_last=True), french("label").asc()]
        verbose_name = _("siège")
        verbose_name_plural = _("sièges")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "structure"],
                condition=Q(structure__isnull=False, archived_at__isnull=True),
                name="one_seat_per_structure",
            ),
            models.CheckConstraint(
                condition=Q(structure__isnull=False) | ~Q(label=""), name="seat_names_who_it_is_for"
            ),
            models.CheckConstraint(
                condition=Q(representative__isnull=True)
                | Q(substitute__isnull=True)
                | ~Q(representative=models.F("substitute")),
                name="substitute_is_someone_else",
            ),
        ]

    def __str__(self):
        return self.structure.name if self.structure_id else self.label

    @property
    def is_archived(self):
        return self.archived_at is not None
