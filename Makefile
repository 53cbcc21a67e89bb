# Two commands on a fresh machine: `make reports` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
CORPUS ?= data/raw
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

test: setup ## Set up if needed, then lint (ruff) and run the whole test suite
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m pytest

test-fast: setup ## Unit tests on inline data only: seconds, no notebooks, no shared corpus
	$(PY) -m pytest tests/unit -m "not slow"

lint: setup ## Check the code with ruff
	$(PY) -m ruff check analysis tests benchmarks

benchmark: setup ## Run the benchmarks on the shared corpus (slow)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

lab: setup ## Start JupyterLab on the project (adds --allow-root when run as root)
	$(PY) -m jupyter lab --notebook-dir=. $(LAB_FLAGS)

clean: ## Remove the cache of intermediate results
	rm -rf data/interim

.PHONY: help setup reports test test-fast lint benchmark lab clean
