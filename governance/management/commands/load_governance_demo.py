"""`manage.py load_governance_demo`: the Hautes Plaines demo consortium's governance, after `load_demo`.

The gouvernance temporaire (three méso structures, a citizen seat without a vote), a GT and a concertation locale; one
decision already in the register and one vote open, which the demo governance member has still to cast (it is on
their home page). Through the services, like `load_demo`; idempotent: nothing is written when the consortium
already has bodies. Refused outside development, like `load_demo`.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from consortia.management.commands.load_demo import HAUTES_PLAINES, demo_email, enterprise_number
from consortia.models import Consortium, LifeBasin, Structure, User
from governance.models import Body
from governance.services import bodies, proposals, votes
from ols_platform.errors import DomainError

CHARTER = (
    "Adopter la charte de collaboration du consortium",
    "La charte fixe nos engagements communs : partage d'information, confidentialité, présence aux instances. "
    "Elle a été discutée en équipe opérationnelle les 12 et 26 novembre.",
)
PRIORITIES = (
    "Retenir les trois projets prioritaires de 2027",
    "L'équipe opérationnelle propose : 1) parcours 1000 jours, 2) santé mentale des jeunes, 3) accès aux soins "
    "des personnes sans chez-soi. Chaque projet a un pilote et un budget dans la ligne « projets ».",
)


class Command(BaseCommand):
    help = "Charge la gouvernance de démonstration du consortium des Hautes Plaines (après load_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-demo-passwords", action="store_true", help="Comme pour load_demo.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["allow_demo_passwords"]):
            raise CommandError("Refusé hors développement (DEBUG=1), comme load_demo. Rien n'a été écrit.")
        consortium = Consortium.objects.filter(name=HAUTES_PLAINES.name).first()
        if consortium is None:
            raise CommandError("Lancez d'abord manage.py load_demo.")
        if Body.objects.filter(consortium=consortium).exists():
            self.stdout.write(self.style.SUCCESS("Gouvernance de démonstration déjà présente : rien à créer."))
            return
        try:
            with transaction.atomic():
                self._load(consortium)
        except DomainError as exc:
            raise CommandError(f"{exc} ({exc.code})") from exc
        self.stdout.write(self.style.SUCCESS("Gouvernance de démonstration chargée : 3 instances, 1 décision, 1 vote."))

    def _load(self, consortium):
        people = {
            local: User.objects.get(email=demo_email(local)) for local in ("coordination", "equipe", "gouvernance")
        }
        structure = {key: Structure.objects.get(enterprise_number=enterprise_number(key)) for key in (2, 3, 6)}
        governance = bodies.body_create(
            actor=people["coordination"],
            consortium=consortium,
            data={
                "kind": "temporary_governance",
                "name": "Gouvernance temporaire",
                "description": "Agit au niveau stratégique : définit les orientations, valide les décisions "
                "structurantes, garantit la cohérence territoriale.",
            },
        )
        for key, person in ((2, "gouvernance"), (3, "coordination"), (6, "equipe")):
            bodies.seat_create(
                actor=people["coordination"],
                body=governance,
                data={
                    "structure": structure[key],
                    "representative": people[person],
                    "strategic_delegation": True,
                    "delegation_reference": "Décision du conseil d'administration du 15/10/2026",
                },
            )
        bodies.seat_create(
            actor=people["coordination"],
            body=governance,
            data={"label": "Usager·ère (comité des usagers)", "votes": False},
        )
        bodies.body_create(
            actor=people["coordination"],
            consortium=consortium,
            data={"kind": "working_group", "name": "GT 1000 jours", "default_method": "consensus"},
        )
        bodies.body_create(
            actor=people["coordination"],
            consortium=consortium,
            data={
                "kind": "local_concertation",
                "name": "Concertation locale Ville Haute",
                "life_basin": LifeBasin.objects.filter(territory=consortium.territory, name="Ville Haute").first(),
            },
        )
        seats = {seat.representative.email.split("@")[0]: seat for seat in governance.seats.filter(votes=True)}
        decided = self._proposal(consortium, governance, people["equipe"], CHARTER, "profiles_commitments")
        for seat in seats.values():
            votes.vote_cast(actor=seat.representative, proposal=decided, seat=seat, choice="consent")
        proposals.proposal_close(actor=people["equipe"], proposal=decided, rationale="Charte signée le jour même.")
        pending = self._proposal(consortium, governance, people["equipe"], PRIORITIES, "priorities")
        votes.vote_cast(actor=people["coordination"], proposal=pending, seat=seats["coordination"], choice="consent")
        objection = votes.vote_cast(
            actor=people["equipe"],
            proposal=pending,
            seat=seats["equipe"],
            choice="objection",
            reason="Le troisième projet n'a pas encore de pilote : le retenir maintenant le mettrait en difficulté.",
        )
        votes.objection_answer(
            actor=people["coordination"],
            vote=objection,
            response="Le Relais social a proposé de piloter le projet ; sa réponse est attendue le 10/12.",
        )

    def _proposal(self, consortium, body, author, text, domain):
        title, context = text
        proposal = proposals.proposal_create(
            actor=author,
            consortium=consortium,
            data={"body": body, "title": title, "context": context, "domain": domain},
        )
        return proposals.proposal_open(
            actor=author, proposal=proposal, closes_at=timezone.now() + datetime.timedelta(days=6)
        )
