"""The production-like stack (docker-compose.yml, Dockerfile, .env.example) and `check --deploy` with its variables.

No Docker engine runs here: the compose file is read as YAML and checked for what the stack needs.
"""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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


def _env_example() -> dict:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def _command(service) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def _healthcheck(service) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def test_the_stack_has_the_five_services(compose):
    assert set(compose["services"]) == SERVICES


def test_it_runs_postgresql_15_and_redis_7(compose):
    assert compose["services"]["db"]["image"].startswith("postgres:15")
    assert compose["services"]["redis"]["image"].startswith("redis:7")


def test_every_long_running_service_but_beat_has_a_healthcheck(compose):
    services = compose["services"]
    assert "pg_isready" in _healthcheck(services["db"])
    assert "redis-cli ping" in _healthcheck(services["redis"])
    assert "ols_platform.healthcheck" in _healthcheck(services["web"])
    assert "celery -A ols_platform inspect ping" in _healthcheck(services["worker"])


def test_the_web_healthcheck_calls_healthz_as_the_proxy_would():
    source = (ROOT / "ols_platform" / "healthcheck.py").read_text()
    assert "/healthz" in source
    assert "X-Forwarded-Proto" in source
    assert host_header("ols.example,www.ols.example") == "ols.example"
    assert host_header(".ols.example") == "ols.example"
    assert host_header("*") == "localhost"


def test_the_app_services_share_one_image_and_run_gunicorn_celery_worker_and_beat(compose):
    services = compose["services"]
    assert {services[name]["build"] for name in APP_SERVICES} == {"."}
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn" in dockerfile and "ols_platform.wsgi" in dockerfile
    assert "celery -A ols_platform worker" in _command(services["worker"])
    assert "celery -A ols_platform beat" in _command(services["beat"])


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


def test_the_entrypoint_migrates_and_collects_static_files():
    script = (ROOT / "ols_platform" / "entrypoint.sh").read_text()
    assert "migrate --noinput" in script
    assert "collectstatic --noinput" in script
    assert script.rstrip().endswith('exec "$@"')
    assert os.access(ROOT / "ols_platform" / "entrypoint.sh", os.X_OK)


def test_the_image_is_python_311_slim_with_weasyprint_libraries_and_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-"):
        assert package in dockerfile
    assert "pip install -r requirements.lock" in dockerfile
    assert "\nUSER ols" in dockerfile
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
