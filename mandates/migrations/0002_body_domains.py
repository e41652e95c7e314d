"""The bodies learn the decision domains of their adopted mandate in force (governance.Body.mandate_domains, which
mandates.services.sync_body_domains keeps from now on)."""

import datetime

from django.db import migrations


def fill(apps, schema_editor):
    Mandate = apps.get_model("mandates", "Mandate")
    Body = apps.get_model("governance", "Body")
    today = datetime.date.today()
    for mandate in Mandate.objects.filter(status="adopted", body__isnull=False).order_by("number", "pk"):
        starts, ends = mandate.start_date or datetime.date.min, mandate.end_date or datetime.date.max
        if starts <= today <= ends:
            Body.objects.filter(pk=mandate.body_id).update(mandate_domains=list(mandate.autonomy_domains or []))


class Migration(migrations.Migration):
    dependencies = [
        ("mandates", "0001_initial"),
        ("governance", "0003_body_mandate_domains"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
