# The commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# uv from PATH, else as a module of the machine's Python (pip-installed on first use).
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
GOVUK := node_modules/govuk-frontend/dist/govuk
BUILD := assets/build
CSS := $(BUILD)/css/coappoint.css
PO_FILES := $(wildcard src/coappoint/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run links test lint format bench ci clean browsers messages

install: $(VENV)/.synced node_modules/.installed $(CSS) $(BUILD)/.copied $(MO_FILES) $(BUILD)/jsi18n/.built

$(VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): node_modules/.installed $(wildcard assets/scss/*.scss)
	mkdir -p $(dir $@)
	npx sass --pkg-importer=node --style=compressed --no-source-map assets/scss/coappoint.scss $@

# Scripts are minified (esbuild) for a phone on poor signal (issue 20), each file on its own, its
# imports kept; GOV.UK Frontend's scripts are bundled down to the components pages use
# (assets/govuk/govuk-frontend.js), under GOV.UK Frontend's own name, which the scripts import;
# a component only a page or two use has a bundle of its own there (file-upload.js).
ESBUILD := npx esbuild --log-level=warning
$(BUILD)/.copied: node_modules/.installed $(wildcard assets/js/*.js) $(wildcard assets/govuk/*.js)
	mkdir -p $(BUILD)/js $(BUILD)/govuk
	cp -R $(GOVUK)/assets $(BUILD)/govuk/
	rm -rf $(BUILD)/govuk/assets/fonts
	$(ESBUILD) assets/govuk/*.js --bundle --format=esm --minify --outdir=$(BUILD)/govuk --out-extension:.js=.min.js
	$(ESBUILD) assets/js/*.js --minify --outdir=$(BUILD)/js
	cp node_modules/htmx.org/dist/htmx.min.js $(BUILD)/js/
	touch $@

# Catalogues are compiled in the build; gettext's msgfmt comes from Debian when missing.
%.mo: %.po
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	msgfmt --check -o $@ $<

# Each language's JavaScript catalogue as a static file (coappoint.web.javascript_catalogues),
# from the compiled catalogues, so collectstatic versions and compresses it. Every settings
# module gives the same files (languages, formats and locale paths are base's): the development
# one needs no secret or database, on a build machine too.
$(BUILD)/jsi18n/.built: $(VENV)/.synced $(MO_FILES) src/coappoint/web/javascript_catalogues.py
	DJANGO_SETTINGS_MODULE=coappoint.settings.development $(BIN)/coappoint manage javascript_catalogues >/dev/null
	touch $@

messages: $(VENV)/.synced
	cd src/coappoint && ../../$(BIN)/django-admin makemessages --settings=coappoint.settings.development --pythonpath=.. -l cy -l ar --no-obsolete --ignore='*/migrations/*'
	$(BIN)/django-admin makemessages -d djangojs --settings=coappoint.settings.development -l cy -l ar --no-obsolete --ignore='node_modules/*' --ignore='.venv/*' --ignore='assets/build/*' --ignore='static_build/*' --ignore='src/*'
	@# msgmerge's fuzzy guesses are often wrong (and never compiled): empty them for a translator.
	for po in src/coappoint/locale/*/LC_MESSAGES/*.po; do msgattrib --clear-fuzzy --empty -o $$po $$po; done

run: install
	mkdir -p var
	$(BIN)/coappoint manage migrate --no-input
	@# One housekeeping run, so /health/ has one to report; on a server a daily timer runs it.
	$(BIN)/coappoint housekeeping >/dev/null
	$(BIN)/coappoint demo
	@echo
	@$(BIN)/coappoint demo --links --format text
	@echo
	@echo "Serving on http://$(HOST):$(PORT)/ with the task worker beside it  (Ctrl+C stops both)"
	$(BIN)/python scripts/run_with_worker.py --host $(HOST) --port $(PORT)

links: install
	$(BIN)/coappoint demo --links --format text

# Debian's Chromium for the browser tests (Playwright never downloads a browser here), and
# poppler-utils, whose pdftotext and pdfinfo the tests read every PDF with.
browsers:
	@test -x /usr/bin/chromium -a -x /usr/bin/pdftotext || (apt-get update -qq && apt-get install -y -qq chromium fonts-liberation poppler-utils)

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src tests scripts
	$(BIN)/lint-imports

format: $(VENV)/.synced
	$(BIN)/ruff check --fix src tests bench scripts
	$(BIN)/ruff format src tests bench scripts

test: install browsers lint
	$(BIN)/pytest -n auto

# bench/load drives Debian's wrk; bench/load and bench/faults start their own throwaway PostgreSQL.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@set -e; for script in bench/*/run.py; do echo "== $$script"; $(BIN)/python $$script; done

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) node_modules $(BUILD) static_build .pytest_cache .mypy_cache .ruff_cache
