"""Run by tests/perf/load.py in a subprocess with the production settings: migrate the load database, fill it with
the scale data, open one session per actor and time each page once in-process (render time and peak memory).

Prints one JSON object on its last line: the sessions and, per page, its label, URL, actor, render time and peak
memory. Kept apart from load.py because it imports Django with the load database's settings.
"""

import argparse
import json
import os
import tracemalloc
from importlib import import_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ols_platform.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.perf.bench import build_dataset, measure, pages  # noqa: E402
from tests.perf.bench_budget import build_budget  # noqa: E402


def open_session(user) -> str:
    """A logged-in session for `user`, as the login view leaves it (the MFA stage is the login's, not the session's)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def render_profile(client, url) -> dict:
    """A page's first render (empty cache) and its render once cached (`make bench`'s measure), their SQL queries,
    and the peak memory of the first render."""
    cache.clear()
    client.get(reverse("profile"))  # the session back in the cache, so that the peak is the page's own
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timing = measure(client, url)
    return {
        "first_ms": round(timing.first_ms, 1),
        "first_queries": timing.first_queries,
        "render_ms": round(timing.median_ms, 1),
        "queries": timing.queries,
        "peak_kib": peak // 1024,
        "kib": timing.size // 1024,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--structures", type=int, default=300)
    parser.add_argument("--links", type=int, default=600)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--expenses", type=int, default=500)
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    cast = build_dataset(structures=args.structures, links=args.links)
    build_budget(cast, lines=args.lines, expenses=args.expenses)
    sessions = {actor: open_session(user) for actor, user in cast.users.items() if user is not None}
    listed = []
    for label, actor, url in pages(cast):
        if url.endswith("/export/"):  # a download, not a page a person reads: `make bench` times it
            continue
        client = Client()
        client.force_login(cast.users[actor])
        listed.append({"label": label, "actor": actor, "url": url} | render_profile(client, url))
    print(json.dumps({"sessions": sessions, "pages": listed, "consortium": cast.consortium_a.pk}))


if __name__ == "__main__":
    main()
