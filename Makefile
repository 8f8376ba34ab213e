# The two commands a fresh clone needs: `make chat` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE_STAMP := $(VENV)/.installed-base
PLATFORMS_STAMP := $(VENV)/.installed-platforms
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: chat test dev install lint kb-check bench clean

chat: $(BASE_STAMP)
	@$(BIN)/advisor chat

install: $(PLATFORMS_STAMP)   ## the advisor with the Telegram, Slack and Redis extras (no test tools, no Redis server)

dev: $(DEV_STAMP)             ## everything `make test` uses, without running it

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

$(PLATFORMS_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[telegram,slack,redis]'
	@touch $@ $(BASE_STAMP)

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[dev,telegram,slack,redis]'
	@touch $@ $(BASE_STAMP) $(PLATFORMS_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
