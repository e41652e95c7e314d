from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    RuleSet = apps.get_model("budget", "RuleSet")
    if RuleSet.objects.filter(is_active=True).exists():
        return
    RuleSet.objects.create(
        name="Appel à projets OLS 2025 (AVIQ)",
        is_active=True,
        population_threshold=450_000,
        small_cap=Decimal("450000.00"),
        large_cap=Decimal("700000.00"),
        period_months=24,
        programme_total=Decimal("5251000.00"),
        personnel_min_share=Decimal("0.8000"),
        personnel_basis="budget_total",
        max_amount=Decimal("1000000.00"),
    )


def unseed(apps, schema_editor):
    apps.get_model("budget", "RuleSet").objects.filter(name="Appel à projets OLS 2025 (AVIQ)").delete()


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
