"""API reads answered from the cache while what they show is unchanged, as the read pages are (ols_platform.fragments).

A cached answer's key names the endpoint (path and every query parameter), the host the links in it point at, the
language of its messages, and its *scope*: what it depends on besides the request — for a consortium's resources
the consortium's revision and the caller's permissions there (`fragments.consortium_scope`, as for pages). The data is
kept before rendering, so the browsable API and JSON are both served from it. Only 200 answers are kept.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language
from rest_framework.response import Response

from .fragments import FRAGMENT_SECONDS, MAX_CACHED_QUERY, fragment_key


def cached_read(request, scope: tuple, respond: Callable[[], Response]) -> Response:
    """`respond()`'s answer, from the cache when the same read was answered within the same scope."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_CACHED_QUERY:
        return respond()
    parts = (
        "api",
        request.path,
        request.build_absolute_uri("/"),
        tuple(sorted(request.GET.lists())),
        get_language(),
        scope,
    )
    key = fragment_key(parts)
    data = cache.get(key)
    if data is not None:
        return Response(data)
    response = respond()
    if response.status_code == 200:
        cache.set(key, response.data, FRAGMENT_SECONDS)
    return response


class CachedList:
    """A viewset whose list is answered by `cached_read` within `read_scope()`."""

    def read_scope(self) -> tuple:
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        return cached_read(request, self.read_scope(), lambda: super(CachedList, self).list(request, *args, **kwargs))
