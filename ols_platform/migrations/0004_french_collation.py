"""The French collation names are sorted with (ols_platform/collation.py). PostgreSQL gets an ICU collation; SQLite
registers one of the same name on each connection, so there is nothing to create there."""

from django.db import migrations

CREATE = "CREATE COLLATION IF NOT EXISTS fr_icu (provider = icu, locale = 'fr-BE')"
DROP = "DROP COLLATION IF EXISTS fr_icu"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("ols_platform", "0003_api_token")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
