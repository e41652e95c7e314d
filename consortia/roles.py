"""Every permission a user may hold on a consortium, and what each role grants.

Permissions are held on the Consortium, so every app's permission names are declared here, in the app that owns the
Consortium model (dependencies point one way); each app's `permissions.py` re-exports the names it checks.

Two kinds:
- stored: guardian object permissions (declared in `Consortium.Meta.permissions`), granted by consortium roles and
  kept in step by `consortia.permissions.sync_role_perms`;
- computed by the gate from a global role, never stored: AVIQ review (`REVIEW_BUDGET`). A reviewer reviews every
  consortium, including those created after they became a reviewer; storing it per consortium would need a grant on
  each new consortium and a sweep on each change of global role, and a stale row would keep a right nobody meant.
"""

from django.utils.translation import gettext_lazy as _

from .models import ConsortiumRole

Role = ConsortiumRole.Role

# consortia
VIEW = "view_consortium"
MANAGE_STRUCTURES = "manage_structures"
MANAGE_ROLES = "manage_roles"
MANAGE_LINKS = "manage_links"
# budget (see budget/permissions.py)
VIEW_BUDGET = "view_budget"
EDIT_BUDGET = "edit_budget"
RECORD_EXPENSES = "record_expenses"
REVIEW_BUDGET = "review_budget"
# governance (see governance/permissions.py)
MANAGE_GOVERNANCE = "manage_governance"
PREPARE_DECISIONS = "prepare_decisions"
# reporting (see reporting/permissions.py)
MANAGE_REPORTING = "manage_reporting"

# Guardian object permissions: what consortium roles grant and `sync_role_perms` keeps in step.
STORED_PERMS = (
    VIEW,
    MANAGE_STRUCTURES,
    MANAGE_ROLES,
    MANAGE_LINKS,
    VIEW_BUDGET,
    EDIT_BUDGET,
    RECORD_EXPENSES,
    MANAGE_GOVERNANCE,
    PREPARE_DECISIONS,
    MANAGE_REPORTING,
)
# Computed by the gate from the global role (AVIQ reviewer, platform admin); never stored.
GLOBAL_ROLE_PERMS = (REVIEW_BUDGET,)
ALL_PERMS = (*STORED_PERMS, *GLOBAL_ROLE_PERMS)
# What AVIQ reviewers hold on every consortium: read everything, write only review actions.
REVIEWER_PERMS = frozenset({VIEW, VIEW_BUDGET, REVIEW_BUDGET})

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(
        {
            VIEW,
            MANAGE_STRUCTURES,
            MANAGE_ROLES,
            MANAGE_LINKS,
            VIEW_BUDGET,
            EDIT_BUDGET,
            RECORD_EXPENSES,
            MANAGE_GOVERNANCE,
            PREPARE_DECISIONS,
            MANAGE_REPORTING,
        }
    ),
    Role.OPERATIONAL: frozenset({VIEW, MANAGE_LINKS, VIEW_BUDGET, PREPARE_DECISIONS, MANAGE_REPORTING}),
    Role.ACCOUNTANT: frozenset({VIEW, VIEW_BUDGET, EDIT_BUDGET, RECORD_EXPENSES}),
    Role.GOVERNANCE: frozenset({VIEW, VIEW_BUDGET}),
    Role.STRUCTURE_REPORTER: frozenset({VIEW}),
    Role.VIEWER: frozenset({VIEW, VIEW_BUDGET}),
}


# What a role grants only while the consortium's coordination allows it (a setting on the Consortium).
ALLOWED_BY_CONSORTIUM: dict[str, tuple[tuple[str, str], ...]] = {
    Role.OPERATIONAL: (("operational_team_records_expenses", RECORD_EXPENSES),),
}


def perms_for_roles(roles, consortium=None) -> frozenset[str]:
    """What these roles grant in the consortium: their fixed permissions, plus those its settings allow them
    (none when `consortium` is None)."""
    granted = set()
    for role in roles:
        granted |= ROLE_PERMS[role]
        for setting, perm in ALLOWED_BY_CONSORTIUM.get(role, ()):
            if consortium is not None and getattr(consortium, setting):
                granted.add(perm)
    return frozenset(granted)


# What each role does on the platform today, and what is coming to it (governance, reporting): shown on the home page
# and the profile, and written as a table in the README. One place, beside the permissions it describes.
ROLE_WORK: dict[str, dict[str, tuple]] = {
    Role.COORDINATOR: {
        "now": (
            _("gérer les structures membres et partenaires, leurs liens et les bassins de vie"),
            _("inviter les personnes et leur donner un rôle"),
            _("autoriser l'équipe opérationnelle à enregistrer des dépenses"),
            _("préparer le budget, le soumettre à l'AVIQ, ouvrir un avenant"),
            _("enregistrer les dépenses et les mises à disposition de personnel"),
            _("créer les instances de la gouvernance et attribuer leurs sièges"),
            _("préparer les propositions, ouvrir et clôturer les votes"),
            _("rédiger les mandats des espaces et des fonctions"),
            _("suivre les rapports d'activité des structures, générer le livrable et les rapports en PDF"),
            _("remettre le livrable à l'AVIQ, lui transmettre les mandats qu'elle demande, suivre ses retours"),
            _("demander un soutien à l'AVIQ, publier des fiches de pratique pour les autres consortia"),
        ),
        "coming": (),
    },
    Role.OPERATIONAL: {
        "now": (
            _("consulter le consortium, son réseau, sa couverture et son budget"),
            _("enregistrer les liens entre structures"),
            _("enregistrer des dépenses et leurs justificatifs si la coordination l'autorise"),
            _("préparer les propositions et les réunions de la gouvernance, répondre aux objections"),
            _("tenir le journal d'activité et le livrable d'évaluation, écrire les paragraphes communs"),
            _("remettre le livrable à l'AVIQ, lui transmettre les mandats qu'elle demande, suivre ses retours"),
            _("demander un soutien à l'AVIQ, publier des fiches de pratique pour les autres consortia"),
        ),
        "coming": (),
    },
    Role.ACCOUNTANT: {
        "now": (
            _("saisir et importer les lignes du budget, le soumettre à l'AVIQ"),
            _("enregistrer les dépenses et leurs justificatifs, exporter le budget"),
        ),
        "coming": (),
    },
    Role.GOVERNANCE: {
        "now": (
            _("voter pour la structure que vous représentez : vos votes en attente sont sur cette page"),
            _("consulter les instances, les propositions et le registre des décisions"),
            _("consulter le consortium et son budget"),
            _("adopter les mandats des espaces et des fonctions"),
        ),
        "coming": (),
    },
    Role.STRUCTURE_REPORTER: {
        "now": (
            _("consulter le consortium et la fiche de votre structure"),
            _("modifier les coordonnées de votre structure"),
            _("rédiger et remettre le rapport d'activité annuel de votre structure, approuver les paragraphes communs"),
        ),
        "coming": (),
    },
    Role.VIEWER: {
        "now": (
            _("consulter le consortium, son réseau, sa couverture et son budget"),
            _("consulter les instances, les propositions et le registre des décisions"),
            _("lire les fiches de pratique publiées par tous les consortia"),
        ),
        "coming": (),
    },
}
