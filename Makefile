# The two quick-start commands (README): `make demo` runs the system, `make test` checks it.
# Both create the virtual environment in .venv and install what they need on first use.

VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
CODE := fasttrack_core flows tests bench

.PHONY: install demo test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/fasttrack up

lint: install
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy fasttrack_core flows

test: lint
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/lifecycle.py

clean:
	rm -rf $(VENV) fasttrack.db fasttrack.db-wal fasttrack.db-shm
