"""Container health check for the web service: `python -m ols_platform.healthcheck` (exit 0 when healthy).

Calls /healthz on the local gunicorn the way the reverse proxy would: with a Host from ALLOWED_HOSTS (else Django
answers 400) and `X-Forwarded-Proto: https` (else SECURE_SSL_REDIRECT answers 301). Standard library only.
"""

import os
import sys
import urllib.request

URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def host_header(allowed_hosts: str) -> str:
    """The first usable host of an ALLOWED_HOSTS value (".ols.example" → "ols.example", "*" → "localhost")."""
    for host in (h.strip() for h in allowed_hosts.split(",")):
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    request = urllib.request.Request(  # noqa: S310 - a fixed local http URL
        URL, headers={"Host": host_header(os.environ.get("ALLOWED_HOSTS", "")), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except OSError as exc:
        print(f"healthz: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
