# Alliances: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= 1
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/alliances_bench

.DEFAULT_GOAL := help
.PHONY: help backup restore install system-packages browser-packages worker run test lint format messages compilemessages migrate demo superuser clean bench bench-directory bench-impact bench-matching bench-load eval-matching

help:
	@echo "make run        set up everything and serve the demo on http://127.0.0.1:$(PORT)"
	@echo "make test       set up what is missing and run the whole test suite"
	@echo "make install    virtual environment, locked dependencies, .env, translations"
	@echo "make worker     run background tasks (with TASKS_BACKEND=database)"
	@echo "make lint       ruff checks"
	@echo "make messages   refresh the translation catalogues (needs GNU gettext)"
	@echo "make superuser  create a platform administrator"
	@echo "make backup     database and uploaded files to var/backups/ (make restore ARCHIVE=…)"
	@echo "make eval-matching  precision and recall of partner suggestions on a planted set"
	@echo "make bench      every benchmark (SCALE=0.1 for a smaller run), on BENCH_DATABASE_URL"
	@echo "make bench-load 100 simulated users on the production set-up, p50/p95/p99 per page"

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

.env:
	$(PY) -c "import secrets, pathlib; \
text = pathlib.Path('.env.example').read_text(); \
text = text.replace('SECRET_KEY=\n', 'SECRET_KEY=' + secrets.token_urlsafe(50) + '\n', 1); \
pathlib.Path('.env').write_text(text)"

compilemessages: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -D django -d locale 2>&1 | grep -v '^compiling' || true
	@test -f locale/fr/LC_MESSAGES/django.mo

install: $(VENV)/.installed .env compilemessages system-packages

# WeasyPrint's system libraries (Pango, HarfBuzz, fonts): installed with apt-get when running as
# root, otherwise named. Without them everything works but PDF export, which says so.
system-packages:
	-@bash scripts/system_packages.sh

# For the browser journeys only: Debian's Chromium (apt-get, as root) and axe-core (npm registry,
# checked, under var/vendor/). Without them the journeys skip, except in CI where they fail.
browser-packages:
	-@bash scripts/browser_packages.sh

# The background worker, when TASKS_BACKEND=database (production).
worker: migrate
	$(PY) manage.py db_worker

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install browser-packages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

backup: install
	$(PY) manage.py backup

restore: install
	$(PY) manage.py restore $(ARCHIVE)

messages: install
	$(PY) manage.py makemessages --locale fr --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete

bench: bench-directory bench-impact bench-matching bench-load

bench-directory: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m benchmarks.directory --scale $(SCALE)

bench-impact: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m benchmarks.impact --scale $(SCALE)

bench-matching: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m benchmarks.matching --scale $(SCALE)

bench-load: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m benchmarks.load --scale $(SCALE) $(if $(THINK),--think $(THINK))

# Precision and recall of partner suggestions on a planted directory (no database needed).
eval-matching: install
	$(PY) -m benchmarks.matching_eval

superuser: migrate
	$(PY) manage.py createsuperuser

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
