# One target per thing a person does. Everything runs inside .venv, made on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site check generate serve test clean

site: $(VENV)/.site-installed        ## check, generate and build the whole site into site/
	$(PY) -m generator build

check: $(VENV)/.site-installed       ## validate evidence/ and checklists/ only
	$(PY) -m generator check

generate: $(VENV)/.site-installed    ## write the generated Markdown into docs/
	$(PY) -m generator generate

serve: generate                      ## preview at http://127.0.0.1:8000 (re-run generate after editing YAML)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve

test: $(VENV)/.test-installed        ## run the whole test suite
	$(PY) -m pytest

clean:                               ## remove the built site and generated pages
	rm -rf site docs/themes docs/roles docs/references docs/report

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt requirements.txt $(VENV)/.site-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@
