# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The annotation tools' SDKs (about 1 GB) that the interop tests validate exports
# with: installed for the tests only, never for the demo or labelspec itself.
SDK_STAMP := $(VENV)/.interop-test
# The official SARIF 2.1.0 schema, for the test that our SARIF output is valid.
# It is fetched from the npm registry, not copied into this repository.
SARIF_PACKAGE := @microsoft/jest-sarif@1.0.0-beta.0
SARIF_SCHEMA := $(VENV)/sarif-schema-2.1.0.json

.PHONY: demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The main job on this repository's own guidelines: lint, history, what changed,
# the label mapping, relabelling a small 1.0.0 dataset, the Label Studio and CVAT
# label configs (and a drift check of the latter), and the annotator site.
DEMO := build/demo
demo: $(STAMP)
	$(BIN)/labelspec lint
	$(BIN)/labelspec versions street-objects
	$(BIN)/labelspec diff 1.0.0 taxonomy/street-objects.yaml --check
	$(BIN)/labelspec mapping street-objects --from 1.0.0 --format csv
	mkdir -p $(DEMO)
	$(BIN)/labelspec relabel examples/street-objects-1.0.0.jsonl --taxonomy street-objects \
		--from 1.0.0 --format jsonl --field label \
		-o $(DEMO)/street-objects.jsonl --review $(DEMO)/review.jsonl
	$(BIN)/labelspec export street-objects --to label-studio -o $(DEMO)/label-studio.xml
	$(BIN)/labelspec export street-objects --to cvat -o $(DEMO)/cvat-labels.json
	$(BIN)/labelspec export street-objects --to cvat --check $(DEMO)/cvat-labels.json
	$(BIN)/labelspec docs build --strict

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check tool tests benchmarks
	$(BIN)/ruff format --check tool tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

$(SDK_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,interop-test]'
	touch $(SDK_STAMP)

pytest: $(STAMP) $(SDK_STAMP) $(SARIF_SCHEMA)
	LABELSPEC_SARIF_SCHEMA=$(SARIF_SCHEMA) $(BIN)/pytest -q

$(SARIF_SCHEMA): | $(STAMP)
	@if command -v npm >/dev/null; then \
		tmp=$$(mktemp -d) && \
		(cd $$tmp && npm pack --silent $(SARIF_PACKAGE) >/dev/null) && \
		tar xzf $$tmp/*.tgz -O package/lib/schemas/sarif-2.1.0-rtm.5.json > $@.tmp && \
		mv $@.tmp $@ && rm -rf $$tmp; \
	else echo "npm not found: the SARIF schema test will be skipped"; fi

# Every quality bar of DESIGN.md, each as a ratio against a baseline in the same run.
bench: $(STAMP)
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/lint.py
	$(BIN)/python benchmarks/diff.py
	$(BIN)/python benchmarks/relabel_jsonl.py
	$(BIN)/python benchmarks/relabel_coco.py
	$(BIN)/python benchmarks/docs.py
	$(BIN)/python benchmarks/interop.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
