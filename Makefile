# The two set-up commands of the README:
#   make demo   runs the main job (a bulk update through the client, against the embedded emulator)
#   make test   runs the whole test suite (lint, spec lint, codegen drift gate, unit + contract tests)
# Both create .venv and node_modules on first use, from pinned versions.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: demo test setup lint spec-lint codegen codegen-check pytest bench mutation clean

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

demo: $(STAMP)
	$(VENV)/bin/zoho-records update --module Deals --file examples/deals.csv --report demo-report.csv

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check src tests contract_tests codegen bench
	$(VENV)/bin/mypy --strict src/zoho_records src/zoho_emulator

spec-lint: $(NODE_STAMP)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint openapi/dist/crm.openapi.yaml openapi/dist/bigin.openapi.yaml

codegen: $(STAMP)
	$(PY) -m codegen

codegen-check: $(STAMP)
	$(PY) -m codegen --check

pytest: $(STAMP)
	$(PY) -m pytest

test: setup lint spec-lint codegen-check pytest

bench: $(STAMP)
	$(PY) bench/codegen_timing.py
	$(PY) bench/emulator_throughput.py
	$(PY) bench/client_throughput.py

# Mutation testing of the modules where a missed bug costs users data (mutation/targets.toml);
# separate from `make test` and CI: about 15 minutes on the 2-core machine.
mutation: $(STAMP)
	$(PY) -m mutation

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
