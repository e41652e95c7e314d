"""`make load`: the main pages under load, served the production way, and the table in docs/benchmarks.md.

1. Recreates the load database (`LOAD_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/ols_load`; it is
   dropped and created again, so never point it at data you keep) and fills it with the scale data of `make bench`
   (one consortium with 300 structures and ~600 links, 2,000 budget lines, 500 expenses); times each page once
   in-process (render time, SQL queries, peak memory).
2. Starts gunicorn (`LOAD_WORKERS`, default 3 sync workers) on loopback with `DEBUG=0` and the production settings
   (static files collected, whitenoise's manifest), `REDIS_URL` passed through when set.
3. Drives `/healthz` and then each page with wrk (Debian's `wrk`: `make load` installs it) at 20 connections for
   `--seconds` each (default 20), logged in as the page's actor through a session cookie.
4. Writes the table (req/s, share of `/healthz`'s req/s in the same run, p50/p95/p99, errors) between the markers
   of docs/benchmarks.md, unless `--no-write`.

`--smoke` is the short pass `make test` runs: small data, one second per page, and it fails on any error.
The API throttles are lifted for the run (20 connections of one user would hit them, which measures nothing).
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.perf.report import write_section

ROOT = Path(__file__).resolve().parents[2]
REPORT_SCRIPT = Path(__file__).with_name("wrk_report.lua")
CONNECTIONS = 20
# The goal of issue 8: every main page at 15 % of /healthz's throughput or more, p95 under 300 ms.
MIN_SHARE, MAX_P95_MS = 0.15, 300


def database_url() -> str:
    return os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ols_load")


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"LOAD_DATABASE_URL: nom de base inattendu « {name} »")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def server_environment(url: str, static_root: str, media_root: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="ols_platform.settings",
        DEBUG="0",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        STATIC_ROOT=static_root,
        MEDIA_ROOT=media_root,
        API_THROTTLE_USER="100000000/hour",
        API_THROTTLE_ANON="100000000/hour",
        PYTHONPATH=str(ROOT),
    )
    return env


def build_data(env: dict, sizes: dict) -> dict:
    args = [f"--{name}={value}" for name, value in sizes.items()]
    done = subprocess.run(
        [sys.executable, "-m", "tests.perf.load_data", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise SystemExit(f"Préparation des données impossible :\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "ols_platform.wsgi:application", f"--bind=127.0.0.1:{port}", f"--workers={workers}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn s'est arrêté :\n{server.stderr.read()[-4000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn ne répond pas sur /healthz après 60 s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_page(url: str, cookie: str) -> None:
    """Before loading a page, make sure the session really opens it (a redirect to the login page is not a page)."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with opener.open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{url} : HTTP {status} avant la charge")


def run_wrk(url: str, seconds: int, cookie: str = "") -> dict:
    command = [
        "wrk",
        "--threads=2",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={REPORT_SCRIPT}",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    line = next((row for row in done.stdout.splitlines() if row.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"wrk a échoué sur {url} :\n{done.stdout}\n{done.stderr}")
    result = json.loads(line.removeprefix("WRKJSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def measure(data: dict, port: int, seconds: int) -> tuple[dict, list[dict]]:
    base = f"http://127.0.0.1:{port}"
    run_wrk(f"{base}/healthz", min(seconds, 2))  # warm-up: the workers' first requests import and connect
    healthz = run_wrk(f"{base}/healthz", seconds)
    rows = []
    for page in data["pages"]:
        cookie = f"sessionid={data['sessions'][page['actor']]}"
        check_page(base + page["url"], cookie)
        rows.append(page | run_wrk(base + page["url"], seconds, cookie))
    return healthz, rows


def ms(microseconds: int) -> str:
    return f"{microseconds / 1000:.0f}"


def table(healthz: dict, rows: list[dict], consortium_id: int) -> str:
    lines = [
        "| page | URL | req/s | share of `/healthz` | p50 (ms) | p95 (ms) | p99 (ms) | errors | goal | "
        "first render (ms) | SQL, first | render (ms) | SQL | peak memory (KiB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
        f"| `/healthz` (bare view, whole middleware stack) | `/healthz` | {healthz['rps']:.0f} | 100 % | "
        f"{ms(healthz['p50'])} | {ms(healthz['p95'])} | {ms(healthz['p99'])} | {healthz['errors']} | | | | | | |",
    ]
    for row in rows:
        share = row["rps"] / healthz["rps"]
        ok = share >= MIN_SHARE and row["p95"] < MAX_P95_MS * 1000 and not row["errors"]
        shown = row["url"].replace(f"/{consortium_id}/", "/{id}/")
        lines.append(
            f"| {row['label']} | `{shown}` | {row['rps']:.1f} | {share * 100:.1f} % | {ms(row['p50'])} | "
            f"{ms(row['p95'])} | {ms(row['p99'])} | {row['errors']} | {'✓' if ok else '✗'} | "
            f"{row['first_ms']:.0f} | {row['first_queries']} | {row['render_ms']:.0f} | {row['queries']} | "
            f"{row['peak_kib']} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="durée de charge par page (s)")
    parser.add_argument("--smoke", action="store_true", help="passe courte : petites données, 1 s par page")
    parser.add_argument("--no-write", action="store_true", help="ne pas écrire docs/benchmarks.md")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk est requis (Debian : apt-get install wrk ; `make load` l'installe quand il le peut).")
    sizes = {"structures": 300, "links": 600, "lines": 2000, "expenses": 500}
    seconds = args.seconds
    if args.smoke:
        sizes, seconds = {"structures": 12, "links": 20, "lines": 40, "expenses": 10}, 1
    workers = int(os.environ.get("LOAD_WORKERS", "3"))
    url = database_url()
    recreate_database(url)
    with tempfile.TemporaryDirectory(prefix="ols-load-") as scratch:
        env = server_environment(url, f"{scratch}/static", f"{scratch}/media")
        data = build_data(env, sizes)
        server = start_gunicorn(env, free_port(), workers)
        try:
            port = int(server.args[2].rsplit(":", 1)[1])
            healthz, rows = measure(data, port, seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = (
        f"Measured by `make load` (tests/perf/load.py) on {date.today():%d/%m/%Y}: gunicorn, {workers} sync workers, "
        f"`DEBUG=0`, PostgreSQL, {'Redis cache' if os.environ.get('REDIS_URL') else 'in-process cache'}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores shared by wrk and the server (loopback). "
        f"wrk, {CONNECTIONS} connections, {seconds} s per page, one page after the other. Data: "
        f"{sizes['structures']} structures, ~{sizes['links']} links, {sizes['lines']} budget lines, "
        f"{sizes['expenses']} expenses. Goal (✓): at least {MIN_SHARE:.0%} of `/healthz`'s req/s and p95 under "
        f"{MAX_P95_MS} ms. Render and SQL: in-process, as `make bench` times a page — *first* on an empty cache "
        "(everything computed and rendered), then the median of 15 after 3 warm-ups; peak memory: tracemalloc, "
        "first render."
        f"\n\n{table(healthz, rows, data['consortium'])}"
    )
    print(text)
    errors = healthz["errors"] + sum(row["errors"] for row in rows)
    if args.smoke:
        if errors:
            print(f"{errors} erreur(s) pendant la passe courte", file=sys.stderr)
        return 1 if errors else 0
    if not args.no_write:
        write_section("make load", f"## Under load\n\n{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
