# The two commands the README promises: `make demo` and `make test`.
# Every install step lives here so a fresh clone (and CI) needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test

.PHONY: demo test lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/python -m multiassist demo

lint: $(STAMP)
	$(BIN)/ruff check multiassist tests

typecheck: $(STAMP)
	$(BIN)/mypy

# azure-ai-projects 1.0.0b10 (the hub-era beta) cannot share the venv with the GA
# azure-ai-projects of the test extra: it goes into its own folder, without dependencies
# (azure-core, isodate, typing-extensions come from the venv), and the compat harness puts
# that folder first on PYTHONPATH of the subprocess that runs the beta programs.
SDK_BETA := $(VENV)/sdk-beta
SDK_BETA_STAMP := $(SDK_BETA)/.installed
AZURE_AI_PROJECTS_BETA := azure-ai-projects==1.0.0b10

$(SDK_BETA_STAMP): $(STAMP) Makefile
	rm -rf $(SDK_BETA)
	$(BIN)/python -m pip install --quiet --no-deps --target $(SDK_BETA) $(AZURE_AI_PROJECTS_BETA)
	touch $@

pytest: $(STAMP) $(SDK_BETA_STAMP)
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# `make bench`: multiassist against raw requests+json and openai-python on a loopback server
# (tests/benchmarks/bench.py; about a minute).
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: bench

$(BENCH_STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

bench: $(BENCH_STAMP)
	$(BIN)/python tests/benchmarks/bench.py
