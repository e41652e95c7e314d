from django.core.management.base import BaseCommand

from ols_platform import outbox
from ols_platform.models import OutboxTask


class Command(BaseCommand):
    help = "Send the background tasks still pending in the outbox (Redis was down when they were asked for)."

    def handle(self, *args, **options):
        sent = outbox.flush()
        pending = OutboxTask.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"{sent} sent, {pending} pending")
        if pending:
            self.stderr.write("The broker still refuses some tasks: see OutboxTask.last_error.")
