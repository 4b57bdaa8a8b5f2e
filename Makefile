# perfclaims. `make` sets up a virtualenv and extracts the bundled corpus;
# `make test` runs the tests. See README.md.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
INPUT  ?= data/corpus/hf_papers_h100.txt
OUT    ?= outputs
ARGS   ?=

.PHONY: all setup extract tables report eval test clean

all: extract tables

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# make extract INPUT=<file> OUT=<dir> ARGS='--strict --jobs 2'
extract: setup
	$(PY) -m extract extract $(INPUT) --out $(OUT) $(ARGS)

# derived tables from $(OUT)/claims.parquet (python -m extract.tables --help)
tables: setup
	$(PY) -m extract.tables --claims $(OUT)/claims.parquet --out $(OUT)

# $(OUT)/report.html, self-contained interactive report (python -m extract.report --help)
report: setup
	$(PY) -m extract.report --claims $(OUT)/claims.parquet --out $(OUT)

eval: setup
	$(PY) -m extract extract data/corpus/hf_papers_h100.txt --out outputs --quiet
	$(PY) -m extract eval --claims outputs/claims.parquet --gold data/gold --out-json outputs/eval.json
	@echo "== second evaluation set (data/heldout) =="
	$(PY) -m extract extract data/heldout/docs.jsonl --out outputs/heldout --quiet
	$(PY) -m extract eval --claims outputs/heldout/claims.parquet --gold data/heldout/gold --out-json outputs/heldout/eval.json --max-items 40

test: setup
	$(PY) -m pytest tests

clean:
	rm -rf $(VENV) outputs/*.parquet outputs/*.csv outputs/*.json

# make bench [BENCH_ARGS='--corpus PATH --repeats 3']: throughput, scaling, peak
# memory and a quantulum3 comparison on the 104k-abstract corpus ->
# outputs/bench.json and docs/README-bench.md. quantulum3 lives in its own
# virtualenv so the project's environment is untouched; its 0.10.0 classifier
# is pickled with scikit-learn 1.8.0 (and needs the `classifier` extra's stemming).
BENCH_VENV ?= .venv-bench
BENCH_ARGS ?=

$(BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet 'quantulum3[classifier]==0.10.0' scikit-learn==1.8.0
	touch $@

.PHONY: bench
bench: setup $(BENCH_VENV)/.installed
	$(PY) scripts/bench.py $(BENCH_ARGS)
