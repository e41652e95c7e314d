"""`manage_reporting`: the activity log, the shared paragraphs and the evaluation deliverable, kept by the coordination
and the operational team; granted to every person who already holds one of those roles (as in 0008)."""

import django.db.models.functions.comparison
from django.db import migrations, models


GRANTED = {
    "manage_reporting": (
        "Keep the activity log, shared paragraphs and the evaluation deliverable",
        ("coordinator", "operational"),
    ),
}


def grant_to_role_holders(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ConsortiumRole = apps.get_model("consortia", "ConsortiumRole")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    for codename, (name, roles) in GRANTED.items():
        holders = set(ConsortiumRole.objects.filter(role__in=roles).values_list("user_id", "consortium_id"))
        if not holders:
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="consortia", model="consortium")
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        held = set(UserObjectPermission.objects.filter(permission=permission).values_list("user_id", "object_pk"))
        UserObjectPermission.objects.bulk_create(
            [
                UserObjectPermission(
                    user_id=user_id, permission=permission, content_type=content_type, object_pk=str(consortium_id)
                )
                for user_id, consortium_id in sorted(holders)
                if (user_id, str(consortium_id)) not in held
            ]
        )


def revoke_all(apps, schema_editor):
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    UserObjectPermission.objects.filter(
        permission__content_type__app_label="consortia", permission__codename__in=list(GRANTED)
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('consortia', '0008_operational_team_work'),
        ('guardian', '0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='consortium',
            options={'ordering': [models.OrderBy(django.db.models.functions.comparison.Collate(models.F('name'), 'fr_icu'))], 'permissions': [('manage_structures', 'Manage structures, memberships and links'), ('manage_roles', 'Invite users and give them roles'), ('manage_links', 'Record the links between méso structures'), ('edit_budget', 'Edit the budget'), ('view_budget', 'View the budget'), ('record_expenses', 'Record expenses and their supporting documents'), ('manage_governance', 'Manage governance bodies and seats'), ('prepare_decisions', 'Prepare proposals, meetings and decisions'), ('manage_reporting', 'Keep the activity log, shared paragraphs and the evaluation deliverable')], 'verbose_name': 'consortium', 'verbose_name_plural': 'consortia'},
        ),
        migrations.RunPython(grant_to_role_holders, revoke_all),
    ]
