"""A structure's contact becomes each consortium's own: it moves from the shared Structure to the Membership.

Every existing membership starts with the contact its structure had (copied, so nothing is lost), then the
structure's columns go. The history of structures keeps no contact columns from now on.
"""

from django.db import migrations, models

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "address")


def copy_contact_to_memberships(apps, schema_editor):
    Membership = apps.get_model("consortia", "Membership")
    for membership in Membership.objects.select_related("structure").iterator():
        for field in CONTACT_FIELDS:
            setattr(membership, field, getattr(membership.structure, field))
        membership.save(update_fields=CONTACT_FIELDS)


def copy_contact_back_to_structures(apps, schema_editor):
    """Going back: a structure takes the contact of its lead membership, else of its oldest membership."""
    Membership = apps.get_model("consortia", "Membership")
    done = set()
    for membership in Membership.objects.select_related("structure").order_by("-is_lead", "pk").iterator():
        if membership.structure_id in done:
            continue
        done.add(membership.structure_id)
        for field in CONTACT_FIELDS:
            setattr(membership.structure, field, getattr(membership, field))
        membership.structure.save(update_fields=CONTACT_FIELDS)


def _contact_fields():
    return [
        ("contact_name", models.CharField(blank=True, max_length=150, verbose_name="personne de contact")),
        ("contact_email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail de contact")),
        ("contact_phone", models.CharField(blank=True, max_length=40, verbose_name="téléphone")),
        ("address", models.CharField(blank=True, max_length=250, verbose_name="adresse")),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("consortia", "0002_date_bounds"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("membership", "historicalmembership")
            for name, field in _contact_fields()
        ],
        migrations.RunPython(copy_contact_to_memberships, copy_contact_back_to_structures),
        *[
            migrations.RemoveField(model_name=model, name=name)
            for model in ("structure", "historicalstructure")
            for name in CONTACT_FIELDS
        ],
    ]
