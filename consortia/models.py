"""Territories, structures, consortia, memberships, links between structures, users and their roles."""

import datetime

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ols_platform.collation import french
from ols_platform.validators import DateWithin

from .enterprise_number import validate_enterprise_number

PILOT_START = datetime.date(2026, 1, 1)
PILOT_MONTHS = 24
# The programme's window (README, "Dates"): a consortium starts within it. A constant here, not a RuleSet field:
# the rule set lives in `budget`, which `consortia` must not import, and the window changes with the programme
# itself (a code change and a migration), not with a funding rule.
START_DATE_WINDOW = DateWithin(datetime.date(2025, 1, 1), datetime.date(2030, 12, 31))
# Any other date of a consortium's life (a structure joining it, …) lies within the programme's horizon.
LIFE_DATE_WINDOW = DateWithin(datetime.date(2020, 1, 1), datetime.date(2040, 12, 31))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person. Logs in with the email; a global role only for AVIQ staff."""

    class GlobalRole(models.TextChoices):
        AVIQ_REVIEWER = "aviq_reviewer", _("Agent·e AVIQ")

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    aviq_reviewer = models.BooleanField(_("agent·e AVIQ (lecture de tous les consortia)"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = [french("last_name").asc(), french("first_name").asc(), "email"]
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def global_role(self):
        if self.is_superuser:
            return "platform_admin"
        if self.aviq_reviewer:
            return "aviq_reviewer"
        return None

    @property
    def must_use_mfa(self):
        return self.is_superuser or self.aviq_reviewer or self.is_staff


class Territory(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    population = models.PositiveIntegerField(_("population"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        ordering = [french("name").asc()]
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self):
        return self.name


class LifeBasin(models.Model):
    """A bassin de vie: the micro level, inside one territory."""

    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="life_basins")
    name = models.CharField(_("nom"), max_length=120)
    population = models.PositiveIntegerField(_("population"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        ordering = [french("name").asc()]
        verbose_name = _("bassin de vie")
        verbose_name_plural = _("bassins de vie")
        constraints = [models.UniqueConstraint(fields=["territory", "name"], name="unique_life_basin_name")]

    def __str__(self):
        return self.name


class Sector(models.TextChoices):
    FIRST_LINE = "1LSS", _("1LSS · Première ligne social santé")
    PREVENTION = "PP", _("PP · Prévention et promotion de la santé")
    HOSPITAL = "SH", _("SH · Secteur hospitalier")
    MENTAL_HEALTH = "SM", _("SM · Santé mentale")
    SOCIAL_HEALTH = "SSS", _("SSS · Système social santé")


class Level(models.TextChoices):
    MACRO = "macro", _("Macro")
    MESO = "meso", _("Méso")
    MICRO = "micro", _("Micro")


class Focus(models.TextChoices):
    HEALTH = "health", _("Santé")
    SOCIAL = "social", _("Social")
    SPECIFIC_PUBLICS = "specific_publics", _("Publics spécifiques")


class LegalForm(models.TextChoices):
    ASBL = "asbl", _("ASBL")
    AISBL = "aisbl", _("AISBL")
    FONDATION = "fondation", _("Fondation")
    PUBLIC = "public", _("Pouvoir public / CPAS")
    SCRL = "scrl", _("Société coopérative")
    SRL = "srl", _("SRL / société")
    OTHER = "other", _("Autre")


class InsolvencyStatus(models.TextChoices):
    NONE = "none", _("Aucune procédure")
    BANKRUPTCY = "bankruptcy", _("En faillite")
    JUDICIAL_REORGANISATION = "judicial_reorganisation", _("En réorganisation judiciaire")


# A structure's identity, shared by every consortium it belongs to (see the README, "the structure sharing model").
IDENTITY_FIELDS = (
    "name",
    "enterprise_number",
    "legal_form",
    "sector",
    "level",
    "focus",
    "is_hospital",
    "is_insurer",
    "insolvency",
    "is_aviq_approved",
)
# What a consortium says about a structure for its own work: kept on its Membership, never shared.
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "address")


class Structure(models.Model):
    """An organisation (ASBL, hospital, insurer, …) identified by its BCE/KBO enterprise number.

    One row is shared by every consortium the structure belongs to: it holds the structure's identity (what is
    true whoever looks at it). What a consortium says about it for its own work (contact, address) lives on the
    Membership; its bassins de vie are those of each consortium's territory, so each consortium sets its own.
    """

    name = models.CharField(_("nom"), max_length=200)
    legal_form = models.CharField(_("forme juridique"), max_length=20, choices=LegalForm.choices)
    enterprise_number = models.CharField(
        _("numéro d'entreprise"),
        max_length=12,
        unique=True,
        validators=[validate_enterprise_number],
        help_text=_("Numéro BCE au format 0123.456.789."),
    )
    sector = models.CharField(_("secteur"), max_length=4, choices=Sector.choices)
    level = models.CharField(_("niveau"), max_length=5, choices=Level.choices)
    focus = models.CharField(_("focale"), max_length=20, choices=Focus.choices, blank=True)
    is_hospital = models.BooleanField(_("hôpital ou réseau hospitalier"), default=False)
    is_insurer = models.BooleanField(_("organisme assureur"), default=False)
    insolvency = models.CharField(
        _("procédure d'insolvabilité"), max_length=30, choices=InsolvencyStatus.choices, default=InsolvencyStatus.NONE
    )
    is_aviq_approved = models.BooleanField(_("opérateur agréé par l'AVIQ"), default=False)
    life_basins = models.ManyToManyField(
        LifeBasin, blank=True, related_name="structures", verbose_name=_("bassins de vie")
    )
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking (ols_platform.concurrency): one more on every write of the identity, flags or archive state.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "version"])

    class Meta:
        ordering = [french("name").asc()]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")

    def __str__(self):
        return self.name

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def is_insolvent(self):
        return self.insolvency != InsolvencyStatus.NONE

    @property
    def may_be_member(self):
        """Hospitals, hospital networks and insurers may only be partners (DOMAIN §2)."""
        return not (self.is_hospital or self.is_insurer)


class Consortium(models.Model):
    class Status(models.TextChoices):
        APPLICATION = "application", _("Candidature")
        ACTIVE = "active", _("En cours")
        SUSPENDED = "suspended", _("Suspendu")
        CLOSED = "closed", _("Clôturé")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    territory = models.OneToOneField(
        Territory, on_delete=models.PROTECT, related_name="consortium", verbose_name=_("territoire")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField(_("date de début"), default=PILOT_START, validators=[START_DATE_WINDOW])
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), default=PILOT_MONTHS)
    structures = models.ManyToManyField(Structure, through="Membership", related_name="consortia")
    # What the consortium's pages show, as a counter: one more on every write that changes it (its structures,
    # memberships, links, bassins de vie, roles, …), through `consortia.services.base.bump_revision`. A cached page
    # keys its entry on it, so a write makes the old entry unreachable: no stale page, nothing to delete.
    revision = models.PositiveIntegerField(default=0, editable=False)
    # Switched by the coordination (consortia.services.consortium.operational_expenses_set): while on, the
    # operational team holds `record_expenses` (consortia.roles.ALLOWED_BY_CONSORTIUM).
    operational_team_records_expenses = models.BooleanField(
        _("l'équipe opérationnelle peut enregistrer des dépenses et leurs justificatifs"), default=False
    )

    history = HistoricalRecords(m2m_fields=[], excluded_fields=["revision"])

    class Meta:
        ordering = [french("name").asc()]
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")
        permissions = [
            ("manage_structures", "Manage structures, memberships and links"),
            ("manage_roles", "Invite users and give them roles"),
            ("manage_links", "Record the links between méso structures"),
            ("edit_budget", "Edit the budget"),
            ("view_budget", "View the budget"),
            ("record_expenses", "Record expenses and their supporting documents"),
            ("manage_governance", "Manage governance bodies and seats"),
            ("prepare_decisions", "Prepare proposals, meetings and decisions"),
            ("manage_reporting", "Keep the activity log, shared paragraphs and the evaluation deliverable"),
        ]

    def __str__(self):
        return self.name

    @property
    def end_date(self):
        month_index = self.start_date.month - 1 + self.duration_months
        year = self.start_date.year + month_index // 12
        return datetime.date(year, month_index % 12 + 1, 1) - datetime.timedelta(days=1)


class Membership(models.Model):
    """A structure's place in a consortium: member or partner, whether it is the lead, and this consortium's contact."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Membre")
        PARTNER = "partner", _("Partenaire")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="memberships")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices)
    is_lead = models.BooleanField(_("structure porteuse"), default=False)
    conflict_of_interest_declared = models.BooleanField(_("déclaration de conflits d'intérêts remise"), default=False)
    conflict_of_interest_note = models.TextField(_("conflits d'intérêts déclarés"), blank=True, max_length=2000)
    joined_on = models.DateField(_("depuis le"), default=PILOT_START, validators=[LIFE_DATE_WINDOW])
    # This consortium's contact at the structure: another consortium may work with other people there.
    contact_name = models.CharField(_("personne de contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    # Optimistic locking (ols_platform.concurrency): `version` counts the writes of the fields above (the lead
    # hand-over included); `life_basins_version` those of the structure's bassins de vie in this consortium's
    # territory. That choice belongs to this consortium alone, so it is counted here and not on the shared
    # Structure: what another consortium picks in its own territory never makes this consortium's form stale.
    version = models.PositiveIntegerField(default=1, editable=False)
    life_basins_version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "life_basins_version"])

    class Meta:
        ordering = ["-is_lead", french("structure__name").asc()]
        verbose_name = _("adhésion")
        verbose_name_plural = _("membres et partenaires")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "structure"], name="unique_membership"),
            models.UniqueConstraint(fields=["consortium"], condition=Q(is_lead=True), name="one_lead_per_consortium"),
            models.CheckConstraint(condition=Q(is_lead=False) | Q(role="member"), name="lead_is_a_member"),
        ]

    def __str__(self):
        return f"{self.structure} · {self.get_role_display()}"


class StructureLink(models.Model):
    """A typed link between two méso structures of a consortium (DOMAIN §2, 000 Question 2)."""

    class Kind(models.TextChoices):
        GOVERNANCE = "OG", _("OG · Participation aux organes de gouvernance")
        ACTIVITIES = "PA", _("PA · Partage d'activités")
        SUPPORT = "S", _("S · Soutien")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="links_out")
    target = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(_("type de lien"), max_length=2, choices=Kind.choices)
    note = models.CharField(_("précision"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = [french("source__name").asc(), french("target__name").asc(), "kind"]
        verbose_name = _("lien entre structures")
        verbose_name_plural = _("liens entre structures")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "source", "target", "kind"], name="unique_structure_link"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="link_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.source} → {self.target} ({self.kind})"


class ConsortiumRole(models.Model):
    """A user's role in one consortium. Roles grant guardian object permissions (see consortia.roles)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordination")
        OPERATIONAL = "operational", _("Équipe opérationnelle")
        ACCOUNTANT = "accountant", _("Comptable")
        GOVERNANCE = "governance", _("Gouvernance")
        STRUCTURE_REPORTER = "structure_reporter", _("Rapporteur d'une structure")
        VIEWER = "viewer", _("Lecture seule")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consortium_roles")
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporters",
        verbose_name=_("structure"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = [french("consortium__name").asc(), "user__email", "role"]
        verbose_name = _("rôle dans un consortium")
        verbose_name_plural = _("rôles dans les consortia")
        constraints = [
            models.UniqueConstraint(fields=["user", "consortium", "role"], name="unique_role_per_user"),
            models.CheckConstraint(
                condition=(Q(role="structure_reporter") & Q(structure__isnull=False))
                | (~Q(role="structure_reporter") & Q(structure__isnull=True)),
                name="reporter_has_a_structure",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.consortium}"
