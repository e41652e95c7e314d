"""Every URL of the project, with every method it accepts, visited as every actor, answers the expected status.

The matrix is keyed by URL name AND method: `test_every_url_and_method_is_in_the_matrix` fails when a route, or a
method a route accepts, has no entry in tests/matrix/. The accepted methods are derived, not declared: for DRF views
from the router's method mapping (`actions`) or the handlers the view defines; for Django views by calling the URL
with each method as the platform admin and counting 405 as "not accepted".

Each actor's visit runs in its own savepoint, rolled back afterwards: every actor meets the same data (a write one
actor makes is not seen by the next; `data` is built afresh for each actor, `kwargs` once per entry). An entry with a
`snapshot` also proves that a refused actor (4xx) changed nothing.
"""

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _entries():
    entries = []
    for module in pkgutil.iter_modules(matrix.__path__):
        entries += importlib.import_module(f"{matrix.__name__}.{module.name}").ENTRIES
    return entries


ENTRIES = _entries()


def _project_patterns(resolver=None, namespace=""):
    """{URL name: its URLPattern} for the project's own URLs."""
    resolver = resolver or get_resolver()
    patterns = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            patterns |= _project_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            patterns.setdefault(f"{namespace}{pattern.name}", pattern)
    return {name: p for name, p in patterns.items() if not name.startswith(LIBRARY_PREFIXES)}


def _drf_methods(callback) -> set[str] | None:
    """The methods a DRF view answers, from the router's mapping (viewsets) or its handlers; None for Django views."""
    view_class = getattr(callback, "cls", None)
    if view_class is None:
        return None
    actions = getattr(callback, "actions", None)
    if actions:
        # DRF adds `head` to a viewset's actions once it has served a GET; HEAD follows GET.
        return {method.upper() for method in actions} & set(METHODS)
    return {method.upper() for method in view_class.http_method_names if hasattr(view_class, method)} & set(METHODS)


def _probed_methods(url, admin) -> set[str]:
    """The methods a Django view accepts: called as the admin, a method it refuses answers 405. Nothing is kept."""
    from django.test import Client

    accepted = set()
    for method in METHODS:
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            client.force_login(admin)
            response = getattr(client, method.lower())(url)
            transaction.set_rollback(True)
        if response.status_code != 405:
            accepted.add(method)
    return accepted


def _key(entry):
    return entry.name, entry.method.upper()


@pytest.mark.django_db
def test_every_url_and_method_is_in_the_matrix(cast):
    covered = {_key(entry) for entry in ENTRIES}
    first_entry = {}
    for entry in ENTRIES:
        first_entry.setdefault(entry.name, entry)
    missing = []
    for name, pattern in sorted(_project_patterns().items()):
        entry = first_entry.get(name)
        if entry is None:
            missing.append(f"* {name}")
            continue
        methods = _drf_methods(pattern.callback)
        if methods is None:
            with transaction.atomic():
                methods = _probed_methods(reverse(name, kwargs=entry.kwargs(cast)), cast.users["admin"])
                transaction.set_rollback(True)
        missing += [f"{method} {name}" for method in sorted(methods) if (name, method) not in covered]
    assert not missing, "URL × method without a permission-matrix entry:\n" + "\n".join(missing)


def test_the_matrix_names_only_existing_urls():
    unknown = sorted({entry.name for entry in ENTRIES} - set(_project_patterns()))
    assert not unknown, f"matrix entries for URLs that do not exist: {unknown}"


def test_the_matrix_has_one_entry_per_url_and_method_or_says_why():
    """Two entries for one (name, method) need distinct ids (e.g. a success and a refusal case)."""
    ids = [entry.id for entry in ENTRIES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"matrix entries with the same id: {duplicates}"


def _visit(entry, cast, url, actor):
    """One actor's request, in a savepoint rolled back afterwards. Returns (status, what changed or None)."""
    with transaction.atomic():
        before = entry.snapshot(cast) if entry.snapshot else None
        client = cast.client(actor)
        if entry.method == "get":
            response = client.get(url, HTTP_ACCEPT="application/json" if entry.api else "text/html")
        else:
            data = entry.data(cast) if entry.data else {}
            options = {"content_type": "application/json"} if entry.api else {}
            response = getattr(client, entry.method)(url, data=data, **options)
        changed = None
        if entry.snapshot and response.status_code >= 400:
            after = entry.snapshot(cast)
            if after != before:
                changed = f"refused ({response.status_code}) but the data changed: {before!r} → {after!r}"
        transaction.set_rollback(True)
    return response.status_code, changed


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_permission_matrix(entry, cast):
    url = reverse(entry.name, kwargs=entry.kwargs(cast))
    failures = []
    for actor in ACTORS:
        status, changed = _visit(entry, cast, url, actor)
        expected = entry.expect[actor]
        if status != expected:
            failures.append(f"{actor}: expected {expected}, got {status}")
        if changed:
            failures.append(f"{actor}: {changed}")
    assert not failures, f"{entry.method.upper()} {url}\n" + "\n".join(failures)


@pytest.mark.django_db
def test_it_derives_the_methods_each_route_accepts(cast):
    """What makes a forgotten method fail the matrix: the methods come from the routes, not from the entries."""
    patterns = _project_patterns()
    assert _drf_methods(patterns["consortium-budget-line-detail"].callback) == {"GET", "PUT", "PATCH", "DELETE"}
    assert _drf_methods(patterns["consortium-expense-list"].callback) == {"GET", "POST"}
    assert _drf_methods(patterns["consortium-detail"].callback) == {"GET", "PUT", "PATCH"}
    assert _drf_methods(patterns["dashboard"].callback) is None
    admin = cast.users["admin"]
    assert _probed_methods(reverse("dashboard"), admin) == {"GET"}
    assert _probed_methods(reverse("profile"), admin) == {"GET", "POST"}
    assert _probed_methods(reverse("budget:approve", kwargs={"consortium_id": cast.consortium_a.pk}), admin) == {"POST"}
