"""`make fuzz`: schemathesis over the whole OpenAPI schema, against a live server, as three actors.

A fresh SQLite database in a temporary folder gets the migrations and the demo data; the demo's coordinator, AVIQ
reviewer and platform admin (the last two enrolled in TOTP, as the platform requires of them) each get an API token;
`manage.py runserver` serves the platform with `DEBUG=0` (errors answered as in production); then
`schemathesis run --checks all` runs once per actor (configuration beside this file: `schemathesis.toml`). Any server
error or schema violation fails the run.

    python -m tests.fuzz                      # the full pass (make fuzz)
    python -m tests.fuzz --max-examples 3 --max-time 60 --actors coordinator   # a short, bounded pass
"""

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
DEMO_DOMAIN = "demo.ols.example"
DEMO_CONSORTIUM = "OLS des Hautes Plaines et Vallées"
ACTORS = {
    "coordinator": f"coordination@{DEMO_DOMAIN}",
    "reviewer": f"aviq@{DEMO_DOMAIN}",
    "admin": f"admin@{DEMO_DOMAIN}",
}
# Reviewers and admins must have enrolled TOTP before their tokens work: enrol them, as a real one would.
ENROL_TOTP = """
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from consortia.models import User

for email in {emails!r}:
    user = User.objects.get(email=email)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
"""


def schemathesis_executable() -> str | None:
    """schemathesis beside this interpreter (the project's venv), else on the PATH."""
    beside = Path(sys.executable).with_name("schemathesis")
    return str(beside) if beside.exists() else shutil.which("schemathesis")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(workdir: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "ols_platform.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'fuzz.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONUNBUFFERED": "1",
    }


def _manage(env, *args, capture=False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return (result.stdout or "").strip()


def prepare(env, actors) -> dict:
    """Migrate, load the demo, enrol TOTP where the platform requires it; return {actor: token}."""
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo", "--allow-demo-passwords")
    bound = [ACTORS[actor] for actor in actors if actor != "coordinator"]
    if bound:
        _manage(env, "shell", "-c", ENROL_TOTP.format(emails=bound))
    consortium = _manage(
        env,
        "shell",
        "-c",
        f"from consortia.models import Consortium; print(Consortium.objects.get(name={DEMO_CONSORTIUM!r}).pk)",
        capture=True,
    )
    env["OLS_FUZZ_CONSORTIUM_ID"] = consortium.splitlines()[-1]
    return {actor: _manage(env, "api_token", ACTORS[actor], capture=True).splitlines()[-1] for actor in actors}


def _config(workdir: Path, consortium_id: str) -> Path:
    """schemathesis.toml, with every consortium-scoped operation on the demo consortium (an integer, as the schema
    says: a string there would be a schema-violating request)."""
    path = workdir / "schemathesis.toml"
    parameters = f'\n[parameters]\n"path.consortium_id" = {int(consortium_id)}\n'
    path.write_text(CONFIG.read_text() + parameters)
    return path


def _wait_until_up(base: str, server, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped before answering")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 (our own local server)
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer on {base} within {seconds} s")


def fuzz(actors=tuple(ACTORS), max_examples=None, max_time=None, workers="1", extra=()) -> int:
    """Run the whole pass; 0 when every actor's run is clean."""
    executable = schemathesis_executable()
    if executable is None:
        print("schemathesis n'est pas installé (make install-dev).", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="ols-fuzz-"))
    env = _environment(workdir)
    server = log = None
    clean = False
    try:
        tokens = prepare(env, actors)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = (workdir / "server.log").open("w")
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_up(base, server)
        failed = []
        for actor in actors:
            print(f"\n=== schemathesis as {actor} ({ACTORS[actor]}) ===", flush=True)
            command = [
                executable,
                "--config-file",
                str(_config(workdir, env["OLS_FUZZ_CONSORTIUM_ID"])),
                "run",
                f"{base}/api/schema/",
                "--checks",
                "all",
                "--header",
                f"Authorization: Token {tokens[actor]}",
                "--workers",
                str(workers),
                *(["--max-examples", str(max_examples)] if max_examples else []),
                *(["--max-time", str(max_time)] if max_time else []),
                *extra,
            ]
            if subprocess.run(command, cwd=workdir, env=env).returncode != 0:  # noqa: S603
                failed.append(actor)
        if failed:
            print(f"\nschemathesis a trouvé des erreurs pour : {', '.join(failed)}.", file=sys.stderr)
            print(f"Journal du serveur : {workdir / 'server.log'}", file=sys.stderr)
            return 1
        clean = True
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if log is not None:
            log.close()
        if clean:  # else keep the server's log and database to look at
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", default=",".join(ACTORS), help="coordinator,reviewer,admin (default: all three)")
    parser.add_argument("--max-examples", type=int, help="test cases per operation (schemathesis -n)")
    parser.add_argument("--max-time", type=int, help="time budget of each actor's run, in seconds")
    parser.add_argument("--workers", default="1")
    args, extra = parser.parse_known_args(argv)
    actors = tuple(actor.strip() for actor in args.actors.split(",") if actor.strip())
    unknown = set(actors) - set(ACTORS)
    if unknown:
        parser.error(f"unknown actors: {sorted(unknown)}")
    return fuzz(actors, args.max_examples, args.max_time, args.workers, tuple(extra))
