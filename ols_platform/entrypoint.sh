#!/bin/sh
# Container entrypoint. The web service sets RUN_MIGRATIONS=1: before gunicorn starts it checks the production
# settings (`check --deploy`, any warning stops the start; DEPLOY_CHECK=0 skips it), applies the migrations and
# collects the static files (already in the image: only if missing, or when COLLECTSTATIC=1). The worker and beat
# start once web is healthy and skip this step.
set -eu

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
  if [ "${DEPLOY_CHECK:-1}" = "1" ]; then
    python manage.py check --deploy --fail-level WARNING
  fi
  python manage.py migrate --noinput
  if [ "${COLLECTSTATIC:-0}" = "1" ] || [ ! -f "${STATIC_ROOT:-/app/staticfiles}/staticfiles.json" ]; then
    python manage.py collectstatic --noinput --verbosity 0
  fi
fi

exec "$@"
