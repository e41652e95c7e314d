"""Eligibility of a consortium (DOMAIN §2, seed 001 "Critères d'éligibilité"), as pure functions over plain values."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def check_eligibility(*, territory_population: int | None, memberships: list[MemberFacts]) -> list[RuleResult]:
    members = [m for m in memberships if m.role == "member"]
    leads = [m for m in memberships if m.is_lead]
    results = []

    if len(leads) == 1:
        results.append(
            RuleResult(
                "one_lead", _("Une seule structure porteuse"), True, _("Structure porteuse : %s.") % leads[0].name
            )
        )
    elif not leads:
        results.append(
            RuleResult(
                "one_lead", _("Une seule structure porteuse"), False, _("Aucune structure porteuse n'est désignée.")
            )
        )
    else:
        results.append(
            RuleResult(
                "one_lead",
                _("Une seule structure porteuse"),
                False,
                _("Plusieurs structures porteuses : %s.") % _names(leads),
            )
        )

    lead = leads[0] if len(leads) == 1 else None
    if lead is None:
        results.append(
            RuleResult(
                "lead_is_asbl_member",
                _("La structure porteuse est une ASBL membre"),
                False,
                _("Pas de structure porteuse unique."),
            )
        )
    elif lead.role != "member":
        results.append(
            RuleResult(
                "lead_is_asbl_member",
                _("La structure porteuse est une ASBL membre"),
                False,
                _("%s n'est pas membre du consortium.") % lead.name,
            )
        )
    elif lead.legal_form != "asbl":
        results.append(
            RuleResult(
                "lead_is_asbl_member",
                _("La structure porteuse est une ASBL membre"),
                False,
                _("%s n'est pas une ASBL.") % lead.name,
            )
        )
    else:
        results.append(
            RuleResult(
                "lead_is_asbl_member",
                _("La structure porteuse est une ASBL membre"),
                True,
                _("%s est une ASBL membre.") % lead.name,
            )
        )

    excluded = [m for m in members if m.is_hospital or m.is_insurer]
    results.append(
        RuleResult(
            "no_excluded_members",
            _("Aucun hôpital, réseau hospitalier ou organisme assureur parmi les membres"),
            not excluded,
            _("Ne peuvent être que partenaires : %s.") % _names(excluded) if excluded else _("Aucun membre exclu."),
        )
    )

    insolvent = [m for m in members if m.insolvency != "none"]
    results.append(
        RuleResult(
            "no_insolvent_members",
            _("Aucun membre en faillite ou en réorganisation judiciaire"),
            not insolvent,
            _("En procédure : %s.") % _names(insolvent) if insolvent else _("Aucun membre en procédure."),
        )
    )

    undeclared = [m for m in members if not m.conflict_of_interest_declared]
    results.append(
        RuleResult(
            "conflicts_declared",
            _("Conflits d'intérêts déclarés par chaque membre"),
            bool(members) and not undeclared,
            (_("Déclaration manquante : %s.") % _names(undeclared))
            if undeclared
            else (_("Toutes les déclarations sont remises.") if members else _("Aucun membre.")),
        )
    )

    results.append(
        RuleResult(
            "territory_set",
            _("Territoire défini"),
            bool(territory_population),
            _("Population : %s habitants.") % f"{territory_population:,}".replace(",", "\u202f")
            if territory_population
            else _("Le territoire n'a pas de population."),
        )
    )

    covered = {m.sector for m in members}
    missing = [s for s in EXPECTED_MEMBER_SECTORS if s not in covered]
    results.append(
        RuleResult(
            "sectors_covered",
            _("Secteurs couverts par les membres (1LSS, PP, SM, SSS)"),
            not missing,
            ngettext("Secteur manquant : %(s)s.", "Secteurs manquants : %(s)s.", len(missing))
            % {"s": ", ".join(missing)}
            if missing
            else _("Les quatre secteurs sont représentés."),
        )
    )
    return results


def is_eligible(results: list[RuleResult]) -> bool:
    return all(r.met for r in results)
