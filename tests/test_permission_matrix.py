"""Every URL of the project, visited as every actor, answers with the expected status.

A URL that joins the project without an entry in tests/matrix/ makes `test_every_url_is_in_the_matrix` fail.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from . import matrix
from .matrix import ACTORS

# URL namespaces and names that belong to libraries, not to us: they have their own tests.
LIBRARY_PREFIXES = (
    "admin:",
    "account_",
    "mfa_",
    "set_language",
    "api-schema",
    "api-docs",
    "api-root",
    "javascript-catalog",
)


def _entries():
    entries = []
    for module in pkgutil.iter_modules(matrix.__path__):
        entries += importlib.import_module(f"{matrix.__name__}.{module.name}").ENTRIES
    return entries


ENTRIES = _entries()


def _project_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return {n for n in names if not n.startswith(LIBRARY_PREFIXES)}


def test_every_url_is_in_the_matrix():
    covered = {entry.name for entry in ENTRIES}
    missing = sorted(_project_url_names() - covered)
    assert not missing, f"URLs without a permission-matrix entry: {missing}"


def test_the_matrix_names_only_existing_urls():
    unknown = sorted({entry.name for entry in ENTRIES} - _project_url_names())
    assert not unknown, f"matrix entries for URLs that do not exist: {unknown}"


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_permission_matrix(entry, cast):
    from django.urls import reverse

    url = reverse(entry.name, kwargs=entry.kwargs(cast))
    failures = []
    for actor in ACTORS:
        client = cast.client(actor)
        data = entry.data(cast) if entry.data else {}
        if entry.method == "get":
            response = client.get(url, HTTP_ACCEPT="application/json" if entry.api else "text/html")
        else:
            options = {"content_type": "application/json"} if entry.api else {}
            response = getattr(client, entry.method)(url, data=data, **options)
        expected = entry.expect[actor]
        if response.status_code != expected:
            failures.append(f"{actor}: expected {expected}, got {response.status_code}")
    assert not failures, f"{entry.method.upper()} {url}\n" + "\n".join(failures)
