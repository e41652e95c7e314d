"""The operational team's work: `manage_links` (the links between méso structures, now also the operational
team's) and `record_expenses` (coordinators and accountants always; the operational team while the consortium's
`operational_team_records_expenses` is on, off by default).

The new permissions are granted to every person who already holds a role that gives them, as guardian object
permission rows (what `consortia.permissions.sync_role_perms` keeps in step afterwards). The Permission rows are
made here: Django creates them only after every migration has run.
"""

import django.db.models.functions.comparison
from django.db import migrations, models

# The permissions this migration adds, and the roles that hold them (consortia.roles.ROLE_PERMS at this point; the
# operational team's `record_expenses` waits for the setting, off in every consortium).
GRANTED = {
    "manage_links": ("Record the links between méso structures", ("coordinator", "operational")),
    "record_expenses": ("Record expenses and their supporting documents", ("coordinator", "accountant")),
}


def _permission(apps, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="consortia", model="consortium")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": GRANTED[codename][0]}
    )
    return content_type, permission


def grant_to_role_holders(apps, schema_editor):
    ConsortiumRole = apps.get_model("consortia", "ConsortiumRole")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    for codename, (_name, roles) in GRANTED.items():
        holders = set(ConsortiumRole.objects.filter(role__in=roles).values_list("user_id", "consortium_id"))
        if not holders:
            continue
        content_type, permission = _permission(apps, codename)
        held = set(
            UserObjectPermission.objects.filter(permission=permission).values_list("user_id", "object_pk")
        )
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
        ('consortia', '0007_governance_permissions'),
        ('guardian', '0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='consortium',
            options={'ordering': [models.OrderBy(django.db.models.functions.comparison.Collate(models.F('name'), 'fr_icu'))], 'permissions': [('manage_structures', 'Manage structures, memberships and links'), ('manage_roles', 'Invite users and give them roles'), ('manage_links', 'Record the links between méso structures'), ('edit_budget', 'Edit the budget'), ('view_budget', 'View the budget'), ('record_expenses', 'Record expenses and their supporting documents'), ('manage_governance', 'Manage governance bodies and seats'), ('prepare_decisions', 'Prepare proposals, meetings and decisions')], 'verbose_name': 'consortium', 'verbose_name_plural': 'consortia'},
        ),
        migrations.AddField(
            model_name='consortium',
            name='operational_team_records_expenses',
            field=models.BooleanField(default=False, verbose_name="l'équipe opérationnelle peut enregistrer des dépenses et leurs justificatifs"),
        ),
        migrations.AddField(
            model_name='historicalconsortium',
            name='operational_team_records_expenses',
            field=models.BooleanField(default=False, verbose_name="l'équipe opérationnelle peut enregistrer des dépenses et leurs justificatifs"),
        ),
        migrations.RunPython(grant_to_role_holders, revoke_all),
    ]
