"""Coordinator pages on memberships: edit one, hand the lead over, remove a structure (`manage_structures`); and the
contact details of a membership, which the structure's own reporter may change too (`may_edit_contact`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import MembershipContactForm, MembershipForm
from ..models import CONTACT_FIELDS, Membership
from ..permissions import may_edit_contact
from ..roles import MANAGE_STRUCTURES
from ..services import memberships as membership_services
from .common import (
    confirm_then,
    consortium_page,
    members_url,
    membership_of,
    page_context,
    save_unless_stale,
    structure_url,
)

MEMBERSHIP_COMPARED = MembershipForm.Meta.fields


def _reread(consortium, membership_id, compared=MEMBERSHIP_COMPARED):
    """The membership as it now is, its values as the form compares them, and its version."""
    membership = membership_of(consortium, membership_id)
    return (
        membership,
        {name: getattr(membership, name) for name in compared},
        {"version": membership.version},
    )


@consortium_page(MANAGE_STRUCTURES)
def membership_edit(request, access, membership_id):
    consortium = access.consortium
    membership = membership_of(consortium, membership_id)
    conflicts = []
    if request.method == "POST":
        form = MembershipForm(request.POST, instance=membership)
        if form.is_valid():
            saved, conflicts, current = save_unless_stale(
                form,
                lambda: membership_services.membership_update(
                    actor=request.user,
                    membership=membership,
                    data=form.membership_data(),
                    expected_version=form.cleaned_data["version"],
                ),
                lambda: _reread(consortium, membership_id),
            )
            membership = current or membership
            if saved:
                messages.success(request, _("L'adhésion de %s est enregistrée.") % membership.structure.name)
                return redirect(members_url(consortium))
    else:
        form = MembershipForm(instance=membership, initial={"version": membership.version})
    return render(
        request,
        "consortia/manage/membership_edit.html",
        page_context(access, "members", form=form, membership=membership, conflicts=conflicts),
    )


@consortium_page()
def membership_contact(request, access, membership_id):
    """The contact details of a structure in this consortium: its reporter's page (coordinators may use it too)."""
    consortium = access.consortium
    membership = membership_of(consortium, membership_id)  # of the URL's consortium, else 404
    if not may_edit_contact(request.user, access, membership):
        raise PermissionDenied
    conflicts = []
    if request.method == "POST":
        form = MembershipContactForm(request.POST, instance=membership)
        if form.is_valid():
            saved, conflicts, current = save_unless_stale(
                form,
                lambda: membership_services.membership_contact_update(
                    actor=request.user,
                    membership=membership,
                    data=form.contact_data(),
                    expected_version=form.cleaned_data["version"],
                ),
                lambda: _reread(consortium, membership_id, CONTACT_FIELDS),
            )
            membership = current or membership
            if saved:
                messages.success(request, _("Les coordonnées de %s sont enregistrées.") % membership.structure.name)
                return redirect(structure_url(consortium, membership.structure_id))
    else:
        form = MembershipContactForm(instance=membership, initial={"version": membership.version})
    return render(
        request,
        "consortia/manage/membership_contact.html",
        page_context(access, "members", form=form, membership=membership, conflicts=conflicts),
    )


def _confirmed_membership_action(*, template: str, act, success):
    """A page that confirms (GET), then runs `act` on a confirmed POST; a refusal is shown on the page."""

    @consortium_page(MANAGE_STRUCTURES)
    def view(request, access, membership_id):
        consortium = access.consortium
        membership = membership_of(consortium, membership_id)
        form, done = confirm_then(request, lambda: act(actor=request.user, membership=membership))
        if done:
            messages.success(request, success % membership.structure.name)
            return redirect(members_url(consortium))
        lead = Membership.objects.filter(consortium=consortium, is_lead=True).select_related("structure").first()
        context = page_context(access, "members", form=form, membership=membership, lead=lead)
        return render(request, template, context)

    return view


membership_make_lead = _confirmed_membership_action(
    template="consortia/manage/membership_make_lead.html",
    act=membership_services.membership_make_lead,
    success=gettext_lazy("%s est désormais la structure porteuse du consortium."),
)
membership_delete = _confirmed_membership_action(
    template="consortia/manage/membership_delete.html",
    act=membership_services.membership_delete,
    success=gettext_lazy("%s ne fait plus partie du consortium."),
)
