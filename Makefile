# Everything a fresh machine needs is installed from here: a virtual environment from
# pyproject.toml, and Debian's Chromium for the browser tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench eval-nlp chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the headless-browser tests; the browser a test tool would download cannot be fetched here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: $(STAMP)
	$(BIN)/python pipeline.py demo --db data/demo.db

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# Each stage against the raw library on the same input; fails when a target in
# benchmarks/targets.toml is missed. The test suite runs a small smoke of it.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --json data/bench.json

# The tagger against hand-labelled sentences (data/eval/), failing below the pinned floors.
eval-nlp: $(STAMP)
	$(BIN)/python -m nlp.evaluate

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) data/demo.db data/demo.db-* data/bench.json
