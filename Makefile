# One target per thing a person does. Everything runs inside .venv, made on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site site-zensical check generate serve lint test test-clone test-all golden screenshots browser clean bench

site: $(VENV)/.site-installed        ## check, generate and build the whole site into site/
	$(PY) -m generator build

site-zensical: $(VENV)/.site-installed ## the same site built by Zensical, Material for MkDocs' successor
	$(PY) -m generator build --engine zensical

check: $(VENV)/.site-installed       ## validate evidence/ and checklists/ only
	$(PY) -m generator check

generate: $(VENV)/.site-installed    ## write the generated Markdown into docs/
	$(PY) -m generator generate

serve: $(VENV)/.site-installed       ## preview at http://127.0.0.1:8000; edits to evidence/ and checklists/ reload it
	$(PY) -m generator serve

# Tests, lint and their tools leave the checkout as they found it (pytest's own cache aside):
# no bytecode, no ruff or mypy cache, and the tests build in temporary copies.
lint test test-clone test-all golden: export PYTHONDONTWRITEBYTECODE = 1

# The suite runs in two processes, one test file each, so a file's fixtures are built once:
# `make test PYTEST_WORKERS=0` runs it in this process alone (plain pytest does too).
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadfile)

lint: $(VENV)/.test-installed        ## ruff check, ruff format --check and mypy (settings in pyproject.toml)
	$(PY) -m ruff check --no-cache .
	$(PY) -m ruff format --check --no-cache .
	$(PY) -m mypy --cache-dir=/dev/null generator

test: $(VENV)/.test-installed lint browser ## lint, then the test suite (browser tests included)
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-clone: $(VENV)/.test-installed ## the tests of the machine around the engine (marked 'clone'): a fresh venv install, the README's make commands on a clone
	$(PY) -m pytest -m clone $(PYTEST_ARGS)

test-all: $(VENV)/.test-installed lint browser ## the same as test, with the sweeps of every page and the 'clone' tests
	$(PY) -m pytest -m "" $(PYTEST_PARALLEL) $(PYTEST_ARGS)

golden: $(VENV)/.test-installed      ## after an intended change: rewrite the golden files and the README's CLI reference
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_render.py tests/test_facts.py -k "golden or command_line_reference"

screenshots: site                    ## pages and menu at desktop and phone widths, into test-artifacts/screenshots/
	$(PY) benchmarks/screenshots.py site test-artifacts/screenshots

bench: $(VENV)/.site-installed       ## time the generator against a bare MkDocs build, real content and x10, x100 (see benchmarks/README.md)
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

# Debian's Chromium for the browser tests: installed when missing and we are root with apt-get.
# Elsewhere the browser tests skip with one line saying how to install it (in CI they fail).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt-get)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium not found: browser tests will be skipped (as root: apt-get install chromium)."; \
	  fi; \
	fi

clean: $(VENV)/.site-installed      ## remove the built site and generated pages (only files the generator made)
	$(PY) -m generator clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The pinned set, then the engine itself, editable (hatchling writes nothing into the checkout):
# that registers the MkDocs plugin `evidence-guide` that mkdocs.yml names, and the console
# command `evidence-guide`.
$(VENV)/.site-installed: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements-test.txt requirements.txt $(VENV)/.site-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@
