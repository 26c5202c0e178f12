# Case Review Learning – the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run setup test lint format check bench bench-small clean

help:
	@echo "make run    set up everything (venv, database, fixtures, demo accounts) and serve on :$(PORT)"
	@echo "make test   install dev dependencies and run the whole suite"
	@echo "make lint   ruff check + format check + import layers;  make check  Django checks + migration check"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall when pyproject.toml changes.
$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.runtime

# Local settings for the commands in the README (git-ignored; never overwritten once written).
.env:
	@printf '%s\n' '# Local development settings written by `make run` (git-ignored).' \
	  '# Settings read this file; variables set in the environment win over it.' \
	  'DJANGO_DEBUG=1' > $@
	@echo "Wrote .env (DJANGO_DEBUG=1) for local commands."

setup: export DJANGO_DEBUG = 1
setup: $(VENV)/.runtime .env
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_fixtures
	$(BIN)/python manage.py create_demo_accounts

run: export DJANGO_DEBUG = 1
run: setup
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: export DJANGO_SECRET_KEY ?= check-only-secret
check: $(VENV)/.runtime
	@mkdir -p var
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# National scale (docs/performance.md): PostgreSQL at 1,500 and 150,000 findings, gunicorn with
# 2 workers, 8 concurrent clients. BENCH_PG=postgres://user:pass@host:port (a role that may create
# databases); BENCH_ARGS="--fresh" regenerates the databases.
bench: $(VENV)/.dev
	$(BIN)/python scripts/bench_scale.py $(BENCH_ARGS)

bench-small: $(VENV)/.dev
	$(BIN)/python scripts/bench_browse.py
	$(BIN)/python scripts/bench_tracker.py

clean:
	rm -rf $(VENV) var *.egg-info
