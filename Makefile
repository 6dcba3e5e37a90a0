# presslate — every target works on a fresh clone: it creates the venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench conformance conformance-po clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/presslate translate
	$(BIN)/presslate status
	$(BIN)/presslate build
	@echo "Localized articles are in build/<lang>/ (compare build/es/2026/river-flood-warning.md, reviewed by hand, with the machine-translated ones)."

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/python -m compileall -q src tests

conformance: install
	$(BIN)/python tools/conformance_md.py

conformance-po: install
	$(BIN)/python tools/conformance_po.py

bench: install
	@echo "benchmarks arrive with the engines and scale issues"

clean:
	rm -rf $(VENV) build .pytest_cache
