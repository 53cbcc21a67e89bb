# Two commands on a fresh machine: `make reports` and `make test` (see README.md).
# Both install the exact versions of uv.lock into .venv with uv (a fast installer from PyPI, itself pinned and
# installed into .tools/ by pip); `make lock` re-locks after a change of dependencies in pyproject.toml.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
TOOLS ?= .tools
UV_VERSION := 0.13.9
UV := $(TOOLS)/bin/uv
# uv uses this Python and never downloads one; .venv is the project's environment
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
CORPUS ?= data/raw
SHOTS ?= /tmp/news-screenshots
SAMPLE_DIR ?= /tmp/news-samples
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	@echo "== installing uv $(UV_VERSION), the installer, into $(TOOLS)/"
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --disable-pip-version-check --progress-bar off "uv==$(UV_VERSION)"

$(INSTALLED): uv.lock pyproject.toml | $(UV)
	@echo "== installing the locked versions of uv.lock into $(VENV)/"
	$(UV) sync --locked --extra test --python $(PYTHON)
	touch $@

setup: $(INSTALLED) ## Create .venv with the exact versions of uv.lock (installs uv into .tools/ first)

lock: | $(UV) ## Re-lock after changing dependencies in pyproject.toml: uv.lock, and the pins of environment.yml
	$(UV) lock --python $(PYTHON)
	$(PYTHON) scripts/lock_environment.py

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

.PHONY: help setup lock reports test test-fast lint screenshots benchmark lab clean
