"""The vocabularies of governance: kinds of body, decision methods and domains, vote choices, outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 10_000  # a proposal's context or a meeting's minutes: a few pages, not a book
REASON_MAX = 2_000


class BodyKind(models.TextChoices):
    TEMPORARY_GOVERNANCE = "temporary_governance", _("Gouvernance temporaire")
    OPERATIONAL_TEAM = "operational_team", _("Équipe opérationnelle")
    WORKING_GROUP = "working_group", _("Groupe de travail (GT)")
    LOCAL_CONCERTATION = "local_concertation", _("Concertation locale")
    GENERAL_ASSEMBLY = "general_assembly", _("Assemblée générale")
    OTHER = "other", _("Autre instance")


# Bodies a consortium has at most one of.
SINGLE_BODY_KINDS = (BodyKind.TEMPORARY_GOVERNANCE, BodyKind.OPERATIONAL_TEAM, BodyKind.GENERAL_ASSEMBLY)


class DecisionMethod(models.TextChoices):
    CONSENT = "consent", _("Consentement")
    MAJORITY = "majority", _("Majorité simple")
    TWO_THIRDS = "two_thirds", _("Majorité des deux tiers")
    CONSENSUS = "consensus", _("Consensus")


class DecisionDomain(models.TextChoices):
    """What a decision is about: the model mandates' autonomy scopes (seed 000) and what they reserve."""

    METHODS_TOOLS = "methods_tools", _("Méthodes, outils et formats de travail")
    CONCERTATION = "concertation", _("Organisation des espaces de concertation")
    OPERATIONAL_BUDGET = "operational_budget", _("Gestion du budget opérationnel")
    URGENT_STRATEGIC = "urgent_strategic", _("Décisions stratégiques urgentes")
    STRATEGIC_ORIENTATION = "strategic_orientation", _("Orientations stratégiques")
    PROFILES_COMMITMENTS = "profiles_commitments", _("Validation des profils et des engagements")
    PRIORITIES = "priorities", _("Adaptation des priorités")
    MESO_COMPETENCES = "meso_competences", _("Mobilisation des compétences méso")
    PREPARE_PERMANENT_GOVERNANCE = "prepare_permanent_governance", _("Préparation de la gouvernance permanente")
    PERMANENT_GOVERNANCE = "permanent_governance", _("Gouvernance permanente")
    OTHER = "other", _("Autre")


# What a body never decides, whatever its mandate says: the gouvernance temporaire prepares the permanent governance
# but does not define it ("Limite : ne pas définir la gouvernance pérenne, mais préparer les conditions de son
# émergence", seed 000, l. 936). Refused with the code `outside_mandate`.
FORBIDDEN_DOMAINS = {
    BodyKind.TEMPORARY_GOVERNANCE: frozenset({DecisionDomain.PERMANENT_GOVERNANCE}),
}


class Choice(models.TextChoices):
    FOR = "for", _("Pour")
    AGAINST = "against", _("Contre")
    ABSTAIN = "abstain", _("Abstention")
    CONSENT = "consent", _("Consentement")
    OBJECTION = "objection", _("Objection")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adoptée")
    REJECTED = "rejected", _("Rejetée")
    NO_QUORUM = "no_quorum", _("Quorum non atteint")
