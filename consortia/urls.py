"""Every page of a consortium, under `/consortia/<id>/` (names in the `consortia:` namespace)."""

from django.urls import path

from .views import links, memberships, network, pages, structures, team

app_name = "consortia"

urlpatterns = [
    # reading
    path("<int:consortium_id>/", pages.consortium_detail, name="detail"),
    path("<int:consortium_id>/members/", pages.members, name="members"),
    path("<int:consortium_id>/structures/<int:structure_id>/", pages.structure, name="structure"),
    path("<int:consortium_id>/network/", network.network, name="network"),
    path("<int:consortium_id>/coverage/", pages.coverage, name="coverage"),
    path("<int:consortium_id>/eligibility/", pages.eligibility, name="eligibility"),
    # structures
    path("<int:consortium_id>/structures/new/", structures.structure_create, name="structure_create"),
    path(
        "<int:consortium_id>/structures/add-existing/",
        structures.structure_add_existing,
        name="structure_add_existing",
    ),
    path("<int:consortium_id>/structures/<int:structure_id>/edit/", structures.structure_edit, name="structure_edit"),
    path(
        "<int:consortium_id>/structures/<int:structure_id>/archive/",
        structures.structure_archive,
        name="structure_archive",
    ),
    path(
        "<int:consortium_id>/structures/<int:structure_id>/delete/",
        structures.structure_delete,
        name="structure_delete",
    ),
    # memberships
    path(
        "<int:consortium_id>/memberships/<int:membership_id>/edit/",
        memberships.membership_edit,
        name="membership_edit",
    ),
    path(
        "<int:consortium_id>/memberships/<int:membership_id>/contact/",
        memberships.membership_contact,
        name="membership_contact",
    ),
    path(
        "<int:consortium_id>/memberships/<int:membership_id>/make-lead/",
        memberships.membership_make_lead,
        name="membership_make_lead",
    ),
    path(
        "<int:consortium_id>/memberships/<int:membership_id>/delete/",
        memberships.membership_delete,
        name="membership_delete",
    ),
    # links between méso structures
    path("<int:consortium_id>/links/manage/", links.links_manage, name="links_manage"),
    path("<int:consortium_id>/links/<int:link_id>/delete/", links.link_delete, name="link_delete"),
    # team and access
    path("<int:consortium_id>/roles/", team.roles, name="roles"),
    path("<int:consortium_id>/roles/<int:role_id>/revoke/", team.role_revoke, name="role_revoke"),
    path("<int:consortium_id>/roles/operational-expenses/", team.operational_expenses, name="operational_expenses"),
]
