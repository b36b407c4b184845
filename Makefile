# Two commands for a newcomer: `make site` and `make test`. Both set up .venv themselves;
# the stamp file makes a repeated run skip the install entirely.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
STAMP  := $(VENV)/.installed-stamp

.PHONY: site serve test lint validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve

validate: $(STAMP)
	$(BIN)/casebook validate

lint: $(STAMP)
	$(BIN)/ruff check casebook macros scripts tests
	$(BIN)/ruff format --check casebook macros scripts tests
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

clean:
	rm -rf site build dist
