"""Eligibility of a consortium (DOMAIN §2, seed 001 "Critères d'éligibilité"), as pure functions over plain values."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Diversity expected of the members: primary care, health promotion, mental health, social support.
# SH (hospitals) cannot be members, so it is not expected.
EXPECTED_MEMBER_SECTORS = ("1LSS", "PP", "SM", "SSS")


@dataclass(frozen=True)
class MemberFacts:
    name: str
    role: str  # "member" or "partner"
    is_lead: bool
    legal_form: str
    sector: str
    is_hospital: bool
    is_insurer: bool
    insolvency: str  # "none", "bankruptcy", "judicial_reorganisation"
    conflict_of_interest_declared: bool


@dataclass(frozen=True)
class RuleResult:
    code: str
    label: str
    met: bool
    reason: str


def _names(facts):
    return ", ".join(f.name for f in facts)


@dataclass(frozen=True)
class Facts:
    """What the rules read: the territory's population and the memberships, members and leads picked out."""

    territory_population: int | None
    memberships: list[MemberFacts]

    @property
    def members(self) -> list[MemberFacts]:
        return [m for m in self.memberships if m.role == "member"]

    @property
    def leads(self) -> list[MemberFacts]:
        return [m for m in self.memberships if m.is_lead]


# Each rule answers (met, reason) for the facts; the table below gives it its code and label.


def _one_lead(facts: Facts) -> tuple[bool, str]:
    leads = facts.leads
    if len(leads) == 1:
        return True, _("Structure porteuse : %s.") % leads[0].name
    if not leads:
        return False, _("Aucune structure porteuse n'est désignée.")
    return False, _("Plusieurs structures porteuses : %s.") % _names(leads)


def _lead_is_asbl_member(facts: Facts) -> tuple[bool, str]:
    leads = facts.leads
    if len(leads) != 1:
        return False, _("Pas de structure porteuse unique.")
    lead = leads[0]
    if lead.role != "member":
        return False, _("%s n'est pas membre du consortium.") % lead.name
    if lead.legal_form != "asbl":
        return False, _("%s n'est pas une ASBL.") % lead.name
    return True, _("%s est une ASBL membre.") % lead.name


def _no_excluded_members(facts: Facts) -> tuple[bool, str]:
    excluded = [m for m in facts.members if m.is_hospital or m.is_insurer]
    if excluded:
        return False, _("Ne peuvent être que partenaires : %s.") % _names(excluded)
    return True, _("Aucun membre exclu.")


def _no_insolvent_members(facts: Facts) -> tuple[bool, str]:
    insolvent = [m for m in facts.members if m.insolvency != "none"]
    if insolvent:
        return False, _("En procédure : %s.") % _names(insolvent)
    return True, _("Aucun membre en procédure.")


def _conflicts_declared(facts: Facts) -> tuple[bool, str]:
    members = facts.members
    undeclared = [m for m in members if not m.conflict_of_interest_declared]
    if undeclared:
        return False, _("Déclaration manquante : %s.") % _names(undeclared)
    if not members:
        return False, _("Aucun membre.")
    return True, _("Toutes les déclarations sont remises.")


def _territory_set(facts: Facts) -> tuple[bool, str]:
    population = facts.territory_population
    if not population:
        return False, _("Le territoire n'a pas de population.")
    return True, _("Population : %s habitants.") % f"{population:,}".replace(",", "\u202f")


def _sectors_covered(facts: Facts) -> tuple[bool, str]:
    covered = {m.sector for m in facts.members}
    missing = [s for s in EXPECTED_MEMBER_SECTORS if s not in covered]
    if missing:
        message = ngettext("Secteur manquant : %(s)s.", "Secteurs manquants : %(s)s.", len(missing))
        return False, message % {"s": ", ".join(missing)}
    return True, _("Les quatre secteurs sont représentés.")


# The eligibility criteria, in the order the page lists them: (code, label, rule).
RULES = (
    ("one_lead", gettext_lazy("Une seule structure porteuse"), _one_lead),
    ("lead_is_asbl_member", gettext_lazy("La structure porteuse est une ASBL membre"), _lead_is_asbl_member),
    (
        "no_excluded_members",
        gettext_lazy("Aucun hôpital, réseau hospitalier ou organisme assureur parmi les membres"),
        _no_excluded_members,
    ),
    (
        "no_insolvent_members",
        gettext_lazy("Aucun membre en faillite ou en réorganisation judiciaire"),
        _no_insolvent_members,
    ),
    ("conflicts_declared", gettext_lazy("Conflits d'intérêts déclarés par chaque membre"), _conflicts_declared),
    ("territory_set", gettext_lazy("Territoire défini"), _territory_set),
    ("sectors_covered", gettext_lazy("Secteurs couverts par les membres (1LSS, PP, SM, SSS)"), _sectors_covered),
)


def check_eligibility(*, territory_population: int | None, memberships: list[MemberFacts]) -> list[RuleResult]:
    facts = Facts(territory_population, memberships)
    results = []
    for code, label, rule in RULES:
        met, reason = rule(facts)
        results.append(RuleResult(code, str(label), met, reason))
    return results


def is_eligible(results: list[RuleResult]) -> bool:
    return all(r.met for r in results)
