"""A person's own pages: the home page (the work waiting for them, read from every app) and their account.

Above every app (docs/architecture.md): the home page grows with each app that gives a role work to do.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from aviq import home as aviq_home
from consortia.models import ConsortiumRole
from consortia.permissions import is_aviq_staff
from consortia.selectors import dashboard_consortia, roles_of, visible_revisions
from governance.selectors import pending_votes
from mandates.selectors import EXPIRY_WARNING_DAYS, dashboard_flags
from ols_platform.audit import actions_about
from ols_platform.errors import DomainError
from ols_platform.fragments import cached_fragment, fill_personal, fragment_context
from ols_platform.tokens import RevokeReason, token_create, token_of, tokens_revoke_for_user
from reporting.report_selectors import reporter_home

PERSONAL_SLOT = "<!--ols-personal-->"


@login_required
@require_GET
def dashboard(request):
    """The consortia the user sees, with their figures: built once per state of those consortia (their revisions),
    then served from the cache (ols_platform.fragments)."""
    user = request.user
    aviq = is_aviq_staff(user)
    roles = [] if aviq else roles_of(user)

    today = timezone.localdate()

    def render_body():
        consortia = list(dashboard_consortia(user))
        # Mandates ending soon and spaces without an adopted mandate depend on the day too: it is in the key below.
        flags = dashboard_flags([c.pk for c in consortia], today)
        for consortium in consortia:
            consortium.mandate_flags = flags.get(consortium.pk)
        context = {
            "consortia": consortia,
            "aviq": aviq,
            "roles": roles,
            "mandates_flagged": bool(flags),
            "expiry_days": EXPIRY_WARNING_DAYS,
        }
        return render_to_string("home/dashboard_body.html", fragment_context(context), request)

    # The user's roles are in the key (a role given or taken changes the page; their names come with them).
    role_key = tuple((r["consortium_id"], r["role"], r["structure_id"], r["membership_id"]) for r in roles)
    parts = ("dashboard", aviq, role_key, visible_revisions(user), get_language(), today.isoformat())
    body = fill_personal(cached_fragment(parts, render_body), request)
    # What is this person's alone (their votes) is never cached: it goes in the slot the cached body leaves for it.
    pending = [] if aviq else list(pending_votes(user))
    personal = render_to_string("home/_pending_votes.html", {"pending": pending}, request) if pending else ""
    if aviq:  # the oldest items waiting for review, never cached (a review elsewhere changes them)
        personal += render_to_string("aviq/_home.html", aviq_home.home_context(), request)
    # A structure reporter's activity report of the year (two queries, only for reporters).
    if any(r["role"] == ConsortiumRole.Role.STRUCTURE_REPORTER for r in roles):
        personal += render_to_string("reporting/reports/_home_card.html", reporter_home(user), request)
    body = mark_safe(body.replace(PERSONAL_SLOT, personal, 1))  # noqa: S308 — both parts are rendered templates
    return render(request, "consortia/pages/cached.html", {"title": _("Tableau de bord"), "body": body})


@never_cache  # the page may show a new API key: no cache, no back-button copy, ever
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The user's account: API token (made, renewed, revoked here through `ols_platform.tokens`) and their recent
    security events."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke_token":
            tokens_revoke_for_user(user=request.user, actor=request.user, reason=RevokeReason.BY_OWNER, request=request)
            messages.success(request, _("Le jeton d'API a été révoqué."))
            return redirect("profile")
        try:
            # Shown in this response only (never stored, never redirected to): the key exists nowhere else.
            new_key = token_create(actor=request.user, user=request.user, request=request).key
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("profile")
        messages.success(
            request, _("Nouveau jeton d'API créé : copiez-le maintenant, il ne sera plus jamais affiché en entier.")
        )
    context = {
        "token": token_of(request.user),
        "new_token": new_key,
        "now": timezone.now(),
        "ttl_days": settings.API_TOKEN_TTL_DAYS,
        "events": actions_about(request.user),
        "roles": roles_of(request.user),
        "role_labels": dict(ConsortiumRole.Role.choices),
        "reason_labels": dict(RevokeReason.choices),
    }
    return render(request, "profile.html", context)
