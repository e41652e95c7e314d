"""`manage.py load_aviq_demo`: budgets for the nine other demo consortia (aviq/demo.py), after `load_demo`, so that
the AVIQ workspace compares ten consortia and has items to review. Idempotent; refused outside development."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ols_platform.errors import DomainError

from ... import demo


class Command(BaseCommand):
    help = "Charge les budgets de démonstration des autres consortia (pour l'espace AVIQ)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-demo-passwords", action="store_true", help="Comme pour load_demo.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["allow_demo_passwords"]):
            raise CommandError("Refusé hors développement (DEBUG=1), comme load_demo. Rien n'a été écrit.")
        try:
            with transaction.atomic():
                created = demo.load()
                handed_in = demo.hand_in_the_deliverable()
                asked = demo.ask_for_a_mandate()
        except DomainError as exc:
            raise CommandError(f"{exc} ({exc.code})") from exc
        deliverable = " ; livrable des Hautes Plaines remis à l'AVIQ" if handed_in else ""
        mandate = " ; un mandat des Hautes Plaines demandé et transmis" if asked else ""
        self.stdout.write(
            self.style.SUCCESS(f"Espace AVIQ : {created} budgets de démonstration créés{deliverable}{mandate}.")
        )
