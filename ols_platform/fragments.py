"""Parts of pages that are the same for everyone who may see them, kept in the cache until the data changes.

A fragment's key names everything it depends on — for a consortium page: the consortium's revision (bumped by every
write that changes what its pages show, `consortia.services.base.bump_revision`), the reader's permissions, the
language, the page's own parameters and the day. A write makes new keys; the old entries are never read again and
age out after FRAGMENT_SECONDS, which also bounds how stale a page could be should a write ever bypass the services.
Nothing personal goes in a fragment (no user name, no one-time token): the layout around it is rendered per request.

Two things a cached page's forms need are personal; they are put in when the page is served (`fill_personal`):
- the CSRF token: a fragment is rendered with CSRF_SLOT as its `csrf_token`, which the reader's token replaces;
- the one-time submission token of an add form (`{% submission_token %}`, which a fragment renders as a slot):
  each slot gets a token of its own, new on every visit.
Only the tags' own inputs are replaced: escaped user text cannot hold their quotes.
"""

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 600
# Longer query strings are served uncached: a cache entry per made-up query would only fill the cache.
MAX_CACHED_QUERY = 512
CSRF_SLOT = "ols-csrf-slot"
SUBMISSION_SLOT = "ols-submission-slot"
# In a fragment's template context: its one-time tokens are rendered as slots.
IN_FRAGMENT = "ols_in_fragment"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_SUBMISSION_INPUT = '<input type="hidden" name="submission_token" value="{}">'


def consortium_scope(access) -> tuple:
    """What a consortium's cached page or API answer depends on besides the request: the consortium, its revision
    and what the reader may do there."""
    return ("consortium", access.consortium.pk, access.consortium.revision, tuple(sorted(access.perms)))


def fragment_key(parts: tuple) -> str:
    return "fragment:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def cached_fragment(parts: tuple, render: Callable[[], str]) -> SafeString:
    """The HTML `render()` makes, from the cache when a fragment with the same `parts` was rendered already."""
    key = fragment_key(parts)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - made by a template, which escaped it


def fragment_context(context: dict) -> dict:
    """A fragment's template context: its tokens are slots, filled for each reader by `fill_personal`."""
    return context | {"csrf_token": CSRF_SLOT, IN_FRAGMENT: True}


def submission_token_input(context) -> SafeString:
    """A one-time token for an add form (the view ignores a second post of the same token: double submit)."""
    return format_html(_SUBMISSION_INPUT, SUBMISSION_SLOT if context.get(IN_FRAGMENT) else uuid.uuid4().hex)


SUBMISSION_TOKEN_SECONDS = 3600


def claim_submission(request, scope: str) -> bool:
    """False when this form's one-time token (`submission_token_input`) was already posted: a double submit, which
    the view then ignores. `scope` names the app, so that apps never share tokens."""
    token = _posted_token(request)
    if not token:
        return True
    return cache.add(f"{scope}:submission:{request.user.pk}:{token}", 1, timeout=SUBMISSION_TOKEN_SECONDS)


def release_submission(request, scope: str) -> None:
    """The form was refused: its token may be posted again once corrected."""
    token = _posted_token(request)
    if token:
        cache.delete(f"{scope}:submission:{request.user.pk}:{token}")


def _posted_token(request) -> str:
    return str(request.POST.get("submission_token", ""))[:64]


def fill_personal(html: str, request) -> SafeString:
    """A cached fragment made whole for this request: its forms' CSRF token and one-time submission tokens."""
    slot = _CSRF_INPUT.format(CSRF_SLOT)
    if slot in html:
        html = html.replace(slot, _CSRF_INPUT.format(get_token(request)))
    slot = _SUBMISSION_INPUT.format(SUBMISSION_SLOT)
    if slot in html:
        pieces = html.split(slot)
        tokens = (_SUBMISSION_INPUT.format(uuid.uuid4().hex) for _ in pieces[1:])
        html = pieces[0] + "".join(token + piece for token, piece in zip(tokens, pieces[1:], strict=True))
    return mark_safe(html)  # noqa: S308 - made by templates, which escaped it
