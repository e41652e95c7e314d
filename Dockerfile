# Production image of the OLS platform: gunicorn (web), Celery worker and beat share it.
# Build: docker compose build · Run: see docs/deploy.md

# --- translations: compile .po files without keeping gettext in the final image ---------------------------------
FROM python:3.11-slim AS messages
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY locale/ locale/
RUN find locale -name '*.po' -exec sh -c 'msgfmt --check-format -o "${1%.po}.mo" "$1"' _ {} \;

# --- the application ------------------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ols_platform.settings \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

# What WeasyPrint needs at run time (Pango, HarfBuzz subsetting, fonts); no compiler: every dependency is a wheel.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 ols \
    && useradd --system --uid 1000 --gid ols --home-dir /app --shell /usr/sbin/nologin ols

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock

COPY --chown=ols:ols . .
COPY --from=messages --chown=ols:ols /src/locale/ locale/
RUN mkdir -p /app/staticfiles /app/media \
    && chown ols:ols /app/staticfiles /app/media \
    && chmod +x /app/ols_platform/entrypoint.sh

USER ols
# Static files are collected (hashed and compressed, about a minute of CPU) once, into the image; the entrypoint
# collects again only when they are missing (STATIC_ROOT on a fresh volume) or when COLLECTSTATIC=1.
RUN python manage.py collectstatic --noinput --verbosity 0
EXPOSE 8000
ENTRYPOINT ["/app/ols_platform/entrypoint.sh"]
# Workers: WEB_CONCURRENCY (gunicorn reads it); trusted proxies: FORWARDED_ALLOW_IPS. Both come from .env.
CMD ["gunicorn", "ols_platform.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", \
     "--timeout", "60", "--max-requests", "1000", "--max-requests-jitter", "100", "--worker-tmp-dir", "/dev/shm"]
