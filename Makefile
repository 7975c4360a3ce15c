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

# requirements-dev.txt includes requirements.txt (the runtime, all the production image installs).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned runtime and test requirements

CHROMIUM ?= /usr/bin/chromium

browser-deps: ## Debian's chromium for the browser tests (apt-get as root; without root: a loud warning)
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	warn() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!! %s\n!! The browser tests will NOT run (and fail where REQUIRE_BROWSER_TESTS=1).\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' "$$1" >&2; }; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else warn "$(CHROMIUM) is missing and installing Debian's chromium needs root (apt-get install chromium)."; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then warn "$(CHROMIUM) is missing and this is not a Debian system."; exit 0; fi; \
	echo "Installing Debian's chromium for the browser tests (apt-get)..."; \
	$$SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null \
	  || warn "apt-get could not install chromium."; \
	[ -x "$(CHROMIUM)" ] || warn "$(CHROMIUM) is still missing after apt-get."

run: install ## Migrate, seed, index and serve on 127.0.0.1:$(PORT) (SQLite by default)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_content
	$(PY) manage.py update_index
	$(PY) manage.py create_demo_admin
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# pytest's own exit codes pass through, so "no tests collected" (5) fails the target like any failure.
# No pytest-xdist: measured on the 2-core machine, `-n 2 --dist loadfile` spent 433 s of CPU against
# 265 s serially (each worker migrates and loads the seed again) and its busiest worker alone needed
# 248 s, so it cannot beat one process; `--dist load` splits module fixtures and was slower still.
PYTEST_ARGS ?=

# Tests against a live server (OAI harvests, the browser) run in a process of their own: they
# restore Django's post-migration snapshot, which clashes with rows other tests leave cached
# when they share one process. They share that second process (one migration, not two).
LIVE_TESTS := tests/test_oai_harvest.py tests/browser
LIVE_TESTS_IGNORED := $(foreach path,$(LIVE_TESTS),--ignore=$(path))

test: install browser-deps ## The whole suite incl. browser tests; with DATABASE_URL set, on that database (as test_<name>)
	$(PY) manage.py check --settings=exchange_platform.settings.test
	$(PY) manage.py makemigrations --check --dry-run --noinput --settings=exchange_platform.settings.test
	REQUIRE_BROWSER_TESTS=0 $(PY) -m pytest $(LIVE_TESTS_IGNORED) $(PYTEST_ARGS)
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest $(LIVE_TESTS) $(PYTEST_ARGS)

test-fast: install ## The suite without the live-server and browser tests
	$(PY) -m pytest $(LIVE_TESTS_IGNORED) $(PYTEST_ARGS)

bench: install ## Search benchmarks, SQLite 10k + PostgreSQL 100k resources (BENCH_* variables: docs/benchmarks.md)
	$(PY) -m benchmarks.search_bench

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

ci: lint test ## What .ci/run does for one database

clean: ## Remove the venv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles
