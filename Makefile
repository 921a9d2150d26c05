# Two commands: `make run` sets everything up and serves; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
HOST   ?= 127.0.0.1
PORT   ?= 8000
BIN    := $(VENV)/bin

.PHONY: run test lint docs load validate bench bench-quick clean test-tools bench-tools

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Migrate, validate and load data/ (a no-op when nothing changed), then serve in one
# process (see docs/pages/operating/index.md for several workers).
run: $(VENV)/.installed
	$(BIN)/mss-facts load
	$(BIN)/mss-facts serve --host $(HOST) --port $(PORT) --workers 1

# What the test tiers use (npm packages, Chromium, jq, Redis, PostgreSQL), best effort:
# a tier without its tool is skipped and named in pytest's summary.
test-tools:
	@bash tests/setup-tools.sh test

test: $(VENV)/.installed-dev test-tools
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The documentation site, built strictly (a broken link or a warning fails it) into var/site.
docs: $(VENV)/.installed-dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -f docs/mkdocs.yml

validate: $(VENV)/.installed
	$(BIN)/mss-facts validate

load: $(VENV)/.installed
	$(BIN)/mss-facts load

# wrk, best effort: without it bench/ uses its Python load generator.
bench-tools:
	@bash tests/setup-tools.sh bench

# This service against Datasette and a bare Starlette ceiling, then the large synthetic
# dataset (docs/pages/performance.md); bench-quick is the short form CI runs.
bench: $(VENV)/.installed-dev bench-tools
	$(BIN)/python -m bench.run

bench-quick: $(VENV)/.installed-dev bench-tools
	$(BIN)/python -m bench.run --quick

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
