"""`manage.py load_reporting_demo`: the Hautes Plaines demo consortium's reporting, after `load_mandates_demo`.

The activity log of 2026 (reporting/demo_activity.py), the structures' 2026 activity reports with two shared
paragraphs (reporting/demo_reports.py), then the evaluation deliverable — its five steps with evidence from the log,
the application's priority projects, three learning cycles — and a budget approved by AVIQ with a year of spending,
for « Utilisation de la subvention » (reporting/demo_deliverable.py). Through the services; idempotent. Refused
outside development, like `load_demo`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consortia.management.commands.load_demo import HAUTES_PLAINES
from consortia.models import Consortium
from ols_platform.errors import DomainError
from reporting import demo_activity, demo_deliverable, demo_reports


class Command(BaseCommand):
    help = (
        "Charge le journal d'activités, les rapports des structures et le livrable de démonstration (Hautes Plaines)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--allow-demo-passwords", action="store_true", help="Comme pour load_demo.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["allow_demo_passwords"]):
            raise CommandError("Refusé hors développement (DEBUG=1), comme load_demo. Rien n'a été écrit.")
        consortium = Consortium.objects.filter(name=HAUTES_PLAINES.name).first()
        if consortium is None:
            raise CommandError("Lancez d'abord manage.py load_demo, load_governance_demo et load_mandates_demo.")
        try:
            activities = demo_activity.load(consortium)
            reports = demo_reports.load(consortium)
            deliverable = demo_deliverable.load(consortium)
        except DomainError as exc:
            raise CommandError(f"{exc} ({exc.code})") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Rapports de démonstration : {activities} activités ajoutées, rapports "
                f"{'créés' if reports else 'déjà présents'}, livrable {'créé' if deliverable['deliverable'] else 'déjà présent'}, "
                f"budget {'créé' if deliverable['budget'] else 'déjà présent'}."
            )
        )
