"""The model mandates one may start from ("partir d'un modèle"): the seed's two model mandates of the "OLS des
Hautes Plaines et Vallées" with their essentials as the seed writes them (000, l. 496–1096), and the two spaces it
names by title only as titled blanks. The modalités are left to fill: the seed gives none.

Data only, in French as in the seed (tests/mandates/test_models_library.py checks it against the seed's lines).
`as_data(key)` gives what `mandates.services.mandate_create` takes, plus the tasks and members to add.
"""

from governance.models import DecisionDomain

from .models import MandateKind, MandateMember

Contribution = MandateMember.Contribution

OPERATIONAL_TEAM = {
    "kind": MandateKind.OPERATIONAL_TEAM,
    "title": "Équipe opérationnelle",
    # 000, l. 494
    "purpose": (
        "Soutenir les acteurs sociaux et de santé du territoire pour développer des actions coordonnées, "
        "cohérentes et centrées sur les besoins de la population."
    ),
    # 000, l. 500–506
    "responsibilities": (
        "Agit au niveau **opérationnel** :\n\n"
        "- Axe 1 : Vision commune\n"
        "- Axe 2 : Partenariat\n"
        "- Axe 3 : Gouvernance\n"
        "- Axe 4 : Système apprenant\n"
        "- Axe 5 : Gestion de l'information"
    ),
    # 000, l. 502–613: the tasks of each axis
    "tasks": (
        (1, "Ateliers de vision partagée"),
        (1, "Synthèses stratégiques"),
        (1, "Vérification cohérence projets ↔ priorités OLS"),
        (1, "Cartographie des dynamiques"),
        (1, "Intégration des retours du terrain"),
        (2, "Animation des espaces de concertation"),
        (2, "Inclusion des acteurs peu représentés (citoyens, usagers...)"),
        (2, "Mise en relation des acteurs"),
        (2, "Circulation fluide de l'information"),
        (2, "Conditions de collaboration équitables"),
        (3, "Clarification des rôles et règles de fonctionnement"),
        (3, "Préparation des décisions (analyses, options, dossiers)"),
        (3, "Accompagnement de la mise en œuvre et du changement"),
        (4, "Collecte et analyse de données territoriales"),
        (4, "Diagnostics et priorisations partagées"),
        (4, "Retours d'expérience et ateliers réflexifs"),
        (4, "Soutien à la montée en compétence"),
        (5, "Outils de communication interne"),
        (5, "Circulation d'information entre niveaux local ↔ locorégional"),
        (5, "Synthèse des retours du terrain"),
        (5, "Veille sur tendances et signaux faibles"),
    ),
    # 000, l. 639–645
    "autonomy": (
        "Autonome pour :\n\n"
        "- Choisir méthodes, outils, formats d'animation\n"
        "- Organiser les espaces de concertation\n"
        "- Gérer un budget opérationnel\n\n"
        "Les décisions stratégiques relèvent de la gouvernance."
    ),
    "autonomy_domains": [
        DecisionDomain.METHODS_TOOLS,
        DecisionDomain.CONCERTATION,
        DecisionDomain.OPERATIONAL_BUDGET,
    ],
    # 000, l. 683–686
    "scope": (
        "Intervention sur l'ensemble du territoire **Hautes Plaines et Vallées**, en soutien :\n\n"
        "- aux dynamiques locales (Concertations locales Ville Haute, Trois Vallées)\n"
        "- aux programmes ciblant des publics spécifiques (GT santé mentale jeunes, 1000 jours, etc.)"
    ),
    # 000, l. 712–713
    "composition": (
        "- Équipe financée via le budget OLS\n"
        "- Acteurs méso souhaitant contribuer à l'OLS (facilitation, soutien méthodologique, animation, analyse...)"
    ),
    "members": (
        ("Équipe financée via le budget OLS", Contribution.FUNDED_TEAM),
        ("Acteurs méso souhaitant contribuer à l'OLS", Contribution.FACILITATION),
        ("Acteurs méso souhaitant contribuer à l'OLS", Contribution.METHODOLOGY),
        ("Acteurs méso souhaitant contribuer à l'OLS", Contribution.ANIMATION),
        ("Acteurs méso souhaitant contribuer à l'OLS", Contribution.ANALYSIS),
    ),
}

TEMPORARY_GOVERNANCE = {
    "kind": MandateKind.TEMPORARY_GOVERNANCE,
    "title": "Gouvernance temporaire",
    # 000, l. 844
    "purpose": (
        "Prendre les décisions nécessaires **ici et maintenant** pour permettre à l'équipe opérationnelle "
        "d'avancer, assurer un **cadre clair** et garantir la **cohérence du développement territorial**."
    ),
    # 000, l. 850–854. The seed gives it the five axes (l. 916–922) but no task on them: these three lines are its
    # responsibilities, written once (as tasks too, the page showed them twice); tasks by axis are added when written.
    "responsibilities": (
        "Agit au niveau **stratégique** :\n\n"
        "- définit les orientations,\n"
        "- valide les décisions structurantes,\n"
        "- garantit la cohérence territoriale."
    ),
    # 000, l. 928–936
    "autonomy": (
        "Autonomie **limitée mais opérationnelle**, centrée sur les décisions nécessaires au fonctionnement "
        "immédiat :\n\n"
        "- Décisions stratégiques urgentes,\n"
        "- Validation des profils et engagements,\n"
        "- Définition des orientations provisoires,\n"
        "- Adaptation des priorités selon le terrain,\n"
        "- Mobilisation des compétences des structures méso.\n\n"
        "Limite : ne pas définir la gouvernance pérenne, mais préparer les conditions de son émergence."
    ),
    "autonomy_domains": [
        DecisionDomain.URGENT_STRATEGIC,
        DecisionDomain.PROFILES_COMMITMENTS,
        DecisionDomain.STRATEGIC_ORIENTATION,
        DecisionDomain.PRIORITIES,
        DecisionDomain.MESO_COMPETENCES,
        # "Limite : ne pas définir la gouvernance pérenne, mais préparer les conditions de son émergence" (l. 936)
        DecisionDomain.PREPARE_PERMANENT_GOVERNANCE,
    ],
    # 000, l. 1024
    "scope": "La gouvernance temporaire couvre **l'ensemble du territoire de l'OLS**.",
    # 000, l. 1098–1102
    "composition": (
        "- Structures méso souhaitant contribuer\n"
        "- Un représentant par structure, mandaté pour les décisions stratégiques\n"
        "  - légitimité organisationnelle\n"
        "  - mobiliser les compétences internes\n"
        "  - posture **suprastructurelle** (vision territoriale > intérêts institutionnels)"
    ),
    "members": (
        (
            "Structures méso souhaitant contribuer — un représentant par structure, mandaté pour les décisions "
            "stratégiques",
            Contribution.MEMBER,
        ),
    ),
}

# Named by the seed, without content (000, l. 685–686): titled blanks.
WORKING_GROUP_1000_DAYS = {"kind": MandateKind.WORKING_GROUP, "title": "GT 1000 jours"}
LOCAL_CONCERTATION_VILLE_HAUTE = {"kind": MandateKind.LOCAL_CONCERTATION, "title": "Concertation locale Ville Haute"}

# Where each part is in seed 000 (first and last line), for the test that checks the text against it.
SOURCES = {
    "operational_team": {
        "purpose": (494, 494),
        "responsibilities": (500, 506),
        "tasks": (502, 613),
        "autonomy": (639, 645),
        "scope": (683, 686),
        "composition": (712, 713),
        "members": (712, 713),
    },
    "temporary_governance": {
        "purpose": (844, 844),
        "responsibilities": (850, 854),
        "autonomy": (928, 936),
        "scope": (1024, 1024),
        "composition": (1098, 1102),
    },
}

MODELS = {
    "operational_team": OPERATIONAL_TEAM,
    "temporary_governance": TEMPORARY_GOVERNANCE,
    "gt_1000_days": WORKING_GROUP_1000_DAYS,
    "local_concertation_ville_haute": LOCAL_CONCERTATION_VILLE_HAUTE,
}

PARTS = ("title", "purpose", "responsibilities", "autonomy", "autonomy_domains", "scope", "composition")


def choices() -> list[tuple[str, str]]:
    """The models as (key, label) for the create form's choice."""
    return [(key, model["title"]) for key, model in MODELS.items()]


def as_data(key: str) -> dict:
    """The model's parts as `mandate_create` data (kind and the essentials), its tasks as (axis, text) and its members
    as (profile, contribution). Unknown key → KeyError."""
    model = MODELS[key]
    data = {"kind": model["kind"]} | {name: model[name] for name in PARTS if name in model}
    if "autonomy_domains" in data:
        data["autonomy_domains"] = [str(domain) for domain in data["autonomy_domains"]]
    return data | {"tasks": list(model.get("tasks", ())), "members": list(model.get("members", ()))}
