"""Account pages of allauth that the platform replaces."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _


@login_required
def email_managed_for_you(request):
    """allauth's address management, closed: an address decides whose account a role or an invitation lands in,
    so nobody changes their own (a platform admin does, and the new address is confirmed by its owner)."""
    messages.info(
        request,
        _(
            "Votre adresse e-mail ne se modifie pas ici : demandez le changement à un·e administrateur·rice "
            "de la plateforme."
        ),
    )
    return redirect("profile")
