"""The production-like stack (docker-compose.yml, Dockerfile, .env.example, the entrypoint) and `check --deploy`.

No Docker engine runs here, so the files are parsed (the compose file as YAML, the Dockerfile into its
instructions) and what they would run is run here: the web healthcheck against a live test server, the database
healthcheck against this suite's PostgreSQL, the entrypoint with a stand-in `python`, the image's command resolved.
"""

import json
import os
import secrets
import shlex
import stat
import string
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings as django_settings
from django.db import connection

from ols_platform.healthcheck import host_header

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"db", "redis", "web", "worker", "beat"}
APP_SERVICES = ("web", "worker", "beat")
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "ols.example",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments) pairs: comments dropped, continuation lines joined."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).strip().partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
        pending = ""
    return instructions


def _final_stage(dockerfile):
    start = max(i for i, (keyword, _) in enumerate(dockerfile) if keyword == "FROM")
    return dockerfile[start:]


def _env_example() -> dict:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def _argv(test_or_command) -> list[str]:
    """A compose healthcheck test or command as the argv it runs (CMD-SHELL runs through sh -c)."""
    if isinstance(test_or_command, str):
        return ["sh", "-c", test_or_command]
    kind, *rest = test_or_command
    if kind == "CMD-SHELL":
        return ["sh", "-c", " ".join(rest)]
    return rest if kind == "CMD" else test_or_command


def _compose_shell(command: str) -> str:
    """What the container's shell receives: compose turns `$$` into `$`."""
    return command.replace("$$", "$")


def _run(argv, env=None, **kwargs):
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, **kwargs)


def test_the_stack_has_the_five_services(compose):
    assert set(compose["services"]) == SERVICES


def test_it_runs_postgresql_15_and_redis_7(compose):
    assert compose["services"]["db"]["image"].startswith("postgres:15")
    assert compose["services"]["redis"]["image"].startswith("redis:7")


def test_every_long_running_service_but_beat_has_a_healthcheck(compose):
    services = compose["services"]
    assert "healthcheck" not in services["beat"]
    db = _argv(services["db"]["healthcheck"]["test"])
    assert db[:2] == ["sh", "-c"] and shlex.split(db[2])[0] == "pg_isready"
    assert _argv(services["redis"]["healthcheck"]["test"]) == ["redis-cli", "ping"]
    assert _argv(services["web"]["healthcheck"]["test"]) == ["python", "-m", "ols_platform.healthcheck"]
    worker = shlex.split(_argv(services["worker"]["healthcheck"]["test"])[2])
    assert worker[:5] == ["celery", "-A", "ols_platform", "inspect", "ping"]
    for name in ("db", "redis", "web", "worker"):
        assert {"interval", "timeout", "retries"} <= set(services[name]["healthcheck"]), name


def _web_healthcheck(compose, url: str, allowed_hosts: str) -> subprocess.CompletedProcess:
    """Run the compose file's web healthcheck, in this venv, at `url` instead of the container's gunicorn."""
    argv = _argv(compose["services"]["web"]["healthcheck"]["test"])
    argv = [sys.executable if arg == "python" else arg for arg in argv]
    env = {**os.environ, "HEALTHCHECK_URL": url, "ALLOWED_HOSTS": allowed_hosts}
    return _run(argv, env=env)


@pytest.mark.django_db(transaction=True)
def test_the_web_healthcheck_succeeds_against_a_live_server_and_fails_when_it_cannot_reach_healthz(
    compose, live_server, settings
):
    settings.ALLOWED_HOSTS = ["ols.example"]  # the Host header must come from ALLOWED_HOSTS, as in production
    healthy = _web_healthcheck(compose, f"{live_server.url}/healthz", "ols.example,www.ols.example")
    assert healthy.returncode == 0, healthy.stderr

    wrong_path = _web_healthcheck(compose, f"{live_server.url}/no-such-page", "ols.example")
    assert wrong_path.returncode != 0 and "404" in wrong_path.stderr
    wrong_host = _web_healthcheck(compose, f"{live_server.url}/healthz", "elsewhere.example")
    assert wrong_host.returncode != 0 and "400" in wrong_host.stderr
    nobody_listens = _web_healthcheck(compose, "http://127.0.0.1:9/healthz", "ols.example")
    assert nobody_listens.returncode != 0


class _Recorder(BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):
        self.requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_web_healthcheck_calls_healthz_as_the_proxy_would(compose):
    # gunicorn behind the proxy answers 400 without an allowed Host and 301 without the proxy's HTTPS header.
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _Recorder.requests = []
        result = _web_healthcheck(compose, f"http://127.0.0.1:{server.server_port}/healthz", ".ols.example,*")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    [request] = _Recorder.requests
    assert request["path"] == "/healthz"
    assert request["host"] == "ols.example"
    header, value = django_settings.SECURE_PROXY_SSL_HEADER  # what Django trusts as the proxy's HTTPS mark
    assert request[header.removeprefix("HTTP_").replace("_", "-").lower()] == value
    assert host_header("ols.example,www.ols.example") == "ols.example"
    assert host_header(".ols.example") == "ols.example"
    assert host_header("*") == "localhost"


def test_the_web_healthcheck_targets_the_port_gunicorn_binds_in_the_image(compose, dockerfile):
    assert "HEALTHCHECK_URL" not in compose["services"]["web"]["environment"]  # the default URL is the one used
    env = {k: v for k, v in os.environ.items() if k != "HEALTHCHECK_URL"}
    printed = _run([sys.executable, "-c", "from ols_platform import healthcheck; print(healthcheck.URL)"], env=env)
    default = urlsplit(printed.stdout.strip())
    assert default.hostname in {"127.0.0.1", "localhost"}  # the container's own gunicorn
    assert default.path == "/healthz"
    cmd = json.loads(dict(_final_stage(dockerfile))["CMD"])
    bind = cmd[cmd.index("--bind") + 1]
    assert bind.rsplit(":", 1)[1] == str(default.port)
    assert [port.rsplit(":", 1)[1] for port in compose["services"]["web"]["ports"]] == [str(default.port)]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs pg_isready against this suite's PostgreSQL")
def test_the_database_healthcheck_runs_pg_isready_and_fails_on_a_wrong_server(compose):
    argv = _argv(compose["services"]["db"]["healthcheck"]["test"])
    argv[2] = _compose_shell(argv[2])
    database = connection.settings_dict
    env = {
        **os.environ,
        "POSTGRES_USER": database["USER"] or "postgres",
        "POSTGRES_DB": database["NAME"],
        "PGHOST": database["HOST"] or "127.0.0.1",
        "PGPORT": str(database["PORT"] or 5432),
    }
    result = _run(argv, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _run(argv, env={**env, "PGPORT": "9"}).returncode != 0


def test_the_app_services_share_one_image_and_run_gunicorn_celery_worker_and_beat(compose, dockerfile):
    services = compose["services"]
    assert {services[name]["build"] for name in APP_SERVICES} == {"."}
    assert {services[name]["image"] for name in APP_SERVICES} == {"ols-platform:latest"}
    assert "command" not in services["web"]  # web runs the image's CMD
    program, application, *_ = json.loads(dict(_final_stage(dockerfile))["CMD"])
    assert program == "gunicorn"
    module, _, attribute = application.partition(":")
    assert callable(getattr(import_module(module), attribute))  # the WSGI application gunicorn will load
    assert services["worker"]["command"][:4] == ["celery", "-A", "ols_platform", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "ols_platform", "beat"]


def test_the_database_and_media_live_in_named_volumes(compose):
    volumes = compose["volumes"]
    assert "dbdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    assert "dbdata" in volumes and "media" in volumes
    for name in ("web", "worker"):
        assert "media:/app/media" in compose["services"][name]["volumes"]


def test_the_app_services_read_their_settings_from_env_and_point_at_db_and_redis(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["env_file"] == ".env"
        environment = service["environment"]
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        assert environment["DEBUG"] == "0"
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert compose["services"]["web"]["environment"]["RUN_MIGRATIONS"] == "1"


@pytest.fixture
def entrypoint(tmp_path):
    """Run ols_platform/entrypoint.sh with a stand-in `python` on PATH that logs its arguments (and fails the
    deploy check when FAIL_CHECK=1); returns (result, the logged python calls)."""
    log = tmp_path / "calls.log"
    fake = tmp_path / "bin" / "python"
    fake.parent.mkdir()
    fake.write_text(
        '#!/bin/sh\necho "$*" >> "$CALLS"\nif [ "${FAIL_CHECK:-0}" = "1" ] && [ "$2" = "check" ]; then exit 1; fi\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)

    def run(*command, **variables):
        env = {
            "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
            "CALLS": str(log),
            "STATIC_ROOT": str(tmp_path / "static"),
            **variables,
        }
        result = _run(["sh", str(ROOT / "ols_platform" / "entrypoint.sh"), *command], env=env)
        calls = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return result, calls

    return run


def test_the_entrypoint_checks_migrates_and_collects_static_files_then_runs_the_command(entrypoint, tmp_path):
    assert os.access(ROOT / "ols_platform" / "entrypoint.sh", os.X_OK)
    result, calls = entrypoint("echo", "started", RUN_MIGRATIONS="1")
    assert result.returncode == 0, result.stderr
    assert calls == [
        "manage.py check --deploy --fail-level WARNING",
        "manage.py migrate --noinput",
        "manage.py collectstatic --noinput --verbosity 0",
    ]
    assert result.stdout == "started\n"  # exec "$@": the container's command runs last

    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text("{}")  # collected into the image already
    _, calls = entrypoint("true", RUN_MIGRATIONS="1", DEPLOY_CHECK="0")
    assert calls == ["manage.py migrate --noinput"]
    _, calls = entrypoint("true", RUN_MIGRATIONS="1", DEPLOY_CHECK="0", COLLECTSTATIC="1")
    assert calls == ["manage.py migrate --noinput", "manage.py collectstatic --noinput --verbosity 0"]


def test_the_entrypoint_stops_on_a_failed_deploy_check_and_skips_all_for_worker_and_beat(entrypoint):
    result, calls = entrypoint("echo", "started", RUN_MIGRATIONS="1", FAIL_CHECK="1")
    assert result.returncode != 0 and result.stdout == ""
    assert calls == ["manage.py check --deploy --fail-level WARNING"]
    result, calls = entrypoint("echo", "worker")
    assert (result.returncode, result.stdout, calls) == (0, "worker\n", [])


def test_the_image_is_python_311_slim_with_weasyprint_libraries_and_a_non_root_user(dockerfile):
    final = _final_stage(dockerfile)
    assert final[0] == ("FROM", "python:3.11-slim")
    runs = [arguments for keyword, arguments in final if keyword == "RUN"]
    apt = next(shlex.split(run) for run in runs if "apt-get install" in run)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in apt
    assert any(package.startswith("fonts-") for package in apt)
    # The dependencies are installed from the lock, before the code is copied (a code change keeps the layer).
    assert final.index(("COPY", "requirements.lock .")) < final.index(("RUN", "pip install -r requirements.lock"))
    assert final.index(("RUN", "pip install -r requirements.lock")) < final.index(("COPY", "--chown=ols:ols . ."))
    users = [arguments for keyword, arguments in final if keyword == "USER"]
    assert users[-1] == "ols"
    assert json.loads(dict(final)["ENTRYPOINT"]) == ["/app/ols_platform/entrypoint.sh"]
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


def test_the_env_example_lists_every_production_variable_and_holds_no_secret():
    example = _env_example()
    expected = {
        *PRODUCTION_ENV,
        "SECRET_KEY",
        "POSTGRES_PASSWORD",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "DEFAULT_FROM_EMAIL",
    }
    assert expected <= set(example)
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"):
        assert example[secret] == "", secret
    for key, value in PRODUCTION_ENV.items():
        assert example[key] == value, key


def test_check_deploy_is_clean_with_the_production_variables():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_"))},
        **PRODUCTION_ENV,
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "DJANGO_SETTINGS_MODULE": "ols_platform.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
