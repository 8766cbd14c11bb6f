# Two commands: `make run` sets up and runs the app; `make test` sets up and runs every check.
# Both are safe to run again (each step is skipped when already done).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
NPM_DIR := tests/conformance

.PHONY: run test setup setup-dev system-deps system-deps-test npm check lint typecheck pytest smoke bench screenshots clean

run: setup
	@mkdir -p var/staticfiles
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo ""
	@echo "  Schema Designer is at http://$(HOST):$(PORT)/  (the demo project: http://$(HOST):$(PORT)/p/demo/)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup-dev npm check pytest smoke

# --- set-up ------------------------------------------------------------------------------------

system-deps:
	@scripts/system-deps.sh run || echo "warning: diagrams need Graphviz's dot; install graphviz" >&2

system-deps-test:
	@scripts/system-deps.sh test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.runtime.stamp: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev.stamp: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime.stamp

setup: system-deps $(VENV)/.runtime.stamp

setup-dev: system-deps-test $(VENV)/.dev.stamp

$(NPM_DIR)/node_modules/.package-lock.json: $(NPM_DIR)/package-lock.json $(NPM_DIR)/package.json
	cd $(NPM_DIR) && npm ci --no-audit --no-fund --loglevel=error

npm: $(NPM_DIR)/node_modules/.package-lock.json

# --- checks ------------------------------------------------------------------------------------

check: lint typecheck
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-but-long-enough-to-pass \
		DJANGO_ALLOWED_HOSTS=designer.example.com $(PY) manage.py check --deploy --fail-level WARNING

lint:
	$(VENV)/bin/ruff check .

typecheck:
	$(VENV)/bin/mypy designer projects

pytest:
	$(PY) -m pytest

# The quick pass on the embedded SQLite default storage.
smoke:
	TEST_STORAGE=sqlite $(PY) -m pytest -m smoke -q

# Every benchmark, with its default sizes (several minutes; figures go in the issue notes).
bench: setup-dev npm
	$(PY) -m bench.exporters
	$(PY) -m bench.validate
	$(PY) -m bench.render
	$(PY) -m bench.importers
	$(PY) -m bench.page

# The README's screenshots (docs/images/ui-*.png), taken by the browser tests in Chromium.
screenshots: setup-dev
	UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/browser -q

clean:
	rm -rf $(VENV) var $(NPM_DIR)/node_modules .mypy_cache .ruff_cache .pytest_cache .hypothesis
