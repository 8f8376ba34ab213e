# The two commands a fresh clone needs: `make chat` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE_STAMP := $(VENV)/.installed-base
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: chat test lint kb-check bench clean

chat: $(BASE_STAMP)
	@$(BIN)/advisor chat

test: $(DEV_STAMP)
	@bash scripts/ensure-redis.sh
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

kb-check: $(BASE_STAMP)
	$(BIN)/advisor kb check

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench_engine.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(BASE_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[dev,telegram,slack,redis]'
	@touch $@ $(BASE_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
