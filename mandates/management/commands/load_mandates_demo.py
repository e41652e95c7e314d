"""`manage.py load_mandates_demo`: the Hautes Plaines demo consortium's mandates, after `load_governance_demo`.

From the seed's models: the operational team's mandate (its body created if missing) and the gouvernance
temporaire's, both adopted by the gouvernance temporaire's vote (in force for the programme's two years); the GT 1000
jours' mandate, adopted last year and ending in six weeks (the home page flags it); the concertation locale Ville
Haute left without a mandate (flagged too). Through the services; idempotent: nothing is written when the consortium
already has mandates. Refused outside development, like `load_demo`.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from consortia.management.commands.load_demo import HAUTES_PLAINES
from consortia.models import Consortium
from governance.models import Body
from governance.services import bodies, proposals, votes
from mandates import models_library
from mandates.models import Mandate
from mandates.services import mandate_create, mandate_propose
from ols_platform.errors import DomainError

MODALITIES = {
    "articulation": "Rend compte à la gouvernance temporaire à chacune de ses réunions.",
    "working_methods": "Réunion d'équipe tous les quinze jours ; outils partagés ; décisions au consentement.",
    "deliverables": "Plan d'action annuel, synthèses des concertations, rapport d'évaluation en cinq étapes.",
    "commitments": "Présence aux réunions, partage des informations utiles, confidentialité des situations.",
    "resources": "Temps de travail financé par le budget OLS, salle de réunion, outils collaboratifs.",
}
PROGRAMME = {"start_date": datetime.date(2026, 1, 1), "end_date": datetime.date(2027, 12, 31)}


class Command(BaseCommand):
    help = "Charge les mandats de démonstration du consortium des Hautes Plaines (après load_governance_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-demo-passwords", action="store_true", help="Comme pour load_demo.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["allow_demo_passwords"]):
            raise CommandError("Refusé hors développement (DEBUG=1), comme load_demo. Rien n'a été écrit.")
        consortium = Consortium.objects.filter(name=HAUTES_PLAINES.name).first()
        governance = Body.objects.filter(consortium=consortium, kind="temporary_governance").first()
        if consortium is None or governance is None:
            raise CommandError("Lancez d'abord manage.py load_demo puis load_governance_demo.")
        if Mandate.objects.filter(consortium=consortium).exists():
            self.stdout.write(self.style.SUCCESS("Mandats de démonstration déjà présents : rien à créer."))
            return
        try:
            with transaction.atomic():
                self._load(consortium, governance)
        except DomainError as exc:
            raise CommandError(f"{exc} ({exc.code})") from exc
        self.stdout.write(self.style.SUCCESS("Mandats de démonstration chargés : 3 adoptés, 1 espace sans mandat."))

    def _load(self, consortium, governance):
        coordination = governance.seats.filter(votes=True).first().representative
        team = Body.objects.filter(consortium=consortium, kind="operational_team").first() or bodies.body_create(
            actor=coordination,
            consortium=consortium,
            data={"kind": "operational_team", "name": "Équipe opérationnelle", "default_method": "consent"},
        )
        group = Body.objects.get(consortium=consortium, kind="working_group", name="GT 1000 jours")
        self._adopt(governance, self._from_model("operational_team", consortium, coordination, team, PROGRAMME))
        self._adopt(
            governance, self._from_model("temporary_governance", consortium, coordination, governance, PROGRAMME)
        )
        ending = {
            "start_date": timezone.localdate() - datetime.timedelta(days=320),
            "end_date": timezone.localdate() + datetime.timedelta(days=45),
            "purpose": "Construire avec les acteurs de la périnatalité un parcours des 1000 premiers jours.",
            "responsibilities": "Cartographier l'offre, repérer les ruptures de parcours, proposer des actions.",
            "autonomy": "Organise ses rencontres et choisit ses méthodes de travail.",
            "autonomy_domains": ["methods_tools"],
            "scope": "Tout le territoire, publics : futurs parents et enfants de 0 à 3 ans.",
            "composition": "Structures de la périnatalité et de la petite enfance membres du consortium.",
        }
        self._adopt(governance, self._from_model("gt_1000_days", consortium, coordination, group, ending))

    def _from_model(self, key, consortium, actor, body, extra):
        data = models_library.as_data(key)
        tasks, members = data.pop("tasks"), data.pop("members")
        data |= MODALITIES | extra | {"body": body}
        data["tasks"] = tasks
        data["members"] = [{"profile": p, "contribution": c} for p, c in members]
        return mandate_create(actor=actor, consortium=consortium, data=data)

    def _adopt(self, governance, mandate):
        closes = timezone.now() + datetime.timedelta(days=2)
        mandate = mandate_propose(actor=None, mandate=mandate, deciding_body=governance, closes_at=closes)
        for seat in governance.seats.filter(votes=True, archived_at__isnull=True):
            votes.vote_cast(actor=seat.representative, proposal=mandate.proposal, seat=seat, choice="consent")
        proposals.proposal_close(actor=None, proposal=mandate.proposal, rationale="Adopté à l'unanimité des sièges.")
