# The two quick-start commands (README): `make demo` runs the system, `make test` checks it.
# Both create the virtual environment in .venv and install what they need on first use, from
# requirements.lock (every package pinned, with hashes; docs/adr/0010).

VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
CODE := fasttrack_core flows tests bench tools
LOCK := requirements.lock

.PHONY: install demo test unit lint lock smoke bench clean

# --upgrade-deps: Python 3.11's bundled pip (23.2) refuses a hashed lock whose packages others
# require with extras (prefect's `sqlalchemy[asyncio]`); current pip installs it.
$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv --upgrade-deps $(VENV)
	$(BIN)/pip install --quiet --require-hashes --requirement $(LOCK)
	$(BIN)/pip install --quiet --no-deps --editable .
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/fasttrack up

lint: install
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy fasttrack_core flows
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

# The pure domain rules: seconds, no database, no network.
unit: install
	$(BIN)/python -m pytest tests/unit -q

# After a change to the dependencies in pyproject.toml: pin everything again, with hashes (what is
# pinned already stays unless it must move; `make lock LOCK_FLAGS=--upgrade` takes the newest).
lock: install
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --extra dev \
		--generate-hashes --no-emit-index-url $(LOCK_FLAGS) --output-file $(LOCK) pyproject.toml

# The wheel as a user installs it, run in an empty directory (what .ci/run does after the tests).
smoke: install
	bash .ci/wheel-smoke

bench: install
	$(BIN)/python bench/lifecycle.py

clean:
	rm -rf $(VENV) fasttrack.db fasttrack.db-wal fasttrack.db-shm
