PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format server bench reliability clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/desktop-app

# Lint and types first (seconds), then the suite with two workers: the
# machines here have two cores. PYTEST_ARGS adds options.
test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check desktop_app tests tools
	$(BIN)/ruff format --check desktop_app tests tools
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix desktop_app tests tools
	$(BIN)/ruff format desktop_app tests tools

server: $(STAMP)
	$(BIN)/desktop-app-server serve --demo

# Every figure of issue 12 side by side with its baseline; prints a table and writes
# bench-results.json (tests/benchmarks/, tools/bench/). Knobs: BENCH_SIZES (default
# 10000,100000,1000000), BENCH_REPEAT (3), BENCH_SCROLL_SECONDS, BENCH_REBUILD=1.
# Quick check: make bench BENCH_SIZES=10000 BENCH_REPEAT=1
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m benchmark -s -o timeout=7200 -p no:cacheprovider $(PYTEST_ARGS) tests

# The long reliability runs: crashes, 20 clients x 1,000 edits, fuzzing (tests/server/reliability).
# Set TEST_POSTGRES_URL to include the PostgreSQL ones. Tens of minutes on two cores.
reliability: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m reliability -s -o timeout=3600 $(PYTEST_ARGS) tests

clean:
	rm -rf $(VENV) .venv-sdk .pytest_cache
