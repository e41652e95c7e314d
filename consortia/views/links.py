"""Coordinator pages on the links between méso structures (`manage_structures`)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ols_platform.errors import DomainError

from ..forms import (
    LinkForm,
)
from ..models import StructureLink
from ..roles import MANAGE_STRUCTURES
from ..services import links as link_services
from .common import (
    add_domain_error,
    confirm_then,
    consortium_page,
    links_url,
    page_context,
    posted,
)

# --- links between méso structures -----------------------------------------------------------------------


@consortium_page(MANAGE_STRUCTURES)
def links_manage(request, access):
    consortium = access.consortium
    form = LinkForm(posted(request), consortium=consortium)
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
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Lien ajouté : %s.") % link)
            return redirect(links_url(consortium))
    links = StructureLink.objects.filter(consortium=consortium).select_related("source", "target")
    return render(request, "consortia/manage/links.html", page_context(access, "network", form=form, links=links))


@consortium_page(MANAGE_STRUCTURES)
def link_delete(request, access, link_id):
    consortium = access.consortium
    link = get_object_or_404(
        StructureLink.objects.select_related("source", "target"), pk=link_id, consortium=consortium
    )
    form, done = confirm_then(request, lambda: link_services.link_delete(actor=request.user, link=link))
    if done:
        messages.success(request, _("Lien retiré : %s.") % link)
        return redirect(links_url(consortium))
    return render(request, "consortia/manage/link_delete.html", page_context(access, "network", form=form, link=link))
