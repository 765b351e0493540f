# safeguarding-reports - `make help` lists the targets.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PARAMS ?= params/demo.yaml
PERIOD ?=

.DEFAULT_GOAL := help
.PHONY: help install demo report test test-unit test-notebooks benchmark docs clean

help: ## list the targets and what they do
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install the package, Jupyter stack and test tools (pinned in pyproject.toml)

$(STAMP): pyproject.toml
	@$(PY) scripts/check_python.py
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -c "from safeguarding.workspace import install_save_hook; install_save_hook()"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo-data/manifest.yaml: $(STAMP) $(wildcard lib/safeguarding/demo/*.py)
	rm -rf demo-data
	$(BIN)/safeguarding demo demo-data

demo: $(STAMP) ## generate the demo council and render its report into outputs/demo/ (first command of the README)
	$(BIN)/safeguarding demo --render --params $(PARAMS) $(if $(PERIOD),--period $(PERIOD))

report: $(STAMP) ## render a report: make report PARAMS=params/yours.yaml PERIOD=2025-26-Q1
	$(BIN)/safeguarding run --params $(PARAMS) $(if $(PERIOD),--period $(PERIOD))

test: $(STAMP) ## run every test: unit, integration and the notebooks under nbval (second command)
	$(BIN)/safeguarding test

test-unit: $(STAMP) ## run the library tests only (fast)
	$(BIN)/safeguarding test --quick

benchmark: demo-data/manifest.yaml ## report/floor CPU ratio, commentary re-render time, speed and memory by data size; writes docs/benchmarks-results.md
	$(BIN)/python scripts/benchmark.py

docs: $(STAMP) ## regenerate docs/indicators.md and docs/data-quality-rules.md from the registries
	$(BIN)/safeguarding docs

clean: ## remove generated data and outputs (keeps .venv)
	rm -rf demo-data outputs/demo outputs/.notebook-fixture .pytest_cache
