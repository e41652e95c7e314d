"""The activity log of a demo consortium: about sixty activities over 2026, in French — concertations in each
bassin de vie, GT 1000 jours meetings, trainings and intervisions, vertical programmes, work on the five transversal
functions — with structures and participants. Through the services; idempotent: an activity already there (same date
and title) is not written again.

Called by the lead's `load_reporting_demo` command: `load(consortium)` (optionally `actor=`), returns how many
activities it created.
"""

import datetime
import random

from django.db import transaction

from consortia.models import LifeBasin, Membership

from .models.activity import Activity
from .services.activity import activity_create

YEAR = 2026

# (kind, logic, function, title, narrative, participants) — `{basin}` is replaced by a bassin de vie's name.
CONCERTATION = (
    "concertation",
    "horizontal",
    "",
    "Concertation locale — {basin}",
    "Tour de table des situations complexes du bassin de vie, repérage des ruptures de parcours entre la première "
    "ligne, le social et la santé mentale. Trois situations anonymisées discutées ; deux relais organisés vers le "
    "service de santé mentale et le CPAS. Prochaine réunion fixée et compte rendu diffusé aux participants.",
    "médecins généralistes, infirmier·es à domicile, CPAS, maisons médicales, pharmaciens",
)
RECURRING = [
    (
        "meeting",
        "vertical",
        "",
        "GT 1000 premiers jours — réunion de travail",
        "Suivi du parcours des futurs parents vulnérables : articulation ONE, sages-femmes, maternité et services "
        "sociaux. Mise à jour de la carte des ressources périnatales et préparation de la fiche de liaison commune.",
        "ONE, sages-femmes, maternité, PMS, services d'aide à la jeunesse",
    ),
    (
        "training",
        "transversal",
        "learning",
        "Intervision des professionnels de première ligne",
        "Analyse d'une situation vécue selon la méthode des groupes d'intervision : ce qui a aidé, ce qui a manqué, ce "
        "que chacun change dans sa pratique. Les enseignements alimentent le cycle d'apprentissage du consortium.",
        "travailleurs sociaux, infirmier·es, psychologues",
    ),
    (
        "meeting",
        "transversal",
        "decision_making",
        "Gouvernance temporaire — séance plénière",
        "Ordre du jour : suivi du budget, validation des priorités du trimestre, point sur les mandats des espaces. "
        "Décisions prises au consentement et inscrites au registre.",
        "représentant·es des structures membres",
    ),
    (
        "meeting",
        "transversal",
        "partnership",
        "Réunion de l'équipe opérationnelle",
        "Coordination des chantiers en cours, répartition des rôles pour les concertations du mois, préparation des "
        "rencontres avec les nouveaux partenaires.",
        "équipe opérationnelle",
    ),
]
ONE_OFF = [
    (
        3,
        "project",
        "vertical",
        "",
        "Lancement du projet « Sortie d'hospitalisation sans rupture »",
        "Premier comité de pilotage avec l'hôpital partenaire : protocole de sortie, fiche de liaison vers le médecin "
        "traitant, appel au CPAS dans les 48 heures pour les patients isolés.",
        "hôpital, médecins, CPAS",
    ),
    (
        2,
        "training",
        "horizontal",
        "",
        "Formation « Repérer la précarité en consultation »",
        "Demi-journée de formation animée par le relais social : signaux d'alerte, droits sociaux, orientation.",
        "médecins généralistes, kinésithérapeutes, pharmaciens",
    ),
    (
        4,
        "communication",
        "transversal",
        "information",
        "Lettre d'information du consortium n° 1",
        "Envoi de la première lettre : présentation des membres, calendrier des concertations, contacts utiles.",
        "tout le réseau",
    ),
    (
        5,
        "action",
        "transversal",
        "integration",
        "Alignement avec le plan de cohésion sociale communal",
        "Rencontre avec les services communaux pour aligner les priorités du consortium sur le PCS et éviter les "
        "doublons d'actions.",
        "commune, PCS, coordination",
    ),
    (
        6,
        "project",
        "horizontal",
        "",
        "Permanence sociale en maison médicale",
        "Ouverture d'une permanence hebdomadaire d'une assistante sociale dans deux maisons médicales du territoire.",
        "maisons médicales, CPAS",
    ),
    (
        9,
        "action",
        "transversal",
        "information",
        "Tableau de bord des données du territoire",
        "Mise en commun des données « dures » (statistiques de santé), « molles » (retours des professionnels) et "
        "« chaudes » (témoignages) pour orienter les priorités.",
        "équipe opérationnelle, observatoire de la santé",
    ),
    (
        9,
        "training",
        "transversal",
        "learning",
        "Atelier PDSA : tester un petit changement",
        "Initiation à la démarche planifier – faire – étudier – agir sur un cas réel : la prise de rendez-vous partagée.",
        "professionnels volontaires",
    ),
    (
        10,
        "concertation",
        "vertical",
        "",
        "Table ronde santé mentale et logement",
        "Concertation entre le réseau de santé mentale, les sociétés de logement et les CPAS sur les expulsions évitables.",
        "santé mentale, logement, CPAS",
    ),
    (
        11,
        "communication",
        "transversal",
        "information",
        "Lettre d'information du consortium n° 2",
        "Bilan des concertations de l'année, résultats du premier cycle d'apprentissage, appel à participation.",
        "tout le réseau",
    ),
    (
        11,
        "action",
        "transversal",
        "partnership",
        "Accueil de trois nouveaux partenaires",
        "Rencontre d'accueil, présentation de la charte et des espaces de gouvernance, choix des concertations.",
        "nouveaux partenaires, coordination",
    ),
    (
        12,
        "meeting",
        "transversal",
        "decision_making",
        "Évaluation annuelle et priorités 2027",
        "Séance de bilan : ce qui a fonctionné, ce qui doit changer, priorités de la deuxième année.",
        "gouvernance temporaire, équipe opérationnelle",
    ),
]


def _plan(basins):
    """The year's activities as dicts (without structures), in date order."""
    plan = []
    for month in range(1, 13):
        for index, basin in enumerate(basins):
            if (month + index) % 2 == 0:  # each bassin de vie every other month
                kind, logic, function, title, narrative, participants = CONCERTATION
                plan.append(
                    (
                        datetime.date(YEAR, month, 8 + 3 * index % 14),
                        kind,
                        logic,
                        function,
                        title.format(basin=basin.name),
                        narrative,
                        participants,
                        basin,
                    )
                )
        for offset, (kind, logic, function, title, narrative, participants) in enumerate(RECURRING):
            if offset >= 2 and month % 2:  # the plenary and the team meeting every other month
                continue
            plan.append(
                (
                    datetime.date(YEAR, month, 4 + 5 * offset),
                    kind,
                    logic,
                    function,
                    f"{title} ({month:02d}/{YEAR})",
                    narrative,
                    participants,
                    None,
                )
            )
    for month, kind, logic, function, title, narrative, participants in ONE_OFF:
        plan.append((datetime.date(YEAR, month, 24), kind, logic, function, title, narrative, participants, None))
    return sorted(plan, key=lambda row: row[0])


def load(consortium, actor=None) -> int:
    """Create the demo activities that are missing; returns how many were created."""
    basins = list(LifeBasin.objects.filter(territory_id=consortium.territory_id).order_by("name"))
    structures = list(
        Membership.objects.filter(consortium=consortium).order_by("structure_id").values_list("structure_id", flat=True)
    )
    existing = set(Activity.objects.filter(consortium=consortium).values_list("date", "title"))
    rng = random.Random(f"activities-{consortium.pk}")
    created = 0
    with transaction.atomic():
        for date, kind, logic, function, title, narrative, participants, basin in _plan(basins):
            count = rng.randint(6, 45)
            chosen = rng.sample(structures, k=min(len(structures), rng.randint(2, 6))) if structures else []
            if (date, title) in existing:
                continue
            activity_create(
                actor=actor,
                consortium=consortium,
                data={
                    "date": date,
                    "kind": kind,
                    "title": title,
                    "logic": logic,
                    "function": function,
                    "life_basin": basin,
                    "structures": chosen,
                    "participants_count": count,
                    "participants": participants,
                    "narrative": narrative,
                },
            )
            created += 1
    return created
