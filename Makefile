# The two commands the README promises: `make demo` and `make test`.
# Every install step lives here so a fresh clone (and CI) needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test

.PHONY: demo test lint typecheck pytest pytest-oldest pytest-newest clean

# The supported Pythons are proven, not only claimed: `make test` also runs the suite on the
# oldest version setup.cfg's python_requires names and on the newest one tested, each in a venv
# of its own (.venv-py39, .venv-py313), skipping with a printed reason where the interpreter is
# not installed. .ci/find-python finds it on PATH or among pyenv's versions.
OLDEST_PYTHON := 3.9
NEWEST_PYTHON := 3.13
# The oldest suite also runs on the oldest requests release install_requires admits (the
# transport's fast path is written for requests 2.28 to 2.34; the main venv has the newest).
OLDEST_REQUESTS := requests==2.28.0

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
	$(BIN)/ruff check multiassist tests scripts

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

test: lint typecheck pytest pytest-oldest pytest-newest

# $(1): a Python version such as 3.9; $(2): extra pins for that venv. Builds .venv-py39 once
# (again when setup.cfg, pyproject.toml or the pins change) and runs pytest there.
define suite_on_python
	@interpreter="$$(sh .ci/find-python $(1))"; \
	venv=.venv-py$(subst .,,$(1)); \
	if [ -z "$$interpreter" ]; then \
		echo "skipped: the test suite on Python $(1) (no python$(1) found on PATH or in pyenv)"; \
		exit 0; \
	fi; \
	if [ ! -f $$venv/.installed-test ] || [ setup.cfg -nt $$venv/.installed-test ] || \
			[ pyproject.toml -nt $$venv/.installed-test ] || \
			[ "$$(cat $$venv/.installed-test)" != "$(2)" ]; then \
		echo "installing the test extras into $$venv ($$interpreter) $(2)"; \
		"$$interpreter" -m venv $$venv && \
		$$venv/bin/python -m pip install --quiet --upgrade pip && \
		$$venv/bin/python -m pip install --quiet -e '.[test]' $(2) && \
		echo "$(2)" > $$venv/.installed-test || exit 1; \
	fi; \
	echo "pytest on $$($$venv/bin/python --version), requests $$($$venv/bin/python -c 'import requests; print(requests.__version__)')"; \
	$$venv/bin/python -m pytest -q -p no:cacheprovider
endef

pytest-oldest:
	$(call suite_on_python,$(OLDEST_PYTHON),$(OLDEST_REQUESTS))

pytest-newest:
	$(call suite_on_python,$(NEWEST_PYTHON),)

clean:
	rm -rf $(VENV) .venv-py* build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# `make bench`: multiassist against raw requests+json and openai-python on a loopback server
# (tests/benchmarks/bench.py; about a minute).
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: bench

$(BENCH_STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

bench: $(BENCH_STAMP)
	$(BIN)/python tests/benchmarks/bench.py
	$(BIN)/python tests/benchmarks/bench_async.py

# `make mutation`: mutation testing (mutmut 3, configured under [tool.mutmut] in pyproject.toml)
# of the code where a silent bug loses or duplicates data: retries, the write rules and
# reconciliation (with the write loop, Core.answer), the bearer-token policy and the bridge's
# run mapping. Not part of `make test`; a full run takes about two hours on 2 cores (2,350 mutants).
# Survivors and why each is harmless: tests/MUTATION.md.
MUTATION_STAMP := $(VENV)/.installed-mutation
MUTANTS := 'multiassist.http.retries.*' 'multiassist.http.writes.*' \
	'multiassist.http.auth.x*BearerTokenPolicy*' 'multiassist.core.x*Core*answer__mutmut_*' \
	'multiassist.bridge.runs.*'

.PHONY: mutation

$(MUTATION_STAMP): $(STAMP) setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	touch $@

mutation: $(MUTATION_STAMP)
	rm -rf mutants && mkdir mutants
	$(BIN)/mutmut run $(MUTANTS) > mutants/run.log 2>&1 || (tail -c 3000 mutants/run.log; exit 1)
	$(BIN)/python tests/mutation_score.py $(MUTANTS)
