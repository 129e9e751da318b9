# demandlens — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE := data/sample/tickets.csv

.DEFAULT_GOAL := help
.PHONY: help install install-dev demo test test-fast lint notebooks screenshots bench clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.core
	$(BIN)/pip install --quiet torch==2.13.0   # CPU wheel; an unpinned torch pulls CUDA builds
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.core ## Create .venv and install demandlens
install-dev: $(VENV)/.dev ## Install demandlens with test, notebook and benchmark tools

demo: install ## Run the whole pipeline on the shipped sample export into runs/demo
	$(BIN)/demandlens run $(SAMPLE) --out runs/demo

test: install-dev ## Run the full test suite (unit, notebooks, browser)
	$(BIN)/python -m pytest

test-fast: install-dev ## Run the tests that are not marked slow
	$(BIN)/python -m pytest -m "not slow"

lint: install-dev ## Ruff lint
	$(BIN)/ruff check src tests benchmarks scripts

notebooks: install-dev ## Re-create notebooks/*.ipynb (outputs stripped) from their jupytext .py twins
	$(BIN)/jupytext --update --to ipynb notebooks/*.py

bench: install-dev ## Run every benchmark (writes benchmarks/results/)
	for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean: ## Remove runs, caches and the virtualenv
	rm -rf runs data/interim $(VENV) .pytest_cache
