"""Practice sheets: a consortium's own sheets (write, publish, withdraw), and the library every consortium reads:
the published sheets of all of them, with nothing else of the publishing consortium than its name."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from consortia.models import Consortium
from consortia.permissions import is_aviq_staff, visible_consortium_ids
from consortia.views.common import add_domain_error, consortium_page, page_context, posted
from ols_platform.errors import DomainError
from ols_platform.validators import object_id
from reporting.models import LearningCycle
from reporting.permissions import MANAGE_REPORTING

from ..models import SUBJECT_MAX, TEXT_MAX, PracticeSheet
from . import practices

PER_PAGE = 20
SECTION = "practices"


class SheetForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titre"), max_length=SUBJECT_MAX)
    learning_cycle = forms.CharField(required=False, widget=forms.HiddenInput)
    context = forms.CharField(
        label=gettext_lazy("Contexte et question de départ"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    practice = forms.CharField(
        label=gettext_lazy("Ce qui a été essayé"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    lessons = forms.CharField(
        label=gettext_lazy("Ce que nous en avons appris"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    contact = forms.CharField(label=gettext_lazy("Contact (facultatif)"), max_length=SUBJECT_MAX, required=False)


def _sheet_of(access, sheet_id) -> PracticeSheet:
    sheet = PracticeSheet.objects.filter(consortium=access.consortium, pk=object_id(sheet_id) or 0).first()
    if sheet is None:
        raise Http404
    return sheet


@consortium_page()
def practices_page(request, access):
    """The consortium's sheets and the form for a new one (`?cycle=<id>` prefills it from a learning cycle)."""
    writer = access.can(MANAGE_REPORTING)
    if request.method == "POST" and not writer:
        raise PermissionDenied
    initial = {}
    if request.method == "GET" and request.GET.get("cycle"):
        try:
            cycle = practices.cycle_of(access.consortium, request.GET["cycle"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            initial = practices.prefill(cycle) if cycle else {}
    form = SheetForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sheet = practices.sheet_save(actor=request.user, consortium=access.consortium, data=form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Fiche enregistrée en brouillon : relisez-la, puis publiez-la."))
                return redirect(
                    reverse(
                        "support:practice_edit", kwargs={"consortium_id": access.consortium.pk, "sheet_id": sheet.pk}
                    )
                )
        status = 400
    context = page_context(
        access,
        SECTION,
        sheets=PracticeSheet.objects.filter(consortium=access.consortium),
        cycles=LearningCycle.objects.filter(consortium=access.consortium).only("pk", "number", "title"),
        form=form,
        writer=writer,
    )
    return render(request, "aviq/support/practices.html", context, status=status)


@consortium_page(MANAGE_REPORTING)
def practice_edit(request, access, sheet_id):
    sheet = _sheet_of(access, sheet_id)
    initial = {name: getattr(sheet, name) for name in ("title", "context", "practice", "lessons", "contact")}
    initial["learning_cycle"] = sheet.learning_cycle_id or ""
    form = SheetForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                practices.sheet_save(
                    actor=request.user, consortium=access.consortium, data=form.cleaned_data, sheet=sheet
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Fiche enregistrée."))
                return redirect(request.path)
        status = 400
    return render(
        request, "aviq/support/practice_edit.html", page_context(access, SECTION, sheet=sheet, form=form), status=status
    )


@consortium_page(MANAGE_REPORTING, methods=("POST",))
def practice_publish(request, access, sheet_id):
    sheet = _sheet_of(access, sheet_id)
    publish = request.POST.get("action") != "withdraw"
    if publish and request.POST.get("confirm") != "1":
        messages.error(request, _("Cochez la case de confirmation : la fiche n'est pas publiée."))
    else:
        try:
            practices.sheet_publish(actor=request.user, sheet=sheet, published=publish)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Fiche publiée : les autres consortia la lisent.") if publish else _("Fiche retirée.")
            )
    return redirect(
        reverse("support:practice_edit", kwargs={"consortium_id": access.consortium.pk, "sheet_id": sheet.pk})
    )


def _library_reader(user) -> None:
    """Members of any consortium and AVIQ staff read the library; everyone else gets a 404."""
    if not user.is_authenticated or not (is_aviq_staff(user) or visible_consortium_ids(user)):
        raise Http404


@login_required
@require_GET
def library(request):
    _library_reader(request.user)
    sheets = PracticeSheet.objects.filter(status=PracticeSheet.Status.PUBLISHED).select_related("consortium")
    text = request.GET.get("q", "")[:100].strip()
    if text:
        sheets = sheets.filter(Q(title__icontains=text) | Q(practice__icontains=text) | Q(lessons__icontains=text))
    consortium_id = object_id(request.GET.get("consortium"))
    if consortium_id:
        sheets = sheets.filter(consortium_id=consortium_id)
    context = {
        "page": Paginator(sheets.only("pk", "title", "lessons", "published_at", "consortium__name"), PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "q": text,
        "consortium_id": consortium_id,
        "consortia": Consortium.objects.filter(practice_sheets__status=PracticeSheet.Status.PUBLISHED)
        .distinct()
        .order_by("name")
        .values("pk", "name"),
    }
    return render(request, "aviq/support/library.html", context)


@login_required
@require_GET
def library_sheet(request, sheet_id):
    _library_reader(request.user)
    sheet = (
        PracticeSheet.objects.filter(status=PracticeSheet.Status.PUBLISHED, pk=object_id(sheet_id) or 0)
        .select_related("consortium")
        .first()
    )
    if sheet is None:
        raise Http404
    return render(request, "aviq/support/library_sheet.html", {"sheet": sheet})
