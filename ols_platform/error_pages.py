"""The error pages people see (400, 403, 404, 500, a refused CSRF check): in French, in the platform's layout, each
saying what happened and what to do next. The API answers the same errors in JSON (ols_platform.api)."""

from django.http import HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _pages() -> dict[int, tuple[str, list[str]]]:
    return {
        400: (
            _("Requête invalide"),
            [
                _(
                    "Le navigateur a envoyé une demande que la plateforme ne comprend pas. Rechargez la page et réessayez."
                )
            ],
        ),
        403: (
            _("Accès refusé"),
            [
                _("Votre rôle dans ce consortium ne permet pas d'ouvrir cette page ni de faire cette action."),
                _("Si vous en avez besoin, demandez à la coordination du consortium le rôle qui convient."),
            ],
        ),
        404: (
            _("Page introuvable"),
            [
                _("Cette page n'existe pas, ou elle appartient à un consortium dont vous ne faites pas partie."),
                _("Vérifiez l'adresse, ou repartez de votre tableau de bord."),
            ],
        ),
    }


def error_page(request, status: int):
    title, paragraphs = _pages()[status]
    context = {"status": status, "error_title": title, "paragraphs": paragraphs}
    return render(request, "error.html", context, status=status)


def server_error_page():
    """The 500 page, rendered without the request (its user, its session): what failed may be the database."""
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent from a page left open too long, or without cookies."""
    paragraphs = [
        _("Le formulaire a expiré ou a été envoyé depuis une page trop ancienne : rien n'a été enregistré."),
        _("Revenez en arrière, rechargez la page, puis envoyez à nouveau le formulaire."),
    ]
    if reason == REASON_NO_CSRF_COOKIE:
        paragraphs.append(_("Votre navigateur doit accepter les cookies de ce site pour envoyer un formulaire."))
    context = {"status": 403, "error_title": _("Formulaire expiré"), "paragraphs": paragraphs}
    return render(request, "error.html", context, status=403)
