# The README's two commands are `make run` and `make test`; `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install browser-deps run serve seed test test-fast bench lint format check ci clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned requirements

browser-deps: ## Install Debian's chromium for the browser tests when it is missing
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "!! chromium is missing and cannot be installed without root: browser tests will NOT run." >&2; exit 0; fi; \
	echo "Installing Debian's chromium for the browser tests…"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null \
	  || echo "!! apt-get could not install chromium: browser tests will NOT run." >&2

run: install ## Migrate, seed, index and serve on 127.0.0.1:$(PORT) (SQLite by default)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_content
	$(PY) manage.py update_index
	$(PY) manage.py create_demo_admin
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install browser-deps ## The whole suite (DATABASE_URL selects the database)
	$(PY) manage.py makemigrations --check --dry-run --noinput --settings=exchange_platform.settings.test
	$(PY) -m pytest

test-fast: install ## The suite without the browser tests
	$(PY) -m pytest -m "not browser"

bench: install ## Benchmarks (figures and ratios)
	$(PY) -m pytest benchmarks -q -s

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

ci: lint test ## What .ci/run does for one database

clean: ## Remove the venv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles
