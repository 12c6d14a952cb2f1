# The two commands of the README, and the few the team and CI use besides.
#   make run    set up .venv, build the synthetic default data file if it is missing, start the app
#   make test   set up .venv, run the whole test suite
#   make check  lint, then the fast part of the suite (no browser, no slow searches) on both cores:
#               under 3 minutes on a 2-core machine, for every change before a commit
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEFAULT_DB := data/crisishulp.duckdb
DB := $(or $(DASHBOARD_DB),$(DEFAULT_DB))
PORT ?= 8501

.PHONY: run test check data lint format clean bench soak

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The synthetic default is rebuilt when its generator changes. A file named by DASHBOARD_DB is
# never overwritten: it may hold ingested real data.
$(DEFAULT_DB): data/synth.py data/schema.py data/store.py data/population.py data/population_published.csv \
		$(wildcard data/derived/*.sql) | $(STAMP)
	$(BIN)/python -m data build --out $@

data: $(STAMP)
ifeq ($(DB),$(DEFAULT_DB))
	@$(MAKE) --no-print-directory $(DEFAULT_DB)
else
	@test -f "$(DB)" || { echo "Geen gegevensbestand op DASHBOARD_DB=$(DB). Lees een export in met 'python -m data ingest MAP --out $(DB)' of laat DASHBOARD_DB leeg voor de synthetische standaardgegevens." >&2; exit 1; }
endif

run: data
	DASHBOARD_DB="$(DB)" $(BIN)/streamlit run dashboard.py --server.address localhost --server.port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

check: lint
	$(BIN)/python -m pytest -q -m "not browser and not slow" -n 2

# The performance benchmark (docs/PERFORMANCE.md); builds its data files under bench/data/.
bench: $(STAMP)
	$(BIN)/python -m bench

# The long soak of the reliability docs (docs/RELIABILITY.md): memory over a long varied run.
soak: $(STAMP)
	$(BIN)/python -m tests.soak

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/sqlfluff lint queries data/derived --processes 2

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/output
