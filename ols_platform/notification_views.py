"""The person's notifications page: newest first, paginated, the unread ones marked; opening one marks it read and
follows its link; "mark all as read". Each person sees only their own (someone else's id is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .models import Notification
from .notifications import mark_read, unread_count

PER_PAGE = 30


@login_required
@require_safe
def notifications(request):
    rows = Notification.objects.filter(user=request.user).only(
        "pk", "title", "body", "url", "created_at", "read_at", "kind"
    )
    page = Paginator(rows.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "unread": unread_count(request.user)}
    return render(request, "notifications.html", context)


@login_required
@require_safe
def notification_open(request, notification_id):
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    if notification.read_at is None:
        mark_read(request.user, [notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(url)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read_all(request):
    changed = mark_read(request.user)
    if changed:
        messages.success(
            request,
            ngettext(
                "%(count)d notification est marquée comme lue.",
                "%(count)d notifications sont marquées comme lues.",
                changed,
            )
            % {"count": changed},
        )
    else:
        messages.info(request, _("Vous n'aviez aucune notification non lue."))
    return redirect("notifications")
