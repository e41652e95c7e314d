"""Coordinator pages that change structures, memberships, links and roles (thin: forms → services).

Structures, memberships and links need `manage_structures`; the team page needs `manage_roles`. Objects are
always looked up inside the consortium of the URL, so another consortium's id answers 404. Destructive actions
show a confirmation page (GET) and act on a POST carrying `confirm`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ols_platform.audit import actions_in_consortium
from ols_platform.errors import ConflictError, DomainError

from .. import selectors
from ..forms import (
    AddExistingStructureForm,
    ConfirmForm,
    FindStructureForm,
    InviteForm,
    LinkForm,
    MembershipForm,
    StructureCreateForm,
    StructureEditForm,
)
from ..models import ConsortiumRole, LifeBasin, Membership, Structure, StructureLink, User
from ..permissions import consortium_access
from ..roles import MANAGE_ROLES, MANAGE_STRUCTURES
from ..services import links as link_services
from ..services import memberships as membership_services
from ..services import roles as role_services
from ..services import structures as structure_services

# --- helpers ---------------------------------------------------------------------------------------------


def _add_domain_error(form, exc: DomainError) -> None:
    """A refusal from a service shown on the form: on the field it names, else at the top."""
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)


def _structure_url(consortium, structure_id) -> str:
    return reverse("consortia:structure", kwargs={"consortium_id": consortium.pk, "structure_id": structure_id})


def _members_url(consortium) -> str:
    return reverse("consortia:members", kwargs={"consortium_id": consortium.pk})


def _links_url(consortium) -> str:
    return reverse("consortia:links_manage", kwargs={"consortium_id": consortium.pk})


def _roles_url(consortium) -> str:
    return reverse("consortia:roles", kwargs={"consortium_id": consortium.pk})


def _structure_of(consortium, structure_id, queryset=None) -> Structure:
    """A structure of this consortium, else 404."""
    queryset = Structure.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset, pk=structure_id, memberships__consortium=consortium)


def _membership_of(consortium, membership_id) -> Membership:
    return get_object_or_404(Membership.objects.select_related("structure"), pk=membership_id, consortium=consortium)


def _posted(request):
    """The POST data to bind a form to (even an empty POST shows the form's errors), or None on GET."""
    return request.POST if request.method == "POST" else None


def _context(access, section, **extra) -> dict:
    return {"access": access, "consortium": access.consortium, "section": section, **extra}


def _display(form, name, value) -> str:
    """A value as the form shows it (choice labels, Oui/Non, names), for the conflict table."""
    field = form.fields[name]
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if name == "life_basins":
        return ", ".join(sorted(basin.name for basin in value)) or "—"
    choices = dict(getattr(field, "choices", []) or [])
    if choices and value in choices:
        return str(choices[value]) or "—"
    return str(value) if value not in (None, "") else "—"


def _conflicts(form, current_values: dict) -> list[dict]:
    """The fields where the record now differs from what the person submitted."""
    rows = []
    for name, current in current_values.items():
        mine = form.cleaned_data.get(name)
        if name == "life_basins":
            differs = {b.pk for b in current} != {b.pk for b in (mine or [])}
        else:
            differs = current != mine
        if differs:
            rows.append(
                {
                    "label": form.fields[name].label,
                    "current": _display(form, name, current),
                    "mine": _display(form, name, mine),
                }
            )
    return rows


def _refuse_stale(form, exc: ConflictError, current_values: dict) -> list[dict]:
    """Refuse the save, show what changed, and let a second, informed save go through."""
    form.add_error(None, exc.message)
    conflicts = _conflicts(form, current_values)
    form.data = form.data.copy()
    form.data["version"] = exc.params["version"]
    return conflicts


# --- structures ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def structure_create(request, consortium_id):
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
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
                _add_domain_error(form, exc)
                if exc.code == "duplicate_enterprise_number":
                    duplicate = form.data.get("enterprise_number", "")
            else:
                messages.success(
                    request,
                    _("%(name)s a été ajoutée comme %(role)s.")
                    % {"name": membership.structure.name, "role": membership.get_role_display().lower()},
                )
                return redirect(_structure_url(consortium, membership.structure_id))
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
        request, "consortia/manage/structure_form.html", _context(access, "members", form=form, duplicate=duplicate)
    )


@login_required
@require_http_methods(["GET", "POST"])
def structure_add_existing(request, consortium_id):
    """Find a structure registered on the platform by its enterprise number, and add it as member or partner.

    The number is the only key, in the search and in the POST alike (never an id): adding a structure means
    knowing its number.
    """
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
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
                try:
                    membership = membership_services.membership_create(
                        actor=request.user,
                        consortium=consortium,
                        structure=found,
                        role=add_form.cleaned_data["role"],
                        conflict_of_interest_declared=add_form.cleaned_data["conflict_of_interest_declared"],
                        joined_on=add_form.cleaned_data["joined_on"],
                    )
                except DomainError as exc:
                    _add_domain_error(add_form, exc)
                else:
                    messages.success(
                        request,
                        _("%(name)s a été ajoutée comme %(role)s.")
                        % {"name": found.name, "role": membership.get_role_display().lower()},
                    )
                    return redirect(_structure_url(consortium, found.pk))
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
        _context(
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


@login_required
@require_http_methods(["GET", "POST"])
def structure_edit(request, consortium_id, structure_id):
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
    consortium = access.consortium
    structure = _structure_of(consortium, structure_id, Structure.objects.prefetch_related("life_basins"))
    # Another consortium holds it too: its identity is shown, not editable (a platform admin corrects it).
    shared = not request.user.is_superuser and selectors.is_shared(structure)
    conflicts = []
    if request.method == "POST":
        form = StructureEditForm(request.POST, instance=structure, territory=consortium.territory, shared=shared)
        if form.is_valid():
            try:
                structure_services.structure_update(
                    actor=request.user,
                    structure=structure,
                    data=form.structure_data(),
                    expected_version=form.cleaned_data["version"],
                    territory=consortium.territory,
                )
            except ConflictError as exc:
                current = Structure.objects.get(pk=structure.pk)
                current_values = {name: getattr(current, name) for name in STRUCTURE_COMPARED if name != "life_basins"}
                current_values["life_basins"] = list(
                    LifeBasin.objects.filter(structures=current, territory=consortium.territory)
                )
                conflicts = _refuse_stale(form, exc, current_values)
                structure = current
            except DomainError as exc:
                _add_domain_error(form, exc)
            else:
                messages.success(request, _("Les informations de %s sont enregistrées.") % form.cleaned_data["name"])
                return redirect(_structure_url(consortium, structure.pk))
    else:
        form = StructureEditForm(
            instance=structure,
            territory=consortium.territory,
            shared=shared,
            initial={"version": structure_services.structure_version(structure, consortium.territory)},
        )
    return render(
        request,
        "consortia/manage/structure_edit.html",
        _context(access, "members", form=form, structure=structure, conflicts=conflicts, shared=shared),
    )


@login_required
@require_POST
def structure_archive(request, consortium_id, structure_id):
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
    consortium = access.consortium
    structure = _structure_of(consortium, structure_id)
    action = request.POST.get("action")
    if action not in ("archive", "unarchive"):
        messages.error(request, _("Action inconnue : choisissez « archiver » ou « désarchiver »."))
        return redirect(_structure_url(consortium, structure.pk))
    try:
        structure_services.structure_archive(actor=request.user, structure=structure, archived=action == "archive")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if action == "archive":
            messages.success(request, _("%s est archivée.") % structure.name)
        else:
            messages.success(request, _("%s n'est plus archivée.") % structure.name)
    return redirect(_structure_url(consortium, structure.pk))


@login_required
@require_http_methods(["GET", "POST"])
def structure_delete(request, consortium_id, structure_id):
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
    consortium = access.consortium
    structure = _structure_of(consortium, structure_id)
    # A structure another consortium holds stays on the platform: this consortium can only leave it.
    membership = Membership.objects.filter(consortium=consortium, structure=structure).first()
    shared = selectors.is_shared(structure)
    refused = None
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            structure_services.structure_delete(actor=request.user, structure=structure, consortium=consortium)
        except DomainError as exc:
            refused = exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%s a été supprimée.") % structure.name)
            return redirect(_members_url(consortium))
    return render(
        request,
        "consortia/manage/structure_delete.html",
        _context(
            access, "members", form=form, structure=structure, refused=refused, membership=membership, shared=shared
        ),
    )


# --- memberships -----------------------------------------------------------------------------------------


MEMBERSHIP_COMPARED = MembershipForm.Meta.fields


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request, consortium_id, membership_id):
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
    consortium = access.consortium
    membership = _membership_of(consortium, membership_id)
    conflicts = []
    if request.method == "POST":
        form = MembershipForm(request.POST, instance=membership)
        if form.is_valid():
            try:
                membership_services.membership_update(
                    actor=request.user,
                    membership=membership,
                    data=form.membership_data(),
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictError as exc:
                membership = _membership_of(consortium, membership_id)
                conflicts = _refuse_stale(form, exc, {name: getattr(membership, name) for name in MEMBERSHIP_COMPARED})
            except DomainError as exc:
                _add_domain_error(form, exc)
            else:
                messages.success(request, _("L'adhésion de %s est enregistrée.") % membership.structure.name)
                return redirect(_members_url(consortium))
    else:
        form = MembershipForm(
            instance=membership, initial={"version": membership_services.membership_version(membership)}
        )
    return render(
        request,
        "consortia/manage/membership_edit.html",
        _context(access, "members", form=form, membership=membership, conflicts=conflicts),
    )


def _membership_action(request, consortium_id, membership_id, *, template, act, success):
    """A confirmation page (GET), then the action on a confirmed POST; a refusal is shown on the page."""
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
    consortium = access.consortium
    membership = _membership_of(consortium, membership_id)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            act(actor=request.user, membership=membership)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, success % membership.structure.name)
            return redirect(_members_url(consortium))
    lead = Membership.objects.filter(consortium=consortium, is_lead=True).select_related("structure").first()
    return render(request, template, _context(access, "members", form=form, membership=membership, lead=lead))


@login_required
@require_http_methods(["GET", "POST"])
def membership_make_lead(request, consortium_id, membership_id):
    return _membership_action(
        request,
        consortium_id,
        membership_id,
        template="consortia/manage/membership_make_lead.html",
        act=membership_services.membership_make_lead,
        success=_("%s est désormais la structure porteuse du consortium."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_delete(request, consortium_id, membership_id):
    return _membership_action(
        request,
        consortium_id,
        membership_id,
        template="consortia/manage/membership_delete.html",
        act=membership_services.membership_delete,
        success=_("%s ne fait plus partie du consortium."),
    )


# --- links between méso structures -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def links_manage(request, consortium_id):
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
    consortium = access.consortium
    form = LinkForm(_posted(request), consortium=consortium)
    if request.method == "POST" and form.is_valid():
        try:
            link = link_services.link_create(
                actor=request.user,
                consortium=consortium,
                source=form.cleaned_data["source"],
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Lien ajouté : %s.") % link)
            return redirect(_links_url(consortium))
    links = StructureLink.objects.filter(consortium=consortium).select_related("source", "target")
    return render(request, "consortia/manage/links.html", _context(access, "network", form=form, links=links))


@login_required
@require_http_methods(["GET", "POST"])
def link_delete(request, consortium_id, link_id):
    access = consortium_access(request.user, consortium_id, MANAGE_STRUCTURES)
    consortium = access.consortium
    link = get_object_or_404(
        StructureLink.objects.select_related("source", "target"), pk=link_id, consortium=consortium
    )
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        link_services.link_delete(actor=request.user, link=link)
        messages.success(request, _("Lien retiré : %s.") % link)
        return redirect(_links_url(consortium))
    return render(request, "consortia/manage/link_delete.html", _context(access, "network", form=form, link=link))


# --- team and access -------------------------------------------------------------------------------------


JOURNAL_PAGE_SIZE = 20  # the access log on the team page: the latest role grants and revocations, by pages


@login_required
@require_http_methods(["GET", "POST"])
def roles(request, consortium_id):
    access = consortium_access(request.user, consortium_id, MANAGE_ROLES)
    consortium = access.consortium
    form = InviteForm(_posted(request), consortium=consortium)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        existed = User.objects.filter(email__iexact=email).exists()
        try:
            grant = role_services.invite_to_consortium(
                actor=request.user,
                consortium=consortium,
                email=email,
                role=form.cleaned_data["role"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                structure=form.cleaned_data["structure"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            if existed:
                message = _("%(person)s a reçu le rôle « %(role)s » ; un e-mail l'en informe.")
            else:
                message = _(
                    "Invitation envoyée à %(person)s (rôle « %(role)s ») : un lien lui permet de choisir son mot de passe."
                )
            messages.success(request, message % {"person": email, "role": grant.get_role_display()})
            return redirect(_roles_url(consortium))
    grants = (
        ConsortiumRole.objects.filter(consortium=consortium)
        .select_related("user", "structure")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )
    journal = Paginator(actions_in_consortium(consortium.pk, prefix="role."), JOURNAL_PAGE_SIZE).get_page(
        request.GET.get("journal")
    )
    context = _context(
        access, "roles", form=form, grants=grants, journal=journal, role_labels=dict(ConsortiumRole.Role.choices)
    )
    return render(request, "consortia/manage/roles.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request, consortium_id, role_id):
    access = consortium_access(request.user, consortium_id, MANAGE_ROLES)
    consortium = access.consortium
    grant = get_object_or_404(
        ConsortiumRole.objects.select_related("user", "structure"), pk=role_id, consortium=consortium
    )
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            role_services.role_revoke(actor=request.user, grant=grant)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(person)s n'a plus le rôle « %(role)s ».")
                % {"person": grant.user, "role": grant.get_role_display()},
            )
            return redirect(_roles_url(consortium))
    return render(request, "consortia/manage/role_revoke.html", _context(access, "roles", form=form, grant=grant))


urlpatterns = [
    path("<int:consortium_id>/structures/new/", structure_create, name="structure_create"),
    path("<int:consortium_id>/structures/add-existing/", structure_add_existing, name="structure_add_existing"),
    path("<int:consortium_id>/structures/<int:structure_id>/edit/", structure_edit, name="structure_edit"),
    path("<int:consortium_id>/structures/<int:structure_id>/archive/", structure_archive, name="structure_archive"),
    path("<int:consortium_id>/structures/<int:structure_id>/delete/", structure_delete, name="structure_delete"),
    path("<int:consortium_id>/memberships/<int:membership_id>/edit/", membership_edit, name="membership_edit"),
    path(
        "<int:consortium_id>/memberships/<int:membership_id>/make-lead/",
        membership_make_lead,
        name="membership_make_lead",
    ),
    path("<int:consortium_id>/memberships/<int:membership_id>/delete/", membership_delete, name="membership_delete"),
    path("<int:consortium_id>/links/manage/", links_manage, name="links_manage"),
    path("<int:consortium_id>/links/<int:link_id>/delete/", link_delete, name="link_delete"),
    path("<int:consortium_id>/roles/", roles, name="roles"),
    path("<int:consortium_id>/roles/<int:role_id>/revoke/", role_revoke, name="role_revoke"),
]
