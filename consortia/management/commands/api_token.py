"""`manage.py api_token EMAIL`: print the user's API token alone (created on first use)."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from consortia.models import User


class Command(BaseCommand):
    help = "Affiche le jeton d'API de l'utilisateur (le crée au besoin), seul sur sa ligne."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse e-mail du compte.")

    def handle(self, *args, **options):
        email = options["email"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Aucun compte n'a l'adresse e-mail « {email} ».")
        if not user.is_active:
            raise CommandError(f"Le compte « {user.email} » est désactivé : il ne peut pas utiliser l'API.")
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
