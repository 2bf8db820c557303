# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/labelspec lint
	$(BIN)/labelspec docs build --strict

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check tool tests benchmarks
	$(BIN)/ruff format --check tool tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/docs.py
	$(BIN)/python benchmarks/diff.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
