"""Shared API pieces: the exception handler that turns domain refusals into 400s with their code.

Every error body carries a `detail` (for people, French) and a `code` (stable, for programs); field errors keep
DRF's shape beside them: `{"detail": "...", "code": "second_lead", "is_lead": ["..."]}`.
"""

import math

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status, throttling
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .audit import client_ip
from .errors import DomainError


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
        http_status = status.HTTP_409_CONFLICT if exc.code == "conflict" else status.HTTP_400_BAD_REQUEST
        return Response(body, status=http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, exceptions.Throttled):
        exc = _throttled_in_french(exc)
    elif isinstance(exc, exceptions.ParseError):
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
