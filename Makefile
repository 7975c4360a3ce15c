# The README's two commands are `make run` and `make test`; `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install system-deps browser-deps messages compilemessages run serve seed test test-fast bench lint format check ci clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

# requirements-dev.txt includes requirements.txt (the runtime, all the production image installs).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned runtime and test requirements

# Debian packages, installed with apt-get as root (or password-less sudo). Without root, or off
# Debian, a loud warning says what will not work, and the target carries on.
# $(call apt_install,PACKAGES,SHELL TEST THAT THEY ARE PRESENT,WHAT FAILS WITHOUT THEM)
define apt_install
	@if $(2); then exit 0; fi; \
	warn() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!! %s\n!! %s\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' "$$1" "$(3)" >&2; }; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else warn "Debian's $(1) is missing and installing it needs root (apt-get install $(1))."; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then warn "$(1) is missing and this is not a Debian system."; exit 0; fi; \
	echo "Installing Debian's $(1) (apt-get)..."; \
	$$SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null \
	  || warn "apt-get could not install $(1)."; \
	$(2) || warn "$(1) is still missing after apt-get."
endef

system-deps: ## GNU gettext, which compiles the interface translations (apt-get as root; without root: a loud warning)
	$(call apt_install,gettext,command -v msgfmt >/dev/null 2>&1,Without msgfmt the translations in locale/ are not compiled: the site shows English everywhere.)

CHROMIUM ?= /usr/bin/chromium
# Debian's fonts-noto-cjk, so Chinese pages show their glyphs in the browser tests' screenshots.
CJK_FONT ?= /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# Debian's fonts-noto-core, so Arabic is drawn with Noto Naskh/Sans Arabic (site.css) rather than DejaVu.
ARABIC_FONT ?= /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf

browser-deps: ## Debian's chromium and Chinese and Arabic fonts for the browser tests (apt-get as root; without root: a loud warning)
	$(call apt_install,chromium,[ -x "$(CHROMIUM)" ],The browser tests will NOT run (and fail where REQUIRE_BROWSER_TESTS=1).)
	$(call apt_install,fonts-noto-cjk,[ -e "$(CJK_FONT)" ],Chinese text shows as empty boxes in the screenshots of the browser tests.)
	$(call apt_install,fonts-noto-core,[ -e "$(ARABIC_FONT)" ],Arabic falls back to a poorer font in the screenshots of the browser tests.)

# The interface catalogues (docs/translation.md). tests/i18n_checks.py reads MAKEMESSAGES_OPTIONS
# from here, so the catalogue test extracts exactly what `make messages` does. Locations name
# the file only (no line numbers): translators see where a message is used, and editing a
# template does not rewrite every catalogue.
LOCALES := fr es ar zh_Hans ru
NOT_SOURCE := .venv tests benchmarks staticfiles node_modules
MAKEMESSAGES_OPTIONS := --add-location=file --ignore=.venv --ignore=tests --ignore=benchmarks --ignore=staticfiles --ignore=node_modules

messages: install system-deps ## Update locale/*/LC_MESSAGES/django.po and djangojs.po from the code (makemessages)
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) -d django $(MAKEMESSAGES_OPTIONS)
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) -d djangojs $(MAKEMESSAGES_OPTIONS)

compilemessages: install system-deps ## Compile locale/ into the .mo files the site reads (not committed)
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages -v 0 $(addprefix -l ,$(LOCALES)) $(addprefix --ignore=,$(NOT_SOURCE)); \
	else echo "!! msgfmt is missing: locale/ is not compiled, the interface stays English." >&2; fi

run: install compilemessages ## Migrate, seed, index what is missing or stale, serve on 127.0.0.1:$(PORT) (SQLite by default)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_content
	$(PY) manage.py update_index --changed
	$(PY) manage.py create_demo_admin --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# pytest's own exit codes pass through, so "no tests collected" (5) fails the target like any failure.
# No pytest-xdist: measured on the 2-core machine, `-n 2 --dist loadfile` spent 433 s of CPU against
# 265 s serially (each worker migrates and loads the seed again) and its busiest worker alone needed
# 248 s, so it cannot beat one process; `--dist load` splits module fixtures and was slower still.
PYTEST_ARGS ?=

# Tests against a live server (OAI and InforMEA harvests, the browser) run in a process of their own: they
# restore Django's post-migration snapshot, which clashes with rows other tests leave cached
# when they share one process. They share that second process (one migration, not two).
LIVE_TESTS := tests/test_oai_harvest.py tests/test_informea_harvest.py tests/browser
LIVE_TESTS_IGNORED := $(foreach path,$(LIVE_TESTS),--ignore=$(path))

# On PostgreSQL the live-server process runs beside the main one, on a test database of its own
# (test_<name>_live): the main process spends much of its time waiting for the server, and the
# two seed loads (one per process) no longer follow each other. On SQLite they run one after the
# other, as measured fastest there. Its output is printed whole when both have ended.
test: install browser-deps compilemessages ## The whole suite incl. browser tests; with DATABASE_URL set, on that database (as test_<name>)
	$(PY) manage.py check --settings=exchange_platform.settings.test
	$(PY) manage.py makemigrations --check --dry-run --noinput --settings=exchange_platform.settings.test
	@if [ -z "$$DATABASE_URL" ]; then \
	  set -e; \
	  REQUIRE_BROWSER_TESTS=0 $(PY) -m pytest $(LIVE_TESTS_IGNORED) $(PYTEST_ARGS); \
	  CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest $(LIVE_TESTS) $(PYTEST_ARGS); \
	else \
	  log=$$(mktemp); status=0; \
	  DATABASE_URL="$${DATABASE_URL%%\?*}_live" CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest $(LIVE_TESTS) $(PYTEST_ARGS) >"$$log" 2>&1 & live=$$!; \
	  REQUIRE_BROWSER_TESTS=0 $(PY) -m pytest $(LIVE_TESTS_IGNORED) $(PYTEST_ARGS) || status=$$?; \
	  wait $$live || status=$$?; \
	  echo "=== live-server and browser tests (test database *_live) ==="; cat "$$log"; rm -f "$$log"; \
	  exit $$status; \
	fi

test-fast: install compilemessages ## The suite without the live-server and browser tests
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

clean: ## Remove the venv, the SQLite database, collected files and compiled translations
	rm -rf $(VENV) db.sqlite3 staticfiles
	find locale -name '*.mo' -delete
