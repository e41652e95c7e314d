"""The team page: who holds which role, invitations, revocations, what the operational team may do, and the access
log (`manage_roles`)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ols_platform.audit import actions_in_consortium
from ols_platform.collation import french

from ..forms import (
    InviteForm,
    OperationalExpensesForm,
)
from ..models import ConsortiumRole, User
from ..roles import MANAGE_ROLES
from ..services import consortium as consortium_services
from ..services import roles as role_services
from .common import (
    confirm_then,
    consortium_page,
    page_context,
    posted,
    roles_url,
    submit,
)

JOURNAL_PAGE_SIZE = 20  # the access log on the team page: the latest role grants and revocations, by pages


@consortium_page(MANAGE_ROLES)
def roles(request, access):
    consortium = access.consortium
    form = InviteForm(posted(request), consortium=consortium)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        existed = User.objects.filter(email__iexact=email).exists()
        # The form's fields are the service's arguments: email, names, role, structure.
        grant = submit(
            form,
            lambda: role_services.invite_to_consortium(actor=request.user, consortium=consortium, **form.cleaned_data),
        )
        if grant is not None:
            if existed:
                message = _("%(person)s a reçu le rôle « %(role)s » ; un e-mail l'en informe.")
            else:
                message = _(
                    "Invitation envoyée à %(person)s (rôle « %(role)s ») : un lien lui permet de choisir son mot de passe."
                )
            messages.success(request, message % {"person": email, "role": grant.get_role_display()})
            return redirect(roles_url(consortium))
    grants = (
        ConsortiumRole.objects.filter(consortium=consortium)
        .select_related("user", "structure")
        .order_by(french("user__last_name").asc(), french("user__first_name").asc(), "user__email", "role")
    )
    journal = Paginator(actions_in_consortium(consortium.pk, prefix="role."), JOURNAL_PAGE_SIZE).get_page(
        request.GET.get("journal")
    )
    context = page_context(
        access,
        "roles",
        form=form,
        grants=grants,
        journal=journal,
        role_labels=dict(ConsortiumRole.Role.choices),
        expenses_form=OperationalExpensesForm(initial={"allowed": "0" if allowed_now(consortium) else "1"}),
    )
    return render(request, "consortia/manage/roles.html", context)


@consortium_page(MANAGE_ROLES)
def role_revoke(request, access, role_id):
    consortium = access.consortium
    grant = get_object_or_404(
        ConsortiumRole.objects.select_related("user", "structure"), pk=role_id, consortium=consortium
    )
    form, done = confirm_then(request, lambda: role_services.role_revoke(actor=request.user, grant=grant))
    if done:
        message = _("%(person)s n'a plus le rôle « %(role)s ».")
        messages.success(request, message % {"person": grant.user, "role": grant.get_role_display()})
        return redirect(roles_url(consortium))
    return render(request, "consortia/manage/role_revoke.html", page_context(access, "roles", form=form, grant=grant))


def allowed_now(consortium) -> bool:
    return consortium.operational_team_records_expenses


# Whether the operational team records expenses decides what a role may do in the consortium: it is a grant of
# rights to people, the team page's business, so it needs `manage_roles` (the coordination), not `manage_structures`.
@consortium_page(MANAGE_ROLES, methods=("POST",))
def operational_expenses(request, access):
    consortium = access.consortium
    form = OperationalExpensesForm(request.POST)
    back = roles_url(consortium) + "#operational-expenses"
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(back)
    allowed = form.cleaned_data["allowed"]
    consortium_services.operational_expenses_set(actor=request.user, consortium=consortium, allowed=allowed)
    if allowed:
        message = _("L'équipe opérationnelle peut maintenant enregistrer des dépenses et leurs justificatifs.")
    else:
        message = _("L'équipe opérationnelle n'enregistre plus de dépenses.")
    messages.success(request, message)
    return redirect(back)
