# The README's commands. Only Python 3.11 is needed; everything else is installed here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint bench load migrate demo worker chromium wrk pango clean messages fuzz

$(PY):
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version" || { echo "Python 3.11 est requis."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements.lock $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install pango
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py load_governance_demo
	DEBUG=1 $(PY) manage.py load_mandates_demo
	DEBUG=1 $(PY) manage.py load_reporting_demo
	DEBUG=1 $(PY) manage.py load_aviq_demo

run: demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/celery -A ols_platform worker --loglevel=info --concurrency=2

# Debian's chromium drives the browser tests; install it when we can (root + apt), else the tests say how.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installation de chromium (Debian) pour les tests navigateur…"; \
		(apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || true; \
	fi

# WeasyPrint (the PDFs) needs Pango and HarfBuzz's subsetter; the fonts are in static/pdf/fonts. Installed like chromium.
pango: install
	@if ! $(PY) -c "import weasyprint" >/dev/null 2>&1 && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installation de Pango (Debian) pour les PDF…"; \
		(apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null)) || true; \
	fi
	@$(PY) -c "import weasyprint" >/dev/null 2>&1 || echo "Pango manque : les PDF ne seront pas produits. Installez libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (Debian/Ubuntu) ou pango (macOS : brew install pango)."

# Debian's wrk drives `make load` (and its short pass in `make test`); installed like chromium.
wrk:
	@if ! command -v wrk >/dev/null 2>&1 && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installation de wrk (Debian) pour la mesure de charge…"; \
		(apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)) || true; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: install-dev chromium wrk pango
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --settings=ols_platform.settings_test
	$(BIN)/pytest $(PYTEST_ARGS)

# schemathesis over the whole API schema (--checks all), against a live server on a fresh SQLite database with the
# demo data, as the demo coordinator, AVIQ reviewer and admin; FUZZ_ARGS e.g. "--max-examples 50 --actors admin".
# `make test` runs a short bounded pass of it (tests/fuzz/test_fuzz.py).
fuzz: install-dev
	$(PY) -m tests.fuzz $(FUZZ_ARGS)

bench: install-dev
	$(PY) -m tests.perf.bench
	$(PY) -m tests.perf.bench_pdf

# The main pages under load (gunicorn, DEBUG=0, PostgreSQL at LOAD_DATABASE_URL — dropped and recreated — wrk at
# 20 connections); writes the table in docs/benchmarks.md. LOAD_ARGS e.g. "--seconds 10"; see tests/perf/load.py.
load: install-dev wrk
	$(PY) -m tests.perf.load $(LOAD_ARGS)

messages: install-dev
	cd $(CURDIR) && $(PY) manage.py makemessages -l en --no-obsolete -i ".venv/*" && $(PY) manage.py french_plurals && $(PY) manage.py compilemessages -l en -l fr

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .test-media
