import django.db.models.functions.comparison
from django.db import migrations, models

# The roles that gain each new permission (consortia.roles.ROLE_PERMS at the time of this migration).
GRANTS = {
    "manage_governance": ("coordinator",),
    "prepare_decisions": ("coordinator", "operational"),
}


def grant_to_current_holders(apps, schema_editor):
    """Give the new permissions to the people already holding the roles that grant them (later grants go through
    consortia.permissions.sync_role_perms). Permission rows are only created after migrations: made here if need be."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ConsortiumRole = apps.get_model("consortia", "ConsortiumRole")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    content_type, _ = ContentType.objects.get_or_create(app_label="consortia", model="consortium")
    for codename, roles in GRANTS.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
        )
        holders = ConsortiumRole.objects.filter(role__in=roles).values_list("user_id", "consortium_id")
        for user_id, consortium_id in holders:
            UserObjectPermission.objects.get_or_create(
                user_id=user_id, permission=permission, content_type=content_type, object_pk=str(consortium_id)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("consortia", "0006_french_ordering"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="consortium",
            options={
                "ordering": [models.OrderBy(django.db.models.functions.comparison.Collate(models.F("name"), "fr_icu"))],
                "permissions": [
                    ("manage_structures", "Manage structures, memberships and links"),
                    ("manage_roles", "Invite users and give them roles"),
                    ("edit_budget", "Edit the budget"),
                    ("view_budget", "View the budget"),
                    ("manage_governance", "Manage governance bodies and seats"),
                    ("prepare_decisions", "Prepare proposals, meetings and decisions"),
                ],
                "verbose_name": "consortium",
                "verbose_name_plural": "consortia",
            },
        ),
        migrations.RunPython(grant_to_current_holders, migrations.RunPython.noop),
    ]
