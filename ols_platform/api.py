"""Shared API pieces: the exception handler that turns domain refusals into 400s with their code, the JSON parser
that refuses absurdly nested bodies, and the error views that answer `/api/` requests in JSON.

Every error body carries a `detail` (for people, French) and a `code` (stable, for programs); field errors keep
DRF's shape beside them: `{"detail": "...", "code": "second_lead", "is_lead": ["..."]}`.
"""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, parsers, status, throttling
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .audit import client_ip
from .error_pages import error_page, server_error_page
from .errors import ConflictError, DomainError

# No resource of the API nests deeper than a few levels; 32 leaves room and keeps every later recursive walk
# (serializers, the error formatter below) far from Python's recursion limit.
MAX_JSON_DEPTH = 32


class BodyTooDeep(exceptions.ParseError):
    default_code = "body_too_deep"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than MAX_JSON_DEPTH with a 400 (not a RecursionError 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise _too_deep()
        return data


def _too_deep() -> BodyTooDeep:
    return BodyTooDeep(
        _("Le corps de la requête est trop imbriqué (plus de %d niveaux) : envoyez un JSON plus simple.")
        % MAX_JSON_DEPTH
    )


def _depth_exceeds(data, limit: int) -> bool:
    """Whether lists/objects nest deeper than `limit`, walked without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class _ClientAddressMixin:
    """Throttles key anonymous callers on the client address behind our proxies, like the login's rate limits,
    and read their rate from the settings when they run (so a deployment or a test can change it)."""

    def get_ident(self, request):
        return client_ip(request) or ""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(_ClientAddressMixin, throttling.UserRateThrottle):
    pass


class AnonThrottle(_ClientAddressMixin, throttling.AnonRateThrottle):
    pass


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body[exc.field] = [exc.message]
        if exc.params:
            body["params"] = {k: str(v) for k, v in exc.params.items()}
        # A conflict (a stale version, or a record that no longer changes, such as an adopted mandate) is a 409.
        conflict = isinstance(exc, ConflictError) or exc.code == "conflict"
        http_status = status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST
        return Response(body, status=http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, exceptions.Throttled):
        exc = _throttled_in_french(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError(
            _("Le corps de la requête est trop volumineux (au plus %d Mo).")
            % (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)),
            code="body_too_large",
        )
    elif isinstance(exc, exceptions.ParseError) and not isinstance(exc, BodyTooDeep):
        # DRF's parsers explain in English ("JSON parse error - …"); say it in French.
        exc = exceptions.ParseError(_("Le corps de la requête est illisible : envoyez un JSON valide."))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = _with_detail_and_code(response.data, exc)
        if isinstance(exc, exceptions.Throttled):
            response.data["wait"] = exc.wait
    return response


def _throttled_in_french(exc: exceptions.Throttled) -> exceptions.Throttled:
    """A 429 that says how long to wait, in seconds (DRF adds the Retry-After header from `wait`)."""
    seconds = max(1, math.ceil(exc.wait or 1))
    message = ngettext(
        "Trop de requêtes : réessayez dans %(seconds)d seconde.",
        "Trop de requêtes : réessayez dans %(seconds)d secondes.",
        seconds,
    ) % {"seconds": seconds}
    throttled = exceptions.Throttled(detail=message, code="throttled")  # with `wait`, DRF would add English
    throttled.wait = seconds
    return throttled


def _first_error(detail):
    """The first ErrorDetail in a (nested) DRF error structure, or None."""
    if isinstance(detail, ErrorDetail):
        return detail
    values = detail.values() if isinstance(detail, dict) else detail if isinstance(detail, list) else ()
    for value in values:
        found = _first_error(value)
        if found is not None:
            return found
    return None


def _with_detail_and_code(data, exc):
    if isinstance(data, list):
        data = {"non_field_errors": data}
    if not isinstance(data, dict):
        return data
    first = _first_error(data)
    if "detail" not in data and first is not None:
        field = next((key for key, value in data.items() if _first_error(value) is first), None)
        data["detail"] = str(first) if field in (None, "non_field_errors") else f"{field} : {first}"
    if "code" not in data:
        data["code"] = getattr(first, "code", None) or exc.default_code
    return data


# --- error views (settings.DEBUG off): JSON under /api/, the platform's pages elsewhere (ols_platform.error_pages) ---------------------------------


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(detail: str, code: str, status_code: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status_code)


def bad_request(request, exception=None):
    if _is_api(request):
        return _json_error(_("Requête invalide."), "bad_request", 400)
    return error_page(request, 400)


def permission_denied(request, exception=None):
    if _is_api(request):
        return _json_error(_("Vous n'avez pas la permission d'effectuer cette action."), "permission_denied", 403)
    return error_page(request, 403)


def page_not_found(request, exception=None):
    if _is_api(request):
        return _json_error(_("Introuvable."), "not_found", 404)
    return error_page(request, 404)


def server_error(request):
    if _is_api(request):
        return _json_error(
            _("Erreur interne du serveur : l'équipe technique est prévenue. Réessayez plus tard."), "server_error", 500
        )
    return server_error_page()
