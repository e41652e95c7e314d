"""Coordinator pages that create, edit, archive and delete the structures of a consortium (`manage_structures`).

Thin: forms → `consortia.services.structures`. A structure is always looked up inside the consortium of the URL,
so another consortium's id answers 404; deletion shows a confirmation page (GET) and acts on a confirmed POST.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ols_platform.errors import DomainError

from .. import selectors
from ..forms import (
    AddExistingStructureForm,
    FindStructureForm,
    StructureCreateForm,
    StructureEditForm,
)
from ..models import LifeBasin, Membership, Structure
from ..roles import MANAGE_STRUCTURES
from ..services import memberships as membership_services
from ..services import structures as structure_services
from .common import (
    add_domain_error,
    confirm_then,
    consortium_page,
    members_url,
    page_context,
    save_unless_stale,
    structure_of,
    structure_url,
    submit,
)


@consortium_page(MANAGE_STRUCTURES)
def structure_create(request, access):
    consortium = access.consortium
    duplicate = None
    if request.method == "POST":
        form = StructureCreateForm(request.POST, territory=consortium.territory)
        if form.is_valid():
            try:
                membership = structure_services.structure_create(
                    actor=request.user,
                    consortium=consortium,
                    role=form.cleaned_data["role"],
                    data=form.structure_data(),
                    membership_data=form.membership_data(),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                if exc.code == "duplicate_enterprise_number":
                    duplicate = form.data.get("enterprise_number", "")
            else:
                messages.success(
                    request,
                    _("%(name)s a été ajoutée comme %(role)s.")
                    % {"name": membership.structure.name, "role": membership.get_role_display().lower()},
                )
                return redirect(structure_url(consortium, membership.structure_id))
    else:
        form = StructureCreateForm(
            territory=consortium.territory,
            initial={
                "role": Membership.Role.MEMBER,
                "joined_on": timezone.localdate(),
                "enterprise_number": request.GET.get("enterprise_number", "")[:30],
            },
        )
    return render(
        request, "consortia/manage/structure_form.html", page_context(access, "members", form=form, duplicate=duplicate)
    )


@consortium_page(MANAGE_STRUCTURES)
def structure_add_existing(request, access):
    """Find a structure registered on the platform by its enterprise number, and add it as member or partner.

    The number is the only key, in the search and in the POST alike (never an id): adding a structure means
    knowing its number.
    """
    consortium = access.consortium
    found = already = None
    add_form = None
    searched = "enterprise_number" in request.GET
    find_form = FindStructureForm(request.GET if searched else None)
    if request.method == "POST":
        add_form = AddExistingStructureForm(request.POST)
        if add_form.is_valid():
            number = add_form.cleaned_data["enterprise_number"]
            found = selectors.structure_by_number(number)
            if found is None:
                add_form.add_error(None, _("Aucune structure n'est enregistrée avec le numéro %s.") % number)
            else:
                fields = {k: v for k, v in add_form.cleaned_data.items() if k != "enterprise_number"}
                membership = submit(
                    add_form,
                    lambda: membership_services.membership_create(
                        actor=request.user, consortium=consortium, structure=found, **fields
                    ),
                )
                if membership is not None:
                    messages.success(
                        request,
                        _("%(name)s a été ajoutée comme %(role)s.")
                        % {"name": found.name, "role": membership.get_role_display().lower()},
                    )
                    return redirect(structure_url(consortium, found.pk))
    elif searched and find_form.is_valid():
        found = selectors.structure_by_number(find_form.cleaned_data["enterprise_number"])
        if found is not None:
            already = found.memberships.filter(consortium=consortium).first()
            add_form = AddExistingStructureForm(
                initial={
                    "enterprise_number": found.enterprise_number,
                    "role": Membership.Role.MEMBER if found.may_be_member else Membership.Role.PARTNER,
                    "joined_on": timezone.localdate(),
                }
            )
    return render(
        request,
        "consortia/manage/structure_add_existing.html",
        page_context(
            access,
            "members",
            find_form=find_form,
            add_form=add_form,
            found=found,
            already=already,
            searched=searched,
        ),
    )


STRUCTURE_COMPARED = list(StructureEditForm.Meta.fields)


def _reread(structure, membership):
    """The structure as it now is, its values as the edit form compares them (bassins de vie of this consortium's
    territory only), and the versions the form carries."""
    current = Structure.objects.get(pk=structure.pk)
    territory = membership.consortium.territory
    values = {name: getattr(current, name) for name in STRUCTURE_COMPARED if name != "life_basins"}
    values["life_basins"] = list(LifeBasin.objects.filter(structures=current, territory=territory))
    membership.refresh_from_db(fields=["life_basins_version"])
    return current, values, {"version": current.version, "life_basins_version": membership.life_basins_version}


@consortium_page(MANAGE_STRUCTURES)
def structure_edit(request, access, structure_id):
    consortium = access.consortium
    structure = structure_of(consortium, structure_id, Structure.objects.prefetch_related("life_basins"))
    membership = Membership.objects.get(consortium=consortium, structure=structure)  # its bassins de vie here
    # Another consortium holds it too: its identity is shown, not editable (a platform admin corrects it).
    shared = not request.user.is_superuser and selectors.is_shared(structure)
    conflicts = []
    if request.method == "POST":
        form = StructureEditForm(request.POST, instance=structure, territory=consortium.territory, shared=shared)
        if form.is_valid():
            saved, conflicts, current = save_unless_stale(
                form,
                lambda: structure_services.structure_update(
                    actor=request.user,
                    structure=structure,
                    data=form.structure_data(),
                    expected_version=form.cleaned_data["version"],
                    territory=consortium.territory,
                    expected_life_basins_version=form.cleaned_data["life_basins_version"],
                ),
                lambda: _reread(structure, membership),
            )
            structure = current or structure
            if saved:
                messages.success(request, _("Les informations de %s sont enregistrées.") % form.cleaned_data["name"])
                return redirect(structure_url(consortium, structure.pk))
    else:
        form = StructureEditForm(
            instance=structure,
            territory=consortium.territory,
            shared=shared,
            initial={"version": structure.version, "life_basins_version": membership.life_basins_version},
        )
    return render(
        request,
        "consortia/manage/structure_edit.html",
        page_context(access, "members", form=form, structure=structure, conflicts=conflicts, shared=shared),
    )


@consortium_page(MANAGE_STRUCTURES, methods=("POST",))
def structure_archive(request, access, structure_id):
    consortium = access.consortium
    structure = structure_of(consortium, structure_id)
    action = request.POST.get("action")
    if action not in ("archive", "unarchive"):
        messages.error(request, _("Action inconnue : choisissez « archiver » ou « désarchiver »."))
        return redirect(structure_url(consortium, structure.pk))
    try:
        structure_services.structure_archive(actor=request.user, structure=structure, archived=action == "archive")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if action == "archive":
            messages.success(request, _("%s est archivée.") % structure.name)
        else:
            messages.success(request, _("%s n'est plus archivée.") % structure.name)
    return redirect(structure_url(consortium, structure.pk))


@consortium_page(MANAGE_STRUCTURES)
def structure_delete(request, access, structure_id):
    consortium = access.consortium
    structure = structure_of(consortium, structure_id)
    # A structure another consortium holds stays on the platform: this consortium can only leave it.
    membership = Membership.objects.filter(consortium=consortium, structure=structure).first()
    shared = selectors.is_shared(structure)
    form, done = confirm_then(
        request,
        lambda: structure_services.structure_delete(actor=request.user, structure=structure, consortium=consortium),
    )
    if done:
        messages.success(request, _("%s a été supprimée.") % structure.name)
        return redirect(members_url(consortium))
    refused = bool(form.non_field_errors())  # the only error a confirmation form gets from elsewhere
    return render(
        request,
        "consortia/manage/structure_delete.html",
        page_context(
            access, "members", form=form, structure=structure, refused=refused, membership=membership, shared=shared
        ),
    )
