"""Demo activity reports for the Hautes Plaines consortium (`load(consortium)`, called by `load_reporting_demo` after
`load_demo`): how each member structure reports (most funded by the AVIQ; the Plateforme de Concertation bound to its
funder's template; two not funded), the 2026 reports in realistic French — some submitted, most drafts at various
stages, a few not started —, and two shared paragraphs: « Fonction de liaison en santé mentale » approved by its five
structures, « Dynamique de la concertation locale Ville Haute » waiting for the CSM des Trois Vallées (whose reporter,
rapporteur@demo.ols.example, finds it on their home page). Four more reporters are created for the approving
structures. Through the services; idempotent: nothing is written when the consortium already has reports.
"""

from django.conf import settings
from django.db import transaction

from consortia.models import ConsortiumRole, Membership, Structure, User
from consortia.services import roles as role_services
from consortia.services import users as user_services

from .models.reports import ActivityReport
from .services import reports as services

DEMO_DOMAIN = "demo.ols.example"
YEAR = 2026
SPECIFIC_TEMPLATE = "Canevas SPF Santé publique — plateformes de concertation"
TEMPLATE_SECTIONS = (
    "Identification de la plateforme",
    "Composition et fonctionnement",
    "Concertations organisées",
    "Projets thérapeutiques et fonction de liaison",
    "Collaboration avec le réseau 107",
    "Évaluation et perspectives",
)
NOT_FUNDED = ("Cercle des Pharmaciens des Hautes Plaines", "Union régionale des Centres de Coordination")
TEMPLATE_BOUND = "Plateforme de Concertation en Santé Mentale des Plaines"
RAPPORTEUR = "Centre de Santé Mentale des Trois Vallées"
# name → (first name, last name, local part): reporters of the structures that approve the shared paragraphs.
REPORTERS = {
    "Service de Santé Mentale de la Ville Haute": ("Sophie", "Gilson", "rapporteur.ssm"),
    "Plateforme de Concertation en Santé Mentale des Plaines": ("Karim", "Haddad", "rapporteur.plateforme"),
    "Réseau Santé Jeunes des Vallées": ("Lucie", "Noël", "rapporteur.jeunes"),
    "Centre Local de Promotion de la Santé des Hautes Plaines": ("Pierre", "Lambotte", "rapporteur.clps"),
}
SUBMITTED = ("Réseau Santé Hautes Plaines", "Centre Local de Promotion de la Santé des Hautes Plaines")
NOT_STARTED = ("Épicerie sociale La Passerelle", "Espace Seniors des Trois Vallées")

LIAISON = """Les structures de santé mentale du consortium assurent ensemble une **fonction de liaison** entre la
première ligne et les services spécialisés. En 2026, elles ont :

- tenu une permanence de liaison hebdomadaire, alternativement à la Ville Haute et aux Trois Vallées ;
- répondu à 184 demandes d'avis de médecins généralistes et de maisons médicales ;
- construit un annuaire partagé des ressources en santé mentale, mis à jour chaque trimestre.

Cette mission méso commune, prévue par la convention de l'OLS, est décrite ici dans les mêmes termes par chacune des
structures concernées, avec l'accord de toutes."""

CONCERTATION = """La concertation locale de la Ville Haute réunit depuis mars 2026 les acteurs sociaux et de santé du
bassin de vie. Six réunions ont permis d'établir un diagnostic partagé des besoins des personnes isolées, puis de
lancer deux actions : un *circuit court* de signalement entre le CPAS et les maisons médicales, et une journée
d'échange de pratiques sur l'accès aux soins de santé mentale."""


def _body(structure: Structure, title: str, index: int) -> str:
    """A plausible text for a section of a structure's report: three paragraphs and a list."""
    name = structure.name
    basins = ", ".join(basin.name for basin in structure.life_basins.all()) or "l'ensemble du territoire"
    return (
        f"**{title}.** {name} présente ici ce qui relève, pour l'année {YEAR}, de ce volet de son rapport d'activité. "
        f"La structure agit principalement sur {basins}, en lien avec les autres membres de l'OLS des Hautes "
        "Plaines et Vallées.\n\n"
        f"Au cours de l'année, l'équipe a consolidé ses pratiques : réunions d'équipe bimensuelles, intervisions "
        f"avec les partenaires, participation aux groupes de travail de l'OLS. Les faits marquants sont repris "
        f"ci-dessous.\n\n"
        f"- {12 + index * 3} réunions de travail avec les partenaires du territoire ;\n"
        f"- {40 + index * 17} personnes accompagnées ou orientées dans le cadre de ce volet ;\n"
        f"- {2 + index % 4} actions nouvelles lancées, dont une avec une structure d'un autre secteur ;\n"
        f"- une évaluation interne menée au dernier trimestre.\n\n"
        "Les difficultés rencontrées tiennent surtout au temps disponible des professionnels et à la rotation des "
        "équipes ; la structure compte sur la dynamique de l'OLS pour mutualiser certaines tâches (formation, "
        "communication, recueil de données) et sur les concertations locales pour mieux connaître les besoins des "
        "publics.\n\n"
        "Pour l'année suivante, la structure souhaite approfondir ce travail, documenter ses résultats avec des "
        "données partagées et en rendre compte à la gouvernance du consortium."
    )


def _reporter(consortium, structure, first_name, last_name, local) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, settings.DEMO_PASSWORD, first_name=first_name, last_name=last_name)
        user_services.user_email_confirm(user=user)
    role = ConsortiumRole.Role.STRUCTURE_REPORTER
    if not ConsortiumRole.objects.filter(user=user, consortium=consortium, role=role).exists():
        role_services.role_grant(actor=None, consortium=consortium, user=user, role=role, structure=structure)
    return user


def _demo_user(local: str):
    return User.objects.filter(email__iexact=f"{local}@{DEMO_DOMAIN}").first()


def load(consortium, users: dict | None = None) -> bool:
    """Load the demo reports in `consortium`; False (nothing written) when it already has some. `users` may name
    the team member who writes ("operational"), the coordinator ("coordinator") and the reporter ("rapporteur")."""
    if ActivityReport.objects.filter(consortium=consortium).exists():
        return False
    users = users or {}
    team = users.get("operational") or _demo_user("equipe")
    coordinator = users.get("coordinator") or _demo_user("coordination")
    rapporteur = users.get("rapporteur") or _demo_user("rapporteur")
    members = {
        m.structure.name: m.structure
        for m in Membership.objects.filter(consortium=consortium, role=Membership.Role.MEMBER)
        .select_related("structure")
        .prefetch_related("structure__life_basins")
    }
    with transaction.atomic():
        for name, structure in members.items():
            data = {"aviq_funded": name not in NOT_FUNDED}
            if name == TEMPLATE_BOUND:
                data |= {"specific_template": SPECIFIC_TEMPLATE, "template_sections": list(TEMPLATE_SECTIONS)}
            services.reporting_settings_save(
                actor=coordinator, consortium=consortium, structure=structure, data=data, expected_version=None
            )
        for index, (name, structure) in enumerate(sorted(members.items())):
            if name in NOT_FUNDED or name in NOT_STARTED:
                continue
            report, _created = services.report_start(actor=team, consortium=consortium, structure=structure, year=YEAR)
            sections = list(report.sections.all())
            # Most reports are partly written; the submitted ones completely; the reporter's four sections out of six.
            if name in SUBMITTED:
                written = len(sections)
            elif name == RAPPORTEUR:
                written = 4
            else:
                written = 2 + index % (len(sections) - 1)
            for position, section in enumerate(sections[:written]):
                author = rapporteur if name == RAPPORTEUR and rapporteur else team
                services.section_update(
                    actor=author,
                    section=section,
                    body=_body(structure, section.title, index + position),
                    expected_version=section.version,
                )
            if name in SUBMITTED:
                services.report_submit(actor=coordinator, report=report)
        reporters = {
            name: _reporter(consortium, members[name], *person) for name, person in REPORTERS.items() if name in members
        }
        liaison_structures = [members[name] for name in (RAPPORTEUR, *REPORTERS) if name in members]
        liaison = services.shared_paragraph_create(
            actor=team,
            consortium=consortium,
            data={
                "year": YEAR,
                "title": "Fonction de liaison en santé mentale",
                "body": LIAISON,
                "section_title": "Contribution aux missions méso communes de l'OLS",
                "structures": liaison_structures,
            },
        )
        concertation_names = (RAPPORTEUR, "Service de Santé Mentale de la Ville Haute", TEMPLATE_BOUND)
        concertation = services.shared_paragraph_create(
            actor=team,
            consortium=consortium,
            data={
                "year": YEAR,
                "title": "Dynamique de la concertation locale Ville Haute",
                "body": CONCERTATION,
                "section_title": "Partenariats",
                "structures": [members[name] for name in concertation_names if name in members],
            },
        )
        approvers = {**reporters, RAPPORTEUR: rapporteur}
        for name, user in approvers.items():
            if user is None or name not in members:
                continue
            services.shared_paragraph_approve(actor=user, paragraph=liaison, structure=members[name], revision=1)
            if name in concertation_names and name != RAPPORTEUR:
                services.shared_paragraph_approve(
                    actor=user, paragraph=concertation, structure=members[name], revision=1
                )
    return True
