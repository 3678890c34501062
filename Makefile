# The two set-up commands of the README:
#   make demo   runs the main job (a bulk update through the client, against the embedded emulator)
#   make test   runs the whole test suite (lint, spec lint, codegen drift gate, unit + contract tests)
# Both create .venv and node_modules on first use, from pinned versions.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: demo test setup system-tools lint spec-lint docs codegen codegen-check twins twins-check pytest bench mutation clean

setup: $(STAMP) $(NODE_STAMP) system-tools

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

# Debian packages the tests need beyond Python and Node: java (openapi-generator's jar, for the
# TypeScript clients of tests/other_languages) and chromium (tests/spec/test_docs.py opens the
# HTML reference headless). Installed with apt-get when missing and running as root; otherwise
# say what to install (those tests then fail, naming the missing tool).
system-tools:
	@missing=""; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages:$$missing (run: sudo apt-get install$$missing)" >&2; \
	  fi; \
	fi

demo: $(STAMP)
	$(VENV)/bin/zoho-records update --module Deals --file examples/deals.csv --report demo-report.csv

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check src tests contract_tests codegen bench
	$(VENV)/bin/mypy --strict src/zoho_records src/zoho_emulator

spec-lint: $(NODE_STAMP)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint openapi/dist/crm.openapi.yaml openapi/dist/bigin.openapi.yaml

# The HTML reference of both bundles (Redocly build-docs), self-contained (--inlineBundle: no
# script from a CDN, so it opens offline), into $(DOCS_DIR) (git-ignored build/docs by default).
DOCS_DIR ?= build/docs
docs: $(NODE_STAMP)
	for p in crm bigin; do \
	  REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly build-docs \
	    openapi/dist/$$p.openapi.yaml --inlineBundle \
	    -o $(DOCS_DIR)/$$p.html || exit 1; \
	done

codegen: $(STAMP)
	$(PY) -m codegen

codegen-check: $(STAMP)
	$(PY) -m codegen --check

# The sync twins (src/zoho_records/_sync/) are generated from the async source (_async/).
twins: $(STAMP)
	$(PY) -m codegen.unasync

twins-check: $(STAMP)
	$(PY) -m codegen.unasync --check

# One pytest worker per core (at most 4), each test file kept on one worker (--dist loadfile:
# a file's module and session fixtures, e.g. the contract reports, are built once). Plain
# `pytest` (no -n) runs serially, as before. PYTEST_WORKERS=0 runs `make test` serially.
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ "$$n" -gt 4 ] && n=4; echo $$n)

pytest: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile

test: setup lint spec-lint codegen-check twins-check pytest

bench: $(STAMP)
	$(PY) bench/codegen_timing.py
	$(PY) bench/emulator_throughput.py
	$(PY) bench/client_throughput.py
	$(PY) bench/export_throughput.py

# Mutation testing of the modules where a missed bug costs users data (mutation/targets.toml);
# separate from `make test` and CI: about 12 minutes for every target on the 2-core machine
# alone, 14-16 under load (2026-12-05, README "Development"); one target:
# python -m mutation --module NAME.
mutation: $(STAMP)
	$(PY) -m mutation

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache build/docs
