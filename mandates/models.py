"""Mandates: "un document élaboré collectivement, destiné à clarifier les missions, les responsabilités et l'autonomie
d'un espace ou d'une fonction" (seed 000, Question 3; DOMAIN §5).

A `Mandate` row is one version of the mandate of one space (a governance body) or one function (facilitateur,
secrétaire, comptable). Versions of the same mandate share their `lineage` (the first version's id); `number` counts
them. A draft is edited, proposed to the body that decides it (a governance proposal), adopted when that decision
passes — then it never changes: an amendment is the next version, adopted the same way, which supersedes it.
The twelve parts come in the seed's two groups: the essentials (required to propose) and the modalités.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.models import BudgetLine
from budget.staff.models import StaffArrangement
from consortia.models import Consortium, LifeBasin, Structure
from governance.models import Body, Decision, DecisionDomain, DecisionMethod, Proposal

TEXT_MAX = 10_000


class MandateKind(models.TextChoices):
    OPERATIONAL_TEAM = "operational_team", _("Équipe opérationnelle")
    TEMPORARY_GOVERNANCE = "temporary_governance", _("Gouvernance temporaire")
    WORKING_GROUP = "working_group", _("Groupe de travail (GT)")
    LOCAL_CONCERTATION = "local_concertation", _("Concertation locale")
    GENERAL_ASSEMBLY = "general_assembly", _("Assemblée générale")
    OTHER = "other", _("Autre espace")
    FACILITATOR = "facilitator", _("Fonction : facilitateur·rice")
    SECRETARY = "secretary", _("Fonction : secrétaire")
    ACCOUNTANT = "accountant", _("Fonction : comptable")


FUNCTION_KINDS = (MandateKind.FACILITATOR, MandateKind.SECRETARY, MandateKind.ACCOUNTANT)

# The seed's two groups (000, l. 412–460), in its order: field name → its title there.
ESSENTIALS = (
    ("title", _("Intitulé de l'espace / fonction")),
    ("purpose", _("Finalité / raison d'être")),
    ("responsibilities", _("Responsabilités et tâches")),
    ("autonomy", _("Champ d'autonomie")),
    ("scope", _("Périmètre d'action")),
    ("composition", _("Composition / profils attendus")),
)
MODALITIES = (
    ("articulation", _("Articulation avec les autres instances")),
    ("working_methods", _("Modalités de fonctionnement")),
    ("deliverables", _("Livrables attendus")),
    ("start_date", _("Temporalité et durée du mandat")),
    ("commitments", _("Engagements des membres")),
    ("resources", _("Ressources nécessaires")),
)

AXES = (
    (1, _("Axe 1 : Vision commune")),
    (2, _("Axe 2 : Partenariat")),
    (3, _("Axe 3 : Gouvernance")),
    (4, _("Axe 4 : Système apprenant")),
    (5, _("Axe 5 : Gestion de l'information")),
)


class Mandate(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Projet")
        PROPOSED = "proposed", _("Proposé à la décision")
        ADOPTED = "adopted", _("Adopté")
        EXPIRED = "expired", _("Expiré")
        SUPERSEDED = "superseded", _("Remplacé par un avenant")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="mandates")
    lineage = models.PositiveBigIntegerField(_("mandat"), null=True, blank=True, db_index=True)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("espace ou fonction"), max_length=30, choices=MandateKind.choices)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates", verbose_name=_("instance")
    )
    # A concertation locale works in one bassin de vie; a thematic one covers the territory (seed 004, l. 368).
    life_basin = models.ForeignKey(
        LifeBasin,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("bassin de vie"),
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # L'essentiel
    title = models.CharField(_("intitulé"), max_length=200)
    purpose = models.TextField(_("finalité / raison d'être"), blank=True, max_length=TEXT_MAX)
    responsibilities = models.TextField(_("responsabilités et tâches"), blank=True, max_length=TEXT_MAX)
    autonomy = models.TextField(_("champ d'autonomie"), blank=True, max_length=TEXT_MAX)
    autonomy_domains = models.JSONField(_("domaines décidés en autonomie"), default=list, blank=True)
    scope = models.TextField(_("périmètre d'action"), blank=True, max_length=TEXT_MAX)
    scope_life_basins = models.ManyToManyField(
        LifeBasin, blank=True, related_name="mandates_in_scope", verbose_name=_("bassins de vie concernés")
    )
    composition = models.TextField(_("composition / profils attendus"), blank=True, max_length=TEXT_MAX)
    # Les modalités
    articulation = models.TextField(_("articulation avec les autres instances"), blank=True, max_length=TEXT_MAX)
    articulated_bodies = models.ManyToManyField(
        Body, blank=True, related_name="articulated_mandates", verbose_name=_("instances avec lesquelles il s'articule")
    )
    working_methods = models.TextField(_("modalités de fonctionnement"), blank=True, max_length=TEXT_MAX)
    deliverables = models.TextField(_("livrables attendus"), blank=True, max_length=TEXT_MAX)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    review_date = models.DateField(_("révision prévue le"), null=True, blank=True)
    commitments = models.TextField(_("engagements des membres"), blank=True, max_length=TEXT_MAX)
    resources = models.TextField(_("ressources nécessaires"), blank=True, max_length=TEXT_MAX)
    # What pays for them: lines of the consortium's budget (a version's lines; an amendment of the budget copies them).
    budget_lines = models.ManyToManyField(
        BudgetLine, blank=True, related_name="mandates", verbose_name=_("lignes du budget qui le financent")
    )
    # The decision
    deciding_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates_to_decide",
        verbose_name=_("instance qui l'adopte"),
    )
    decision_method = models.CharField(_("mode de décision"), max_length=20, choices=DecisionMethod.choices, blank=True)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("proposition")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("décision")
    )
    adopted_at = models.DateTimeField(_("adopté le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking of the draft's edits (ols_platform.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "version"], m2m_fields=[])

    class Meta:
        ordering = ["kind", "title", "-number"]
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        constraints = [
            models.UniqueConstraint(fields=["lineage", "number"], name="unique_mandate_version"),
            models.UniqueConstraint(
                fields=["lineage"],
                condition=Q(status__in=["draft", "proposed"]),
                name="one_open_version_per_mandate",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="mandate_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    @property
    def is_function(self) -> bool:
        return self.kind in FUNCTION_KINDS

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def autonomy_domain_labels(self) -> list[str]:
        """The decision domains it decides alone, by their French names."""
        labels = dict(DecisionDomain.choices)
        return [str(labels.get(domain, domain)) for domain in self.autonomy_domains or []]


class MandateTask(models.Model):
    """A responsibility of the mandate, on one of the five axes (or none)."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="tasks")
    axis = models.PositiveSmallIntegerField(_("axe"), choices=AXES, null=True, blank=True)
    text = models.CharField(_("tâche"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)

    class Meta:
        ordering = ["axis", "position", "pk"]
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")

    def __str__(self):
        return self.text


class MandateMember(models.Model):
    """Who the space is made of: a member structure (and a person), with the kind of contribution it brings."""

    class Contribution(models.TextChoices):
        FUNDED_TEAM = "funded_team", _("Équipe financée par le budget OLS")
        FACILITATION = "facilitation", _("Facilitation")
        METHODOLOGY = "methodology", _("Soutien méthodologique")
        ANIMATION = "animation", _("Animation")
        ANALYSIS = "analysis", _("Analyse")
        MEMBER = "member", _("Membre de l'espace")
        OTHER = "other", _("Autre contribution")

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="members")
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("structure")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    profile = models.CharField(_("profil attendu"), max_length=200, blank=True)
    contribution = models.CharField(_("contribution"), max_length=20, choices=Contribution.choices)
    # "Équipe financée via le budget OLS" (seed 000, l. 712): the mise à disposition or convention that pays this
    # member, with the personnel lines it names.
    staff_arrangement = models.ForeignKey(
        StaffArrangement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandate_members",
        verbose_name=_("mise à disposition ou convention"),
    )

    class Meta:
        ordering = ["contribution", "pk"]
        verbose_name = _("membre de l'espace")
        verbose_name_plural = _("composition")
        constraints = [
            models.CheckConstraint(
                condition=Q(structure__isnull=False) | ~Q(profile=""), name="member_names_a_structure_or_profile"
            )
        ]

    def __str__(self):
        return str(self.structure or self.profile)


class MandateReviewStatus(models.TextChoices):
    REQUESTED = "requested", _("Demandé par l'AVIQ")
    SUBMITTED = "submitted", _("Transmis à l'AVIQ")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    APPROVED = "approved", _("Approuvé par l'AVIQ")


class MandateReview(models.Model):
    """AVIQ asked to see a mandate (the review workspace's "mandates if AVIQ asks to see them"): the coordination transmits a version that no longer changes (proposed or adopted), AVIQ comments, approves or
    asks for changes (an amendment, transmitted in its turn). One open review per mandate (`lineage`); its id is the
    reviewed item's id in review.Comment and review.ReviewEvent."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="mandate_reviews")
    lineage = models.PositiveBigIntegerField(db_index=True)
    # The version asked for, then the version transmitted.
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        _("statut"), max_length=20, choices=MandateReviewStatus.choices, default=MandateReviewStatus.REQUESTED
    )
    reason = models.TextField(_("ce que l'AVIQ souhaite voir"), max_length=4000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submission_note = models.TextField(blank=True, max_length=4000)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("examen d'un mandat")
        verbose_name_plural = _("examens de mandats")
        constraints = [
            models.UniqueConstraint(
                fields=["lineage"], condition=~Q(status="approved"), name="one_open_review_per_mandate"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="mandate_review_has_a_reason"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="mandate_review_queue")]

    def __str__(self):
        return str(self.mandate)

    @property
    def is_open(self) -> bool:
        return self.status != MandateReviewStatus.APPROVED

    @property
    def awaits_consortium(self) -> bool:
        return self.status in (MandateReviewStatus.REQUESTED, MandateReviewStatus.CHANGES_REQUESTED)
