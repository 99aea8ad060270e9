# Kota Cerdas Bekasi — every target bootstraps .venv itself (Python 3.11+ is the only prerequisite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

export KOTACERDAS_DEBUG ?= 1

.PHONY: run test lint format bench setup messages vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/kotacerdas setup --demo

run: setup
	$(BIN)/kotacerdas serve --port $(PORT)

test: $(STAMP)
	KOTACERDAS_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(STAMP)
	KOTACERDAS_TESTING=1 $(BIN)/python -m bench

messages: $(STAMP)
	cd src/kotacerdas && ../../$(BIN)/kotacerdas makemessages -l en --no-obsolete && ../../$(BIN)/kotacerdas compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
