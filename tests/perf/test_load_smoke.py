"""The short pass of `make load` that `make test` runs: gunicorn with the production settings on a PostgreSQL
database of its own, every main page under load for a second, and not one error. Timings are not asserted here:
they are measured by `make load` and written to docs/benchmarks.md."""

import os
import shutil
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.perf import load


def _load_database_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_load"))


@pytest.mark.skipif(_load_database_url() is None, reason="needs DATABASE_URL on PostgreSQL (as in CI)")
def test_the_main_pages_serve_under_load_without_an_error(monkeypatch):
    if shutil.which("wrk") is None:
        if os.environ.get("E2E_OPTIONAL") == "0":  # CI installs wrk: missing there is a failure, not a skip
            pytest.fail("wrk is missing (apt-get install wrk)")
        pytest.skip("needs wrk (`make test` installs it as root on Debian)")
    monkeypatch.setenv("LOAD_DATABASE_URL", _load_database_url())
    assert load.main(["--smoke", "--no-write"]) == 0
