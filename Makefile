# Set-up is part of every target: a fresh clone needs only Python 3.11 and make.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint lock goldens bench

$(STAMP): requirements.lock pyproject.toml
	python3.11 -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)  ## run the pipeline on seeds/ into warehouse/
	$(BIN)/newsdesk run

test: $(STAMP)  ## the whole test suite (what CI runs)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check flows schemas tests bench

lock:  ## re-pin requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra dev --extra dask --extra bench --generate-hashes --no-strip-extras --python-version 3.11 -o requirements.lock

bench: $(STAMP)  ## generate the 10k-page corpus and measure throughput (see bench/BENCHMARKS.md)
	$(BIN)/python bench/make_corpus.py --pages 10000 --format jsonl --out bench/out/jsonl-10k
	$(BIN)/python bench/throughput.py bench/out/jsonl-10k

goldens: $(STAMP)  ## regenerate tests/golden/*.jsonl; review the diff
	$(BIN)/python -m tests.golden.update
