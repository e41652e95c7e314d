"""`make bench`: time the heaviest pages on a large consortium and write docs/benchmarks.md.

Builds a throw-away test database (SQLite in memory, or DATABASE_URL's server), fills one consortium with
hundreds of structures and links (and, with the budget app, 2,000 budget lines and 500 expenses), then requests
each page through Django's test client: 3 warm-up requests, then 15 timed ones. Prints and writes the table.
"""

import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ols_platform.settings_test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tests.perf.report import write_section  # noqa: E402

WARMUP, RUNS = 3, 15


def build_dataset(structures=300, links=600):
    from consortia.models import Membership, StructureLink
    from tests.conftest import build_cast
    from tests.factories import LifeBasinFactory, MembershipFactory, StructureFactory

    cast = build_cast()
    consortium = cast.consortium_a
    basins = list(consortium.territory.life_basins.all()) + [
        LifeBasinFactory(territory=consortium.territory) for _ in range(6)
    ]
    sectors, levels = ["1LSS", "PP", "SM", "SSS"], ["macro", "meso", "meso", "micro"]
    created = []
    for i in range(structures):
        structure = StructureFactory(sector=sectors[i % 4], level=levels[i % 4])
        structure.life_basins.set([basins[i % len(basins)]])
        MembershipFactory(
            consortium=consortium, structure=structure, role=Membership.Role.MEMBER if i % 3 else "partner"
        )
        created.append(structure)
    meso = [s for s in created if s.level == "meso"]
    kinds = ["OG", "PA", "S"]
    pairs = {}
    for i in range(links):
        source, target = meso[i % len(meso)], meso[(i * 7 + 1 + i // len(meso)) % len(meso)]
        if source != target:
            pairs[(source.pk, target.pk, kinds[i % 3])] = (source, target, kinds[i % 3])
    StructureLink.objects.bulk_create(
        StructureLink(consortium=consortium, source=source, target=target, kind=kind)
        for source, target, kind in pairs.values()
    )
    return cast


def pages(cast, extra=()):
    from django.apps import apps

    a = cast.consortium_a.pk
    listed = [
        ("Tableau de bord (AVIQ, 10 consortia)", "reviewer", "/"),
        ("Tableau de bord (coordination)", "coordinator", "/"),
        ("Vue d'ensemble du consortium", "coordinator", f"/consortia/{a}/"),
        ("Membres et partenaires", "coordinator", f"/consortia/{a}/members/"),
        ("Réseau (SVG)", "coordinator", f"/consortia/{a}/network/"),
        ("Couverture", "coordinator", f"/consortia/{a}/coverage/"),
        ("Éligibilité", "coordinator", f"/consortia/{a}/eligibility/"),
        ("API : structures (page 1)", "reviewer", "/api/v1/structures/"),
        ("API : adhésions (page 1)", "coordinator", f"/api/v1/consortia/{a}/memberships/"),
    ]
    if apps.is_installed("budget"):
        from tests.perf.bench_budget import budget_pages

        listed += budget_pages(cast)
    return listed + list(extra)


@dataclass(frozen=True)
class Timing:
    first_ms: float  # the first request, on an empty cache: everything computed and rendered
    first_queries: int
    median_ms: float  # then, after the warm-up: what a page costs when its cached parts are fresh
    worst_ms: float
    queries: int
    size: int


def measure(client, url) -> Timing:
    cache.clear()
    # CaptureQueriesContext counts the growth of a log that keeps 9,000 queries: once full (the data build fills
    # it), it no longer grows and every count reads 0.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as first_queries:
        start = time.perf_counter()
        response = client.get(url)
        first_ms = (time.perf_counter() - start) * 1000
    first_count = len(first_queries)  # now: the log it reads is cleared below
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(WARMUP):
        client.get(url)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return Timing(
        first_ms,
        first_count,
        statistics.median(timings),
        max(timings),
        len(queries),
        len(response.content),
    )


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        cast = build_dataset()
        from django.apps import apps

        if apps.is_installed("budget"):
            from tests.perf.bench_budget import build_budget

            build_budget(cast, lines=2000, expenses=500)
        extra = []
        if apps.is_installed("governance"):
            from tests.perf.bench_governance import build_governance, governance_pages

            extra = governance_pages(cast, build_governance(cast))
        if apps.is_installed("aviq"):
            from tests.perf.bench_aviq import aviq_pages, build_programme

            build_programme(cast)
            extra = [*extra, *aviq_pages(cast)]
        rows = []
        for label, actor, url in pages(cast, extra):
            client = Client()
            client.force_login(cast.users[actor])
            timing = measure(client, url)
            shown = url.replace(f"/{cast.consortium_a.pk}/", "/{id}/")
            rows.append(
                f"| {label} | `{shown}` | {timing.first_ms:.0f} | {timing.first_queries} | {timing.median_ms:.0f} | "
                f"{timing.worst_ms:.0f} | {timing.queries} | {timing.size // 1024} |"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    table = "\n".join(
        [
            "| page | URL | first (ms) | SQL, first | median (ms) | worst of 15 (ms) | SQL | response (KiB) |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    text = f"""## One request at a time

Measured by `make bench` (tests/perf/bench.py) on {date.today().strftime("%d/%m/%Y")}: Python {platform.python_version()},
{connection.vendor}, {os.cpu_count()} cores. One consortium with 300 structures (members and partners over 8
bassins de vie) and ~600 typed links, plus a second consortium; with the budget app, 2,000 budget lines and 500
expenses; with governance, a body of 40 seats, 60 decisions in the register and 20 open votes. Each page is requested through Django's test client (no network, no static files): once on an empty
cache (*first*: everything computed and rendered), then {WARMUP} warm-up requests and {RUNS} timed ones (what a page
costs while its cached parts are fresh: the consortium pages are cached per revision, see docs/architecture.md). Query counts do not grow with the data: `tests/perf/` and `tests/budget/test_query_counts.py` assert it at
two sizes. Lists page at 50 rows (structures, budget groups, expenses, links, API rows); totals and the chart cover all rows.

{table}
"""
    print(text)
    if "--no-write" not in sys.argv:
        write_section("make bench", text)


if __name__ == "__main__":
    main()
