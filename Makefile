# pmo: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck fmt bench fuzz fuzz-loader fuzz-cache fuzz-markdown test-thorough mutate clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip uninstall --quiet --yes pmo 2>/dev/null || true  # pmo's name before 0.2
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/pmo validate
	$(BIN)/pmo status
	$(BIN)/pmo benefits
	$(BIN)/pmo paper cyp-oss-2010-10 -o build/cyp-oss-2010-10.md
	$(BIN)/pmo paper cyp-oss-2010-10 --to docx -o build/cyp-oss-2010-10.docx
	$(BIN)/pmo paper cyp-oss-2010-10 --to pdf -o build/cyp-oss-2010-10.pdf
	@echo "Board paper written to build/cyp-oss-2010-10.md (charts beside it), .docx and .pdf"

lint: $(STAMP)
	$(BIN)/ruff check pmo tests bench fuzz scripts
	$(BIN)/ruff format --check pmo tests bench fuzz scripts

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest

# Heavy fuzzing, run before each release (not part of `make test`): the coverage-guided
# loader, cache-reader and markdown-sanitiser fuzz targets for FUZZ_SECONDS each, then the
# property tests with the thorough profile.
FUZZ_SECONDS ?= 300
FUZZ_DIR := build/fuzz

fuzz: fuzz-loader fuzz-cache fuzz-markdown test-thorough

fuzz-loader: $(STAMP)
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	rm -rf $(FUZZ_DIR)/findings
	mkdir -p $(FUZZ_DIR)/corpus
	find records -name '*.yaml' -exec cp {} $(FUZZ_DIR)/corpus/ \;
	$(BIN)/python fuzz/fuzz_loader.py -dict=fuzz/yaml.dict -max_total_time=$(FUZZ_SECONDS) \
		-timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
		$(FUZZ_DIR)/corpus fuzz/seeds tests/fuzz-regressions
	@if [ -d $(FUZZ_DIR)/findings ]; then \
		echo "fuzz findings in $(FUZZ_DIR)/findings:"; ls $(FUZZ_DIR)/findings; exit 1; fi

fuzz-cache: $(STAMP)
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	rm -rf $(FUZZ_DIR)/findings $(FUZZ_DIR)/cache-corpus
	mkdir -p $(FUZZ_DIR)/cache-corpus
	$(BIN)/python fuzz/fuzz_cache.py -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
		-rss_limit_mb=2048 -print_final_stats=1 $(FUZZ_DIR)/cache-corpus
	@if [ -d $(FUZZ_DIR)/findings ]; then \
		echo "fuzz findings in $(FUZZ_DIR)/findings:"; ls $(FUZZ_DIR)/findings; exit 1; fi

fuzz-markdown: $(STAMP)
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	rm -rf $(FUZZ_DIR)/findings $(FUZZ_DIR)/markdown-corpus
	mkdir -p $(FUZZ_DIR)/markdown-corpus
	$(BIN)/python fuzz/fuzz_markdown.py -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
		-rss_limit_mb=2048 -print_final_stats=1 $(FUZZ_DIR)/markdown-corpus
	@if [ -d $(FUZZ_DIR)/findings ]; then \
		echo "fuzz findings in $(FUZZ_DIR)/findings:"; ls $(FUZZ_DIR)/findings; exit 1; fi

test-thorough: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest tests/test_properties.py \
		tests/test_mutations.py tests/test_fuzz_regressions.py tests/test_cache_safety.py \
		tests/test_sanitise.py

fmt: $(STAMP)
	$(BIN)/ruff format pmo tests bench fuzz scripts
	$(BIN)/ruff check --fix pmo tests bench fuzz scripts

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' || $(BIN)/python -m pip install --quiet pyyaml check-jsonschema
	touch $(BENCH_STAMP)

# Benchmarks (not part of `make test`): BENCH_SIZES="100 1000" make bench; 10,000 takes minutes.
bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py

MUTATE_STAMP := $(VENV)/.mutate-installed

$(MUTATE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutate]'
	touch $(MUTATE_STAMP)

# Mutation testing of the rules and the report builders (not part of `make test`; see
# docs/mutation.md): each group of modules against the tests mapped to it, niced, on
# MUTATE_JOBS cores; the score table goes into docs/mutation.md, every survivor's diff into
# build/mutate/report.md. Fails when a module is under its goal or a survivor is unexplained.
# MUTATE_ARGS="--sample 5" runs 1 in 5 of the mutants of every function (an estimate).
MUTATE_JOBS ?= 2
MUTATE_ARGS ?=

mutate: $(MUTATE_STAMP)
	nice -n 10 $(BIN)/python scripts/mutate.py --jobs $(MUTATE_JOBS) $(MUTATE_ARGS) --write-docs

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
