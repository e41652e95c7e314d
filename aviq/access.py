"""The one gate of the AVIQ workspace: AVIQ reviewers and platform admins only; everyone else gets a 404 (the
workspace does not exist for them), pages and API alike."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_http_methods
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from consortia.permissions import is_aviq_staff


def require_aviq_staff(user) -> None:
    if not is_aviq_staff(user):
        raise Http404


def aviq_page(methods=("GET",)):
    """A page of the AVIQ workspace: logged in, `methods` only, AVIQ staff only (others 404)."""

    def decorate(view):
        @login_required
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def page(request, *args, **kwargs):
            require_aviq_staff(request.user)
            return view(request, *args, **kwargs)

        return page

    return decorate


class IsAviqStaff(BasePermission):
    """DRF: AVIQ staff only; a logged-in consortium user gets 404 (anonymous callers still get DRF's 401)."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method not in view.allowed_methods:
            return True  # DRF then answers 405, as for every endpoint: an unlisted method reveals nothing
        if not is_aviq_staff(request.user):
            raise NotFound
        return True
