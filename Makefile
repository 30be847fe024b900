# pmo: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck fmt bench fuzz clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/pmo validate
	$(BIN)/pmo status
	$(BIN)/pmo paper cyp-oss-2010-10 -o build/cyp-oss-2010-10.md
	@echo "Board paper written to build/cyp-oss-2010-10.md"

lint: $(STAMP)
	$(BIN)/ruff check pmo tests bench scripts
	$(BIN)/ruff format --check pmo tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest

fmt: $(STAMP)
	$(BIN)/ruff format pmo tests bench scripts
	$(BIN)/ruff check --fix pmo tests bench scripts

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
