# presslate — every target works on a fresh clone: it creates the venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install apertium demo test lint docs bench eval eval-rules conformance conformance-po clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,eval,dask,docs]'
	touch $(STAMP)

# articles/2026/night-market-opens.md has no committed catalogs: every run machine-translates it afresh.
demo: install apertium
	$(BIN)/python tools/demo_reset.py
	@echo "--- before: the new article has no catalogs yet"
	$(BIN)/presslate status
	@if command -v apertium >/dev/null && apertium -l 2>/dev/null | grep -qw eng-spa; then \
		$(BIN)/presslate translate; \
	else \
		echo "note: Apertium eng-spa is not installed, so Spanish is pseudo-localized in this run (sudo apt-get install apertium apertium-eng-spa)"; \
		$(BIN)/presslate translate --engine pseudo; \
	fi
	@echo "--- after: its segments are machine translations (fuzzy), waiting for review"
	$(BIN)/presslate status
	$(BIN)/presslate build
	$(BIN)/presslate publish
	@echo "--- the Spanish machine translation of the new article: build/es/2026/night-market-opens.md"
	@sed -n '1,14p' build/es/2026/night-market-opens.md
	@echo "Localized articles are in build/<lang>/ and the site in site/ (open site/index.html)."
	@echo "build/es/2026/river-flood-warning.md was reviewed by hand; the others are machine translations."

# Spanish machine translation in the example project comes from Apertium (Debian packages).
apertium:
	@if command -v apertium >/dev/null && apertium -l 2>/dev/null | grep -qw eng-spa; then \
		echo "engine: Apertium eng-spa is installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "engine: installing Apertium eng-spa with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apertium apertium-eng-spa >/dev/null; \
	else \
		echo "engine: Apertium not installed (sudo apt-get install apertium apertium-eng-spa); the committed translations still build"; \
	fi

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests tools bench

# The documentation in docs/ as a site in build/docs/; --strict: a broken link or anchor fails.
docs: install
	$(BIN)/mkdocs build --strict

# presslate's pipeline vs the raw engine on ../shared/corpus/dev en/es pairs (chrF, BLEU, markup kept).
# Settings to try: make eval EVAL_ARGS='--set project.segmentation=paragraph'
eval: install
	@$(MAKE) --no-print-directory apertium
	$(BIN)/python tools/eval_dev.py $(EVAL_ARGS)

conformance: install
	$(BIN)/python tools/conformance_md.py
	$(BIN)/python tools/conformance_html.py

conformance-po: install
	$(BIN)/python tools/conformance_po.py

bench: install
	@$(MAKE) --no-print-directory apertium
	$(BIN)/python bench/peers.py --install
	$(BIN)/python bench/run.py --json bench-results.json $(BENCH_ARGS)
	$(BIN)/python bench/bench_po.py

# presslate eval of every MT repair rule, heading style and name protection (skips without ../shared).
eval-rules: install
	@$(MAKE) --no-print-directory apertium
	$(BIN)/python tools/eval_rules.py

clean:
	rm -rf $(VENV) build .pytest_cache
