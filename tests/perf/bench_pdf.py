"""`make bench`, generated documents: time and peak memory of rendering the demo's PDFs, all activity reports of a
40-structure consortium with 2 worker processes, and WeasyPrint's pages per second on this machine as the reference.

Each render runs in its own forked process, as in a Celery prefork worker: its wall time, its page count and the peak
resident memory of that process (which includes the ~100 MB of Django and WeasyPrint loaded before the fork). The
database is a throw-away test database in a file (SQLite) or on DATABASE_URL's server, so the processes share it.
"""

import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ols_platform.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.template import engines  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.perf.report import write_section  # noqa: E402

FORK = multiprocessing.get_context("fork")


def _child_init():
    connections.close_all()  # a forked process must not share its parent's database connection


def _render(document_id: int) -> tuple[float, int, int]:
    """In a child process: render one job; (seconds, pages, peak RSS in MiB)."""
    from reporting.models import GeneratedDocument
    from reporting.rendering import document_run

    _child_init()
    start = time.perf_counter()
    outcome = document_run(document_id, run_id=f"bench-{document_id}")
    elapsed = time.perf_counter() - start
    document = GeneratedDocument.objects.get(pk=document_id)
    assert outcome == "done", (outcome, document.error)
    return elapsed, document.pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def render_alone(document_id: int) -> tuple[float, int, int]:
    with FORK.Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(_render, (document_id,))


def render_in_parallel(document_ids: list[int], workers: int = 2) -> tuple[float, int, int]:
    """All jobs on `workers` processes (a Celery worker's prefork pool); (wall seconds, pages, peak RSS MiB)."""
    start = time.perf_counter()
    with FORK.Pool(workers, maxtasksperchild=50) as pool:
        results = pool.map(_render, document_ids, chunksize=1)
    return time.perf_counter() - start, sum(r[1] for r in results), max(r[2] for r in results)


def ask(consortium, kind, **subject) -> int:
    from unittest import mock

    from reporting.services.documents import document_request

    # Not sent to Celery: the bench renders the jobs itself, in processes it times.
    with mock.patch("reporting.services.documents._send"):
        return document_request(actor=None, consortium=consortium, kind=kind, **subject).pk


def reference_pages_per_second() -> tuple[float, int]:
    """WeasyPrint alone on a plain 40-page text document with the platform's stylesheet and fonts."""
    from types import SimpleNamespace

    from django.utils import timezone

    from reporting.pdf import render_pdf

    paragraph = (
        "<p>" + "Le consortium organise la concertation locale et soutient les acteurs du territoire. " * 12 + "</p>"
    )
    chapters = "".join(
        f'<section class="chapter" id="c{i}"><h1>Chapitre {i}</h1>{paragraph * 14}</section>' for i in range(1, 21)
    )
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}' + chapters + "{% endblock %}"
    )
    context = {
        "consortium": SimpleNamespace(name="Référence", territory=SimpleNamespace(name="—")),
        "document_title": "Référence",
        "document_subtitle": "",
        "generated_at": timezone.now(),
        "toc": [(f"c{i}", f"Chapitre {i}", 1) for i in range(1, 21)],
    }
    render_pdf(template, context)  # warm-up: fonts, Pango
    start = time.perf_counter()
    rendered = render_pdf(template, context)
    elapsed = time.perf_counter() - start
    return rendered.pages / elapsed, rendered.pages


def main():
    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench-pdf.sqlite3")
        # Two processes write their job rows at once: wait for SQLite's lock instead of failing.
        connection.settings_dict.setdefault("OPTIONS", {})["timeout"] = 30
    old_name = connection.creation.create_test_db(verbosity=0)
    rows = []
    try:
        from tests.perf.bench_pdf_data import build_documents

        for label, ids in build_documents(ask):
            if len(ids) == 1:
                seconds, pages, peak = render_alone(ids[0])
                rows.append(f"| {label} | 1 | {pages} | {seconds:.2f} | {pages / seconds:.1f} | {peak} |")
            else:
                seconds, pages, peak = render_in_parallel(ids, workers=2)
                rows.append(
                    f"| {label} (2 processes) | {len(ids)} | {pages} | {seconds:.2f} | {pages / seconds:.1f} | {peak} |"
                )
        rate, pages = reference_pages_per_second()
        rows.append(f"| Reference: WeasyPrint alone, plain text | 1 | {pages} | {pages / rate:.2f} | {rate:.1f} | — |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    table = "\n".join(
        [
            "| document | files | pages | wall time (s) | pages/s | peak RSS (MiB) |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    text = f"""## Generated documents

Measured by `make bench` (tests/perf/bench_pdf.py) on {date.today().strftime("%d/%m/%Y")}: Python {platform.python_version()},
{connection.vendor}, {os.cpu_count()} cores, WeasyPrint {_weasyprint_version()}. Each render runs in a forked process
as in a Celery prefork worker (broker latency not included): from the job's claim to the stored file (building the
context from the database, HTML, layout, PDF/UA writing, SHA-256). Peak RSS is that process's, Django and WeasyPrint
included. Targets (issue 12): the demo deliverable, 20+ pages, under 5 s; the 40 activity reports with 2 workers
under 60 s.

{table}
"""
    print(text)
    if "--no-write" not in sys.argv:
        write_section("make bench: documents", text)


def _weasyprint_version() -> str:
    import weasyprint

    return weasyprint.__version__


if __name__ == "__main__":
    main()
