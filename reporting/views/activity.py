"""The activity log's pages: the filtered list (counts per logic and type, grouped by month, paginated), an
activity with its attachments, create/edit/delete (MANAGE_REPORTING), attachments added, downloaded, removed, and
the filtered list exported as .xlsx or .csv."""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.views.common import (
    confirm_then,
    consortium_page,
    page_context,
    posted,
    save_unless_stale,
    submit,
)
from ols_platform import fragments
from ols_platform.errors import DomainError
from ols_platform.files import JUSTIFICATION, private_download
from ols_platform.pagination import CountedPaginator

from .. import exporting_activity
from ..forms_activity import ActivityForm, FilterForm
from ..permissions import MANAGE_REPORTING
from ..selectors import activity as selectors
from ..services import activity as services

SECTION = "activities"
PER_PAGE = 30
EXPORT_MAX = 10_000


def _activity_of(consortium, activity_id):
    activity = selectors.activity_of(consortium, activity_id)
    if activity is None:
        raise Http404
    return activity


def _activity_url(activity, name="activity") -> str:
    return reverse(f"reporting:{name}", kwargs={"consortium_id": activity.consortium_id, "activity_id": activity.pk})


def _list_url(consortium) -> str:
    return reverse("reporting:activities", kwargs={"consortium_id": consortium.pk})


_claim_submission = functools.partial(fragments.claim_submission, scope="reporting")
_release_submission = functools.partial(fragments.release_submission, scope="reporting")


@consortium_page(methods=("GET",))
def activity_list(request, access):
    consortium = access.consortium
    form = FilterForm(request.GET, consortium=consortium)
    filters = form.filters()
    queryset = selectors.filtered(consortium, filters)
    counts = selectors.counts(queryset)
    page = CountedPaginator(selectors.with_relations(queryset), PER_PAGE, count=counts["total"]).get_page(
        request.GET.get("page")
    )
    context = page_context(
        access,
        SECTION,
        form=form,
        filters=filters,
        page=page,
        counts=counts,
        can_manage=access.can(MANAGE_REPORTING),
        export_query=request.GET.urlencode(),
    )
    return render(request, "reporting/activity/list.html", context)


@consortium_page(methods=("GET",))
def activities_export(request, access):
    consortium = access.consortium
    kind = request.GET.get("format", "xlsx")
    if kind not in ("xlsx", "csv"):
        raise Http404
    filters = FilterForm(request.GET, consortium=consortium).filters()
    activities = list(selectors.with_relations(selectors.filtered(consortium, filters))[:EXPORT_MAX])
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        response = HttpResponse(exporting_activity.as_csv(activities), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exporting_activity.as_xlsx(activities),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="activites-{consortium.pk}-{stamp}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response


@consortium_page(MANAGE_REPORTING)
def activity_create(request, access):
    consortium = access.consortium
    form = ActivityForm(posted(request), consortium=consortium, initial={"date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not _claim_submission(request):
            messages.info(request, _("Ce formulaire a déjà été envoyé : l'activité est enregistrée une seule fois."))
            return redirect(_list_url(consortium))
        if form.is_valid():
            activity = submit(
                form,
                lambda: services.activity_create(actor=request.user, consortium=consortium, data=form.activity_data()),
            )
            if activity:
                messages.success(request, _("L'activité est enregistrée."))
                return redirect(_activity_url(activity))
        _release_submission(request)
        status = 400
    context = page_context(access, SECTION, form=form, activity=None)
    return render(request, "reporting/activity/form.html", context, status=status)


def _current_values(activity) -> dict:
    return {
        "date": activity.date,
        "kind": activity.kind,
        "title": activity.title,
        "logic": activity.logic,
        "function": activity.function,
        "life_basin": activity.life_basin,
        "structures": list(activity.structures.all()),
        "participants_count": activity.participants_count,
        "participants": activity.participants,
        "narrative": activity.narrative,
    }


@consortium_page(MANAGE_REPORTING)
def activity_edit(request, access, activity_id):
    consortium = access.consortium
    activity = _activity_of(consortium, activity_id)
    initial = _current_values(activity) | {"version": activity.version}
    form = ActivityForm(posted(request), consortium=consortium, initial=initial)
    conflicts, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            if form.cleaned_data.get("version") is None:
                form.add_error(None, _("Version illisible : rechargez la page."))
            else:

                def reread():
                    current = _activity_of(consortium, activity.pk)
                    values = _current_values(current)
                    values.pop("structures")  # a list: the conflict table compares single values
                    return current, values, {"version": current.version}

                saved, conflicts, _record = save_unless_stale(
                    form,
                    lambda: services.activity_update(
                        actor=request.user,
                        activity=activity,
                        data=form.activity_data(),
                        expected_version=form.cleaned_data["version"],
                    ),
                    reread,
                )
                if saved:
                    messages.success(request, _("L'activité est enregistrée."))
                    return redirect(_activity_url(activity))
        status = 409 if conflicts else 400
    context = page_context(access, SECTION, form=form, activity=activity, conflicts=conflicts)
    return render(request, "reporting/activity/form.html", context, status=status)


@consortium_page(methods=("GET", "POST"))
def activity_detail(request, access, activity_id):
    """The activity; a POST adds an attachment (MANAGE_REPORTING)."""
    activity = _activity_of(access.consortium, activity_id)
    upload_error, status = "", 200
    if request.method == "POST":
        access.require(MANAGE_REPORTING)
        try:
            services.attachment_add(actor=request.user, activity=activity, file=request.FILES.get("file"))
        except DomainError as exc:
            upload_error, status = exc.message, 400
        else:
            messages.success(request, _("La pièce jointe est ajoutée."))
            return redirect(_activity_url(activity))
    context = page_context(
        access,
        SECTION,
        activity=activity,
        can_manage=access.can(MANAGE_REPORTING),
        upload_error=upload_error,
        accept=JUSTIFICATION.accept,
    )
    return render(request, "reporting/activity/detail.html", context, status=status)


@consortium_page(MANAGE_REPORTING)
def activity_delete(request, access, activity_id):
    activity = _activity_of(access.consortium, activity_id)
    form, done = confirm_then(request, lambda: services.activity_delete(actor=request.user, activity=activity))
    if done:
        messages.success(request, _("L'activité « %s » est supprimée.") % activity.title)
        return redirect(_list_url(access.consortium))
    status = 400 if request.method == "POST" else 200
    context = page_context(access, SECTION, form=form, activity=activity)
    return render(request, "reporting/activity/delete.html", context, status=status)


def _attachment_of(consortium, activity_id, attachment_id):
    attachment = selectors.attachment_of(consortium, activity_id, attachment_id)
    if attachment is None:
        raise Http404
    return attachment


@consortium_page(methods=("GET",))
def activity_attachment(request, access, activity_id, attachment_id):
    attachment = _attachment_of(access.consortium, activity_id, attachment_id)
    return private_download(attachment.file, attachment.filename)


@consortium_page(MANAGE_REPORTING)
def activity_attachment_delete(request, access, activity_id, attachment_id):
    attachment = _attachment_of(access.consortium, activity_id, attachment_id)
    form, done = confirm_then(request, lambda: services.attachment_remove(actor=request.user, attachment=attachment))
    if done:
        messages.success(request, _("La pièce jointe « %s » est retirée.") % attachment.filename)
        return redirect(_activity_url(attachment.activity))
    status = 400 if request.method == "POST" else 200
    context = page_context(access, SECTION, form=form, attachment=attachment, activity=attachment.activity)
    return render(request, "reporting/activity/attachment_delete.html", context, status=status)
