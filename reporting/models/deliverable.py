"""The five-step evaluation deliverable (DOMAIN §7, call for projects 001 l. 200–230, 000 Q2).

One `DeliverableStep` per consortium and step (1–5), with its narrative, status and progress; evidence links a step to
what the consortium did (an activity, a decision of the register, an adopted mandate, or an external document).
Step 3 lists the consortium's priority projects (at the start, those of the application, 000 l. 71); step 5 its
learning cycles (PDSA: plan, do, study, act — repeatable, each using hard, soft or warm data, 002 l. 546–592).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consortia.models import LIFE_DATE_WINDOW, Consortium
from governance.models import Decision
from mandates.models import Mandate

from .activity import Activity

NARRATIVE_MAX = 30_000
TITLE_MAX = 200
TEXT_MAX = 5_000
URL_MAX = 500

# The five steps, titled exactly as the call for projects (001, l. 212–226).
STEP_TITLES = {
    1: "Réaliser une évaluation de la situation initiale du consortium",
    2: "Établir un projet commun aux membres du consortium",
    3: "Rendre le consortium fonctionnel en travaillant sur des projets concrets",
    4: "Élaborer le modèle de gouvernance du consortium",
    5: "Renforcer une dynamique apprenante et adopter des pratiques réflexives",
}
STEP_NUMBERS = tuple(STEP_TITLES)
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class DeliverableStatus(models.TextChoices):
    DRAFT = "draft", _("En rédaction")
    SUBMITTED = "submitted", _("Remis à l'AVIQ")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    APPROVED = "approved", _("Approuvé par l'AVIQ")


class Deliverable(models.Model):
    """The deliverable as a whole, as handed in to AVIQ: its status and version (1, then one more per amendment).
    Created on its first submission; while submitted or approved, its steps, evidence, projects and cycles are
    locked (reporting.deliverable_workflow.lock_open_deliverable)."""

    EDITABLE = (DeliverableStatus.DRAFT, DeliverableStatus.CHANGES_REQUESTED)

    consortium = models.OneToOneField(Consortium, on_delete=models.CASCADE, related_name="deliverable")
    status = models.CharField(
        _("statut"), max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submission_note = models.TextField(blank=True, max_length=4000)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(blank=True, max_length=4000)

    class Meta:
        verbose_name = _("livrable d'évaluation")
        verbose_name_plural = _("livrables d'évaluation")

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def __str__(self):
        return _("Livrable d'évaluation, version %s") % self.version


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Pas commencée")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Terminée")


class DeliverableStep(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="deliverable_steps")
    number = models.PositiveSmallIntegerField(_("étape"), choices=[(n, str(n)) for n in STEP_NUMBERS])
    narrative = models.TextField(_("récit"), max_length=NARRATIVE_MAX, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0, validators=PERCENT)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["consortium", "number"]
        verbose_name = _("étape du livrable")
        verbose_name_plural = _("étapes du livrable")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "number"], name="deliverable_step_unique"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=5), name="deliverable_step_number"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="deliverable_step_progress"),
        ]

    @property
    def title(self) -> str:
        return STEP_TITLES[self.number]

    def __str__(self):
        return f"{self.number}. {self.title}"


class EvidenceKind(models.TextChoices):
    ACTIVITY = "activity", _("Activité")
    DECISION = "decision", _("Décision")
    MANDATE = "mandate", _("Mandat adopté")
    LINK = "link", _("Document externe")


class StepEvidence(models.Model):
    """One piece of evidence of a step: exactly one of activity, decision, mandate, or (title + https URL)."""

    step = models.ForeignKey(DeliverableStep, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("type"), max_length=10, choices=EvidenceKind.choices)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX, blank=True)
    url = models.URLField(_("adresse"), max_length=URL_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("preuve")
        verbose_name_plural = _("preuves")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="activity",
                        activity__isnull=False,
                        decision__isnull=True,
                        mandate__isnull=True,
                        url="",
                    )
                    | Q(
                        kind="decision",
                        activity__isnull=True,
                        decision__isnull=False,
                        mandate__isnull=True,
                        url="",
                    )
                    | Q(
                        kind="mandate",
                        activity__isnull=True,
                        decision__isnull=True,
                        mandate__isnull=False,
                        url="",
                    )
                    | (
                        Q(kind="link", activity__isnull=True, decision__isnull=True, mandate__isnull=True)
                        & ~Q(title="")
                        & Q(url__startswith="https://")
                    )
                ),
                name="step_evidence_one_target",
            ),
        ]

    @property
    def target(self):
        return {"activity": self.activity, "decision": self.decision, "mandate": self.mandate}.get(self.kind)

    @property
    def label(self) -> str:
        target = self.target
        return self.title if target is None else str(target)

    def __str__(self):
        return self.label


class ProjectOrigin(models.TextChoices):
    APPLICATION = "application", _("Projet de la candidature")
    ADDED = "added", _("Ajouté en cours de route")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisé")
    PAUSED = "paused", _("Suspendu")


class PriorityProject(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="priority_projects")
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    origin = models.CharField(_("origine"), max_length=20, choices=ProjectOrigin.choices, default=ProjectOrigin.ADDED)
    status = models.CharField(_("statut"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0, validators=PERCENT)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("projet prioritaire")
        verbose_name_plural = _("projets prioritaires")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="priority_project_progress")]

    def __str__(self):
        return self.title


class CycleStatus(models.TextChoices):
    PLANNED = "planned", _("Planifié")
    RUNNING = "running", _("En cours")
    CLOSED = "closed", _("Clôturé")


# The four moments of a PDSA cycle (002, étapes 5.1–5.4): field prefix → label.
PDSA = (
    ("plan", _("Planifier")),
    ("do", _("Expérimenter")),
    ("study", _("Évaluer")),
    ("act", _("Ajuster")),
)
# The data a cycle uses (002 l. 556): measurable, tacit knowledge of the actors, their feelings.
DATA_KINDS = (
    ("hard_data", _("Données « dures » (quantifiables)")),
    ("soft_data", _("Données « souples » (connaissances tacites des acteurs)")),
    ("warm_data", _("Données « chaudes » (ressentis)")),
)


class LearningCycle(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="learning_cycles")
    number = models.PositiveIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX)
    question = models.TextField(_("question d'apprentissage"), max_length=TEXT_MAX, blank=True)
    plan = models.TextField(_("planifier"), max_length=TEXT_MAX, blank=True)
    plan_date = models.DateField(_("date de la planification"), null=True, blank=True, validators=[LIFE_DATE_WINDOW])
    do = models.TextField(_("expérimenter"), max_length=TEXT_MAX, blank=True)
    do_date = models.DateField(_("date de l'expérimentation"), null=True, blank=True, validators=[LIFE_DATE_WINDOW])
    study = models.TextField(_("évaluer"), max_length=TEXT_MAX, blank=True)
    study_date = models.DateField(_("date de l'évaluation"), null=True, blank=True, validators=[LIFE_DATE_WINDOW])
    act = models.TextField(_("ajuster"), max_length=TEXT_MAX, blank=True)
    act_date = models.DateField(_("date de l'ajustement"), null=True, blank=True, validators=[LIFE_DATE_WINDOW])
    hard_data = models.TextField(_("données dures"), max_length=TEXT_MAX, blank=True)
    soft_data = models.TextField(_("données souples"), max_length=TEXT_MAX, blank=True)
    warm_data = models.TextField(_("données chaudes"), max_length=TEXT_MAX, blank=True)
    activities = models.ManyToManyField(Activity, blank=True, related_name="+", verbose_name=_("activités liées"))
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("cycle précédent"),
    )
    status = models.CharField(_("statut"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.PLANNED)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = _("cycle d'apprentissage")
        verbose_name_plural = _("cycles d'apprentissage")
        constraints = [models.UniqueConstraint(fields=["consortium", "number"], name="learning_cycle_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def moments(self):
        return [(label, getattr(self, name), getattr(self, f"{name}_date")) for name, label in PDSA]

    @property
    def data_used(self):
        return [(label, getattr(self, name)) for name, label in DATA_KINDS if getattr(self, name)]
