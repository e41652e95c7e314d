"""Pages on the links between méso structures (`manage_links`: the coordination and the operational team)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms import (
    LinkForm,
)
from ..models import StructureLink
from ..roles import MANAGE_LINKS
from ..services import links as link_services
from .common import (
    confirm_then,
    consortium_page,
    links_url,
    page_context,
    posted,
    submit,
)


@consortium_page(MANAGE_LINKS)
def links_manage(request, access):
    consortium = access.consortium
    form = LinkForm(posted(request), consortium=consortium)
    if request.method == "POST" and form.is_valid():
        # The form's fields are the service's arguments: source, target, kind, note.
        link = submit(
            form, lambda: link_services.link_create(actor=request.user, consortium=consortium, **form.cleaned_data)
        )
        if link is not None:
            messages.success(request, _("Lien ajouté : %s.") % link)
            return redirect(links_url(consortium))
    links = StructureLink.objects.filter(consortium=consortium).select_related("source", "target")
    return render(request, "consortia/manage/links.html", page_context(access, "network", form=form, links=links))


@consortium_page(MANAGE_LINKS)
def link_delete(request, access, link_id):
    consortium = access.consortium
    links = StructureLink.objects.select_related("source", "target")
    link = get_object_or_404(links, pk=link_id, consortium=consortium)
    form, done = confirm_then(request, lambda: link_services.link_delete(actor=request.user, link=link))
    if done:
        messages.success(request, _("Lien retiré : %s.") % link)
        return redirect(links_url(consortium))
    return render(request, "consortia/manage/link_delete.html", page_context(access, "network", form=form, link=link))
