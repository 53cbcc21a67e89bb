# Two commands on a fresh machine: `make reports` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
CORPUS ?= data/raw
SHOTS ?= /tmp/news-screenshots
SAMPLE_DIR ?= /tmp/news-samples
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(INSTALLED) ## Create .venv and install the package with its dependencies

reports: setup ## Set up if needed, then render every report for CORPUS into reports/
	$(PY) -m analysis render --corpus $(CORPUS)

test: setup ## Set up if needed, then lint (ruff) and run the whole test suite (one worker per core, a test file per worker)
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m pytest -n auto --dist loadfile

test-fast: setup ## Unit tests on inline data only, one worker per core: seconds, no notebooks, no shared corpus, no heavy tests
	$(PY) -m pytest tests/unit -m "not slow and not heavy" -n auto -q

lint: setup ## Check the code with ruff
	$(PY) -m ruff check analysis tests benchmarks

screenshots: setup ## Render the seeds and a 2,000-article sample of ../shared, screenshot every page (chromium), audit them
	$(PY) scripts/sample_corpus.py --n 2000 --out $(SAMPLE_DIR)
	$(PY) -m analysis render --out $(SHOTS)/runs/seed --cache $(SHOTS)/cache --no-progress
	$(PY) -m analysis render --corpus $(SAMPLE_DIR)/ukraine_war_news_2000.csv --out $(SHOTS)/runs/sample --cache $(SHOTS)/cache --no-progress
	$(PY) scripts/screenshots.py $(SHOTS)/runs/seed $(SHOTS)/runs/sample --out $(SHOTS)

benchmark: setup ## Run the benchmarks on the shared corpus (slow)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

lab: setup ## Start JupyterLab on the project (adds --allow-root when run as root)
	$(PY) -m jupyter lab --notebook-dir=. $(LAB_FLAGS)

clean: ## Remove the cache of intermediate results
	rm -rf data/interim

.PHONY: help setup reports test test-fast lint screenshots benchmark lab clean
