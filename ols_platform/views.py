from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from django.views.defaults import page_not_found
from rest_framework.authtoken.models import Token

from consortia.selectors import dashboard_consortia


@login_required
@require_GET
def dashboard(request):
    consortia = list(dashboard_consortia(request.user))
    return render(request, "dashboard.html", {"consortia": consortia})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    token = Token.objects.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("action") == "revoke_token":
            Token.objects.filter(user=request.user).delete()
            messages.success(request, _("Le jeton d'API a été révoqué."))
        else:
            Token.objects.filter(user=request.user).delete()
            token = Token.objects.create(user=request.user)
            messages.success(
                request, _("Nouveau jeton d'API créé : copiez-le maintenant, il ne sera plus affiché en entier.")
            )
            request.session["new_api_token"] = token.key
        return redirect("profile")
    new_token = request.session.pop("new_api_token", None)
    return render(request, "profile.html", {"token": token, "new_token": new_token})


@require_safe
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    """A URL that matches no route: JSON under /api/ (the API answers errors in JSON, e.g. `/budget-lines/0.5/`),
    the usual page elsewhere."""
    if request.path.startswith("/api/"):
        from rest_framework.exceptions import NotFound

        return JsonResponse({"detail": str(NotFound.default_detail), "code": NotFound.default_code}, status=404)
    return page_not_found(request, exception)
