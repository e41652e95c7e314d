"""Parts of pages that are the same for everyone who may see them, kept in the cache until the data changes.

A fragment's key names everything it depends on — for a consortium page: the consortium's revision (bumped by every
write that changes what its pages show, `consortia.services.base.bump_revision`), the reader's permissions, the
language, the page's own parameters and the day. A write makes new keys; the old entries are never read again and
age out after FRAGMENT_SECONDS, which also bounds how stale a page could be should a write ever bypass the services.
Nothing personal goes in a fragment (no CSRF token, no user name): the layout around it is rendered per request.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 600


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
