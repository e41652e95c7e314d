"""`manage.py load_demo`: a fictional but plausible data set for demonstrations and `make run`.

Idempotent: every object is looked up by a stable natural key (territory name, enterprise number, email, …) and
created only when missing, through `consortia.services` wherever a service exists so the domain rules apply.
Running it twice changes nothing. All names, numbers and people are fictional; emails are under @demo.ols.example.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from consortia.enterprise_number import make_enterprise_number
from consortia.management.demo_addresses import contact_address
from consortia.models import (
    Consortium,
    ConsortiumRole,
    LifeBasin,
    Membership,
    Structure,
    StructureLink,
    Territory,
    User,
)
from consortia.services import consortium as consortium_services
from consortia.services import links as link_services
from consortia.services import memberships as membership_services
from consortia.services import roles as role_services
from consortia.services import structures as structure_services
from consortia.services import territories as territory_services
from consortia.services import users as user_services
from ols_platform.audit import as_actor
from ols_platform.errors import DomainError

DEMO_DOMAIN = "demo.ols.example"
# Enterprise numbers of the demo: 0091.xxx.xxx, valid (mod 97) and far from the ranges the factories use.
NUMBER_BASE = 9_100_000
MFA_ACTIVATE_PATH = "/accounts/2fa/totp/activate/"

MEMBER = Membership.Role.MEMBER
PARTNER = Membership.Role.PARTNER


@dataclass(frozen=True)
class S:
    """One demo structure: `key` makes its enterprise number; `basins` are life-basin names of its territory."""

    key: int
    name: str
    sector: str
    level: str
    role: str = MEMBER
    legal_form: str = "asbl"
    focus: str = "health"
    is_hospital: bool = False
    is_insurer: bool = False
    is_aviq_approved: bool = False
    coi: bool = True  # conflict-of-interest declaration handed in
    basins: tuple = ()


@dataclass(frozen=True)
class C:
    """One demo consortium on its own territory."""

    name: str
    territory: str
    population: int
    basins: tuple  # (name, population)
    lead: S
    structures: tuple
    links: tuple = ()  # (source key, target key, kind, note)


VH, TV = "Ville Haute", "Trois Vallées"

# --- the OLS des Hautes Plaines et Vallées (seed 000) -----------------------------------------------------------
HAUTES_PLAINES = C(
    name="OLS des Hautes Plaines et Vallées",
    territory="Hautes Plaines et Vallées",
    population=412_000,  # < 450 000 → the 450 000 € envelope
    basins=((VH, 58_400), (TV, 34_700)),
    lead=S(
        1,
        "Réseau Santé Hautes Plaines",
        "1LSS",
        "meso",
        is_aviq_approved=True,
        basins=(VH, TV),
    ),
    structures=(
        # méso members
        S(2, "Centre de Santé Mentale des Trois Vallées", "SM", "meso", is_aviq_approved=True, basins=(TV,)),
        S(3, "Service de Santé Mentale de la Ville Haute", "SM", "meso", is_aviq_approved=True, basins=(VH,)),
        S(4, "Centre Local de Promotion de la Santé des Hautes Plaines", "PP", "meso", is_aviq_approved=True),
        S(5, "Plateforme de Concertation en Santé Mentale des Plaines", "SM", "meso", is_aviq_approved=True),
        S(6, "Cercle de Médecine Générale des Hautes Plaines", "1LSS", "meso", basins=(VH, TV)),
        S(7, "Centre de Coordination de Soins à Domicile des Vallées", "1LSS", "meso", is_aviq_approved=True),
        S(8, "Service d'Aide aux Familles et aux Aînés des Plaines", "SSS", "meso", focus="social"),
        S(9, "Relais Social Urbain de la Ville Haute", "SSS", "meso", focus="social", basins=(VH,)),
        S(10, "Cercle des Pharmaciens des Hautes Plaines", "1LSS", "meso"),
        S(11, "Service d'Accompagnement Handicap & Autonomie", "SSS", "meso", focus="specific_publics"),
        S(12, "Centre de Prévention des Assuétudes des Plaines", "PP", "meso", coi=False),
        S(13, "Réseau Santé Jeunes des Vallées", "SM", "meso", focus="specific_publics", basins=(TV,)),
        # micro members (front line, in a bassin de vie)
        S(14, "Maison médicale du Vieux Moulin", "1LSS", "micro", basins=(VH,)),
        S(15, "Maison médicale des Trois Vallées", "1LSS", "micro", basins=(TV,)),
        S(16, "Planning familial Les Tilleuls", "PP", "micro", basins=(VH,)),
        S(17, "Maison de l'Enfance et des Familles du Plateau", "PP", "micro", focus="specific_publics", basins=(TV,)),
        S(18, "Espace Seniors des Trois Vallées", "SSS", "micro", focus="social", basins=(TV,)),
        S(19, "Épicerie sociale La Passerelle", "SSS", "micro", focus="social", basins=(VH,)),
        # macro member
        S(20, "Union régionale des Centres de Coordination", "1LSS", "macro"),
        # partners: a hospital, an insurer, public and private bodies
        S(21, "Centre Hospitalier des Hautes Plaines", "SH", "meso", PARTNER, "other", is_hospital=True),
        S(22, "Réseau hospitalier Plaines & Vallées", "SH", "macro", PARTNER, "other", is_hospital=True),
        S(23, "Mutualité des Hautes Plaines", "SSS", "meso", PARTNER, "other", focus="social", is_insurer=True),
        S(24, "CPAS de la Ville Haute", "SSS", "micro", PARTNER, "public", focus="social", basins=(VH,)),
        S(25, "Pharmacie coopérative du Plateau", "1LSS", "micro", PARTNER, "scrl", basins=(TV,)),
        S(26, "Cabinet de kinésithérapie des Vallées", "1LSS", "micro", PARTNER, "srl", basins=(TV,)),
        S(27, "Fondation pour la Santé Communautaire", "PP", "macro", PARTNER, "fondation"),
    ),
    # Typed links between méso structures (OG governance, PA shared activities, S support); number 11 stays isolated.
    links=(
        (1, 2, "OG", "Siège au conseil d'administration"),
        (2, 1, "OG", "Représentée à la gouvernance temporaire"),
        (1, 4, "S", "Appui méthodologique au diagnostic"),
        (4, 1, "OG", ""),
        (1, 6, "OG", ""),
        (6, 1, "PA", "Permanences partagées"),
        (2, 3, "PA", "Concertation santé mentale adultes"),
        (3, 2, "PA", ""),
        (5, 2, "S", "Soutien à l'intervision"),
        (5, 3, "S", ""),
        (5, 13, "OG", "GT santé mentale jeunes"),
        (13, 5, "PA", ""),
        (4, 12, "PA", "Campagne de prévention commune"),
        (7, 6, "PA", "Coordination des retours à domicile"),
        (7, 8, "PA", ""),
        (8, 9, "S", "Orientation des publics précarisés"),
        (9, 8, "PA", ""),
        (10, 6, "PA", "Concertation médico-pharmaceutique"),
        (21, 7, "PA", "Sorties d'hospitalisation"),
        (23, 8, "S", "Information sur les droits"),
        (1, 9, "OG", ""),
        (4, 13, "S", "GT 1000 jours"),
    ),
)


@dataclass(frozen=True)
class T:
    """Another territory, described compactly; its structures are built from the templates below."""

    index: int
    territory: str
    of: str  # the territory's name after "de" ("du Val Clair", "de l'Entre-Forêts", …)
    population: int
    basins: tuple  # two (name, population)
    size: int  # structures besides the lead (6–12)


# Three territories at ≥ 450 000 inhabitants (700 000 € envelopes) and seven below (450 000 €): 5 250 000 € in all,
# the programme's total.
OTHER_TERRITORIES = (
    T(1, "Val Clair", "du Val Clair", 263_400, (("Clairmont", 41_200), ("Les Prés-Saint-Jean", 27_800)), 6),
    T(2, "Entre-Forêts", "de l'Entre-Forêts", 281_900, (("Bois-Lambeau", 36_000), ("Hautecombe", 22_500)), 8),
    T(3, "Deux Rivières", "des Deux Rivières", 297_600, (("Confluent", 52_300), ("Rive Basse", 31_900)), 7),
    T(4, "Crêtes d'Ardenne", "des Crêtes d'Ardenne", 318_250, (("Sommebois", 18_700), ("Val-Noir", 24_100)), 9),
    T(
        5,
        "Condroz des Sources",
        "du Condroz des Sources",
        336_800,
        (("Fontenelle", 29_600), ("Roche-Vive", 33_000)),
        10,
    ),
    T(6, "Pays des Coteaux", "du Pays des Coteaux", 371_500, (("Vignelles", 45_800), ("Mont-Soleil", 38_200)), 8),
    T(
        7,
        "Marches de l'Ouest",
        "des Marches de l'Ouest",
        450_000,
        (("Porte-Ouest", 61_000), ("Les Landes", 28_400)),
        11,
    ),
    T(8, "Plaine du Levant", "de la Plaine du Levant", 503_700, (("Levant-Centre", 74_500), ("Aubepré", 35_600)), 12),
    T(
        9,
        "Agglomération des Trois Ponts",
        "des Trois Ponts",
        612_300,
        (("Pont-Neuf", 88_900), ("Quai Sud", 66_700)),
        12,
    ),
)

# (name template, sector, level, role, legal form, focus, hospital, insurer); `{of}` is the territory, `{b}` a basin.
_TEMPLATES = (
    ("Service de Santé Mentale {of}", "SM", "meso", MEMBER, "asbl", "health", False, False),
    ("Centre Local de Promotion de la Santé {of}", "PP", "meso", MEMBER, "asbl", "health", False, False),
    ("Service d'Aide aux Familles {of}", "SSS", "meso", MEMBER, "asbl", "social", False, False),
    ("Maison médicale de {b}", "1LSS", "micro", MEMBER, "asbl", "health", False, False),
    ("Centre Hospitalier {of}", "SH", "meso", PARTNER, "other", "health", True, False),
    ("Centre de Coordination de Soins à Domicile {of}", "1LSS", "meso", MEMBER, "asbl", "health", False, False),
    ("Mutualité régionale {of}", "SSS", "meso", PARTNER, "other", "social", False, True),
    ("Relais Social {of}", "SSS", "meso", MEMBER, "asbl", "social", False, False),
    ("Planning familial de {b}", "PP", "micro", MEMBER, "asbl", "specific_publics", False, False),
    ("CPAS de {b}", "SSS", "micro", PARTNER, "public", "social", False, False),
    ("Plateforme santé mentale {of}", "SM", "meso", MEMBER, "asbl", "health", False, False),
    ("Espace Seniors de {b}", "SSS", "micro", MEMBER, "asbl", "social", False, False),
)


def _other_consortium(t: T) -> C:
    base = t.index * 100
    basin_names = [name for name, _ in t.basins]
    structures = []
    for j, (template, sector, level, role, legal_form, focus, hospital, insurer) in enumerate(_TEMPLATES[: t.size]):
        basin = basin_names[j % 2]
        structures.append(
            S(
                base + 2 + j,
                template.format(of=t.of, b=basin),
                sector,
                level,
                role,
                legal_form,
                focus,
                is_hospital=hospital,
                is_insurer=insurer,
                basins=(basin,) if level == "micro" else (),
            )
        )
    lead = S(base + 1, f"Réseau Santé {t.of}", "1LSS", "meso", basins=tuple(basin_names))
    meso = [lead.key] + [s.key for s in structures if s.level == "meso"]
    # Governance links from the lead to each méso structure but the last, and a few shared activities.
    links = [(lead.key, key, "OG", "") for key in meso[1:-1]]
    links += [(meso[i], meso[i + 1], "PA", "") for i in range(1, len(meso) - 1, 2)]
    links += [(meso[1], lead.key, "S", "")]
    return C(
        name=f"OLS {t.of}",
        territory=t.territory,
        population=t.population,
        basins=t.basins,
        lead=lead,
        structures=tuple(structures),
        links=tuple(links),
    )


DEMO_CONSORTIA = (HAUTES_PLAINES, *(_other_consortium(t) for t in OTHER_TERRITORIES))

# One demo person per role of the Hautes Plaines consortium, then AVIQ and the platform admin.
DEMO_PEOPLE = (
    ("coordination", "Élise", "Marchal", "coordinator", None),
    ("equipe", "Thomas", "Lejeune", "operational", None),
    ("comptabilite", "Nadia", "Bensalem", "accountant", None),
    ("gouvernance", "Marc", "Delvigne", "governance", None),
    ("rapporteur", "Julie", "Renardy", "structure_reporter", 2),  # reports for the CSM des Trois Vallées
    ("lecture", "Hugo", "Wautelet", "viewer", None),
)
REVIEWER = ("aviq", "Sarah", "Collignon")
ADMIN = ("admin", "Alex", "Plateforme")


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def enterprise_number(key: int) -> str:
    return make_enterprise_number(NUMBER_BASE + key)


class Command(BaseCommand):
    help = "Charge les données de démonstration (fictives) : 10 consortia, leurs structures et un compte par rôle."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-passwords",
            action="store_true",
            help="Crée les comptes de démonstration (dont un superuser) au mot de passe connu, même sans DEBUG=1.",
        )

    def handle(self, *args, **options):
        # The demo accounts share one published password and include a superuser: on a database reachable from
        # outside, that is an open door. Outside development (DEBUG=1) they need an explicit, deliberate flag.
        if not (settings.DEBUG or options["allow_demo_passwords"]):
            raise CommandError(
                "Refusé : les données de démonstration créent un superuser et des comptes au mot de passe connu "
                f"({settings.DEMO_PASSWORD!r}). Lancez la commande avec DEBUG=1 (développement) ou, en connaissance "
                "de cause, avec --allow-demo-passwords. Rien n'a été écrit."
            )
        self.created = 0
        try:
            with transaction.atomic():
                for consortium in DEMO_CONSORTIA:
                    self._consortium(consortium)
                logins = self._people()
        except DomainError as exc:
            raise CommandError(f"{exc} ({exc.code})") from exc
        self._report(logins)

    # --- building blocks: look up by natural key, else create through the service ---------------------------

    def _territory(self, c: C) -> Territory:
        territory = Territory.objects.filter(name=c.territory).first()
        if territory is None:
            territory = territory_services.territory_create(actor=None, name=c.territory, population=c.population)
            self.created += 1
        for name, population in c.basins:
            # No service writes life basins yet: a plain get-or-create on (territory, name), with the history.
            if not LifeBasin.objects.filter(territory=territory, name=name).exists():
                basin = LifeBasin(territory=territory, name=name, population=population)
                basin.full_clean()
                as_actor(basin, None).save()
                self.created += 1
        return territory

    @staticmethod
    def _contact(s: S) -> dict:
        """The consortium's contact at the structure (kept on the membership)."""
        return {"contact_email": contact_address(s.name, DEMO_DOMAIN)}

    def _structure_data(self, s: S) -> dict:
        return {
            "name": s.name,
            "legal_form": s.legal_form,
            "enterprise_number": enterprise_number(s.key),
            "sector": s.sector,
            "level": s.level,
            "focus": s.focus,
            "is_hospital": s.is_hospital,
            "is_insurer": s.is_insurer,
            "is_aviq_approved": s.is_aviq_approved,
        }

    def _lead_structure(self, s: S) -> Structure:
        """The lead exists before its consortium (consortium_create makes it the first member)."""
        structure = Structure.objects.filter(enterprise_number=enterprise_number(s.key)).first()
        if structure is None:
            structure = Structure(**self._structure_data(s))
            structure.full_clean()
            as_actor(structure, None).save()
            self.created += 1
        return structure

    def _membership(self, consortium: Consortium, s: S) -> Membership:
        number = enterprise_number(s.key)
        membership = (
            Membership.objects.filter(consortium=consortium, structure__enterprise_number=number)
            .select_related("structure")
            .first()
        )
        if membership is not None:
            return membership
        structure = Structure.objects.filter(enterprise_number=number).first()
        if structure is None:
            membership = structure_services.structure_create(
                actor=None,
                consortium=consortium,
                role=s.role,
                data=self._structure_data(s),
                membership_data=self._contact(s),
            )
        else:
            membership = membership_services.membership_create(
                actor=None, consortium=consortium, structure=structure, role=s.role, **self._contact(s)
            )
        self.created += 1
        if s.coi:
            membership = membership_services.membership_update(
                actor=None,
                membership=membership,
                data={"conflict_of_interest_declared": True, "conflict_of_interest_note": "Aucun conflit déclaré."},
            )
        return membership

    def _life_basins(self, territory: Territory, structure: Structure, s: S) -> None:
        if not s.basins or structure.life_basins.filter(territory=territory).exists():
            return
        basins = list(LifeBasin.objects.filter(territory=territory, name__in=s.basins))
        structure_services.structure_set_life_basins(
            actor=None, structure=structure, life_basins=basins, territory=territory
        )

    def _consortium(self, c: C) -> Consortium:
        territory = self._territory(c)
        consortium = Consortium.objects.filter(territory=territory).first()
        if consortium is None:
            lead = self._lead_structure(c.lead)
            consortium = consortium_services.consortium_create(
                actor=None, name=c.name, territory=territory, lead_structure=lead
            )
            self.created += 1
            lead_membership = consortium.memberships.get(is_lead=True)
            data = self._contact(c.lead)
            if c.lead.coi:
                data.update(conflict_of_interest_declared=True, conflict_of_interest_note="Aucun conflit déclaré.")
            membership_services.membership_update(actor=None, membership=lead_membership, data=data)
        structures = {c.lead.key: consortium.memberships.get(is_lead=True).structure}
        self._life_basins(territory, structures[c.lead.key], c.lead)
        for s in c.structures:
            structures[s.key] = self._membership(consortium, s).structure
            self._life_basins(territory, structures[s.key], s)
        for source, target, kind, note in c.links:
            exists = StructureLink.objects.filter(
                consortium=consortium, source=structures[source], target=structures[target], kind=kind
            ).exists()
            if not exists:
                link_services.link_create(
                    actor=None,
                    consortium=consortium,
                    source=structures[source],
                    target=structures[target],
                    kind=kind,
                    note=note,
                )
                self.created += 1
        return consortium

    def _user(self, local, first_name, last_name, **flags) -> User:
        email = demo_email(local)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            make = User.objects.create_superuser if flags.pop("superuser", False) else User.objects.create_user
            user = make(email, settings.DEMO_PASSWORD, first_name=first_name, last_name=last_name, **flags)
            user_services.user_email_confirm(user=user)  # no mailbox to prove: AVIQ and admin accounts can enrol TOTP
            self.created += 1
        return user

    def _people(self) -> list[tuple[str, str]]:
        consortium = Consortium.objects.get(name=HAUTES_PLAINES.name)
        logins = []
        for local, first_name, last_name, role, structure_key in DEMO_PEOPLE:
            user = self._user(local, first_name, last_name)
            structure = None
            if structure_key is not None:
                structure = Structure.objects.get(enterprise_number=enterprise_number(structure_key))
            if not ConsortiumRole.objects.filter(user=user, consortium=consortium, role=role).exists():
                role_services.role_grant(actor=None, consortium=consortium, user=user, role=role, structure=structure)
                self.created += 1
            label = ConsortiumRole.Role(role).label
            logins.append((user.email, f"{label}" + (f" ({structure.name})" if structure else "")))
        reviewer = self._user(*REVIEWER, aviq_reviewer=True)
        logins.append((reviewer.email, "Agent·e AVIQ (lecture de tous les consortia) — TOTP obligatoire"))
        admin = self._user(*ADMIN, superuser=True)
        logins.append((admin.email, "Administration de la plateforme (superuser) — TOTP obligatoire"))
        return logins

    def _report(self, logins) -> None:
        out = self.stdout
        if self.created:
            out.write(self.style.SUCCESS(f"Données de démonstration chargées ({self.created} éléments créés)."))
        else:
            out.write(self.style.SUCCESS("Données de démonstration déjà présentes : rien à créer."))
        out.write(
            f"{Consortium.objects.count()} consortia, {Structure.objects.count()} structures, "
            f"{StructureLink.objects.count()} liens, {User.objects.count()} comptes."
        )
        out.write("")
        out.write(f"Comptes de démonstration ({HAUTES_PLAINES.name}) — mot de passe : {settings.DEMO_PASSWORD}")
        width = max(len(email) for email, _ in logins)
        for email, role in logins:
            out.write(f"  {email.ljust(width)}  {settings.DEMO_PASSWORD}  {role}")
        out.write("")
        out.write(
            "Les comptes AVIQ et administrateur doivent activer l'authentification à deux facteurs (TOTP) avant "
            f"d'utiliser la plateforme : après connexion, ils sont redirigés vers {MFA_ACTIVATE_PATH} "
            "(application d'authentification : FreeOTP, Aegis, Google Authenticator…)."
        )
