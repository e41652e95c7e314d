"""`manage.py api_token EMAIL`: make a fresh API token for the user (replacing the previous one) and print it alone."""

from django.core.management.base import BaseCommand, CommandError

from consortia.models import User
from ols_platform.errors import DomainError
from ols_platform.tokens import token_create


class Command(BaseCommand):
    help = "Crée un nouveau jeton d'API pour l'utilisateur (l'ancien est révoqué) et l'affiche seul sur sa ligne."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse e-mail du compte.")

    def handle(self, *args, **options):
        email = options["email"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Aucun compte n'a l'adresse e-mail « {email} ».")
        try:
            # Only the key's hash is stored: an existing token cannot be shown again, so a fresh one is made.
            new = token_create(actor=None, user=user)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(new.key)
