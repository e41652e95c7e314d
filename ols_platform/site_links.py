"""The absolute links e-mails carry: one base for all of them (invitations, role and budget notices, allauth's own
password-reset and confirmation mails).

- `SITE_URL` (environment) is the base whenever it is set: the public site, whatever host the request came by.
- In development (`DEBUG` and no `SITE_URL`), the host of the request that triggered the mail, so that a link
  followed from the console backend leads back to the server that sent it (`make run` on another port or host).
- Otherwise `DEFAULT_SITE_URL`.

A mail sent by a worker has no request: the base is computed when the task is queued (inside the request) and
passed to the task as a plain value (`base_url()`), then links are built with `absolute_url(path, base)`.
"""

from urllib.parse import urlsplit, urlunsplit

from allauth.core import context as allauth_context
from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def base_url(request=None) -> str:
    """The base of links for a mail triggered by `request` (default: the request being served, if any)."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    request = request if request is not None else allauth_context.request
    if settings.DEBUG and request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return DEFAULT_SITE_URL


def absolute_url(path: str, base: str | None = None) -> str:
    """`path` (a URL path, from `reverse`) on `base` (from `base_url()` at queue time); `base_url()` when None."""
    return (base or base_url()).rstrip("/") + "/" + path.lstrip("/")


def rebase(url: str, base: str) -> str:
    """An absolute URL built by a library from the request, moved onto `base` (its path and query kept)."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return absolute_url(url, base)
    target = urlsplit(base)
    prefix = target.path.rstrip("/")
    return urlunsplit((target.scheme, target.netloc, prefix + parts.path, parts.query, parts.fragment))


def site_host(base: str) -> str:
    """The host name of `base`, as mails name the site."""
    return urlsplit(base).netloc
