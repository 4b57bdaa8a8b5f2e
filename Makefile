# perfclaims. `make` sets up a virtualenv and extracts the bundled corpus;
# `make test` runs the tests. See README.md.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
INPUT  ?= data/corpus/hf_papers_h100.txt
OUT    ?= outputs
ARGS   ?=

# Paths reach the shell single-quoted (a quote inside becomes '\''), so a path
# with spaces, ';' or '$' is one argument, never a command.
q = '$(subst ','\'',$(1))'

.PHONY: all setup extract tables report eval test fuzz clean

all: extract tables

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# make extract INPUT=<file> OUT=<dir> ARGS='--strict --jobs 2'
extract: setup
	$(PY) -m perfclaims extract $(call q,$(INPUT)) --out $(call q,$(OUT)) $(ARGS)

# derived tables from $(OUT)/claims.parquet (perfclaims tables --help)
tables: setup
	$(PY) -m perfclaims tables --claims $(call q,$(OUT)/claims.parquet) --out $(call q,$(OUT))

# $(OUT)/report.html, self-contained interactive report (perfclaims report --help)
report: setup
	$(PY) -m perfclaims report --claims $(call q,$(OUT)/claims.parquet) --out $(call q,$(OUT))

# Evaluation runs write under outputs/eval/, never over a user's outputs/claims.*
EVAL_OUT := outputs/eval
eval: setup
	$(PY) -m perfclaims extract data/corpus/hf_papers_h100.txt --out $(EVAL_OUT)/dev --quiet
	$(PY) -m perfclaims eval --claims $(EVAL_OUT)/dev/claims.parquet --gold data/gold --out-json $(EVAL_OUT)/dev/eval.json
	@echo "== second evaluation set (data/heldout) =="
	$(PY) -m perfclaims extract data/heldout/docs.jsonl --out $(EVAL_OUT)/heldout --quiet
	$(PY) -m perfclaims eval --claims $(EVAL_OUT)/heldout/claims.parquet --gold data/heldout/gold --out-json $(EVAL_OUT)/heldout/eval.json --max-items 40
	@echo "== blind benchmark, dev half (data/blind/dev) =="
	$(PY) -m perfclaims extract data/blind/dev/docs.jsonl --out $(EVAL_OUT)/blind-dev --quiet
	$(PY) -m perfclaims eval --claims $(EVAL_OUT)/blind-dev/claims.parquet --gold data/blind/dev/gold --out-json $(EVAL_OUT)/blind-dev/eval.json --max-items 40
	@echo "== blind benchmark, sealed half: aggregate only (scripts/sealed_score.py --record NOTE keeps a score) =="
	$(PY) scripts/sealed_score.py

test: setup
	$(PY) -m pytest tests

# make fuzz [FUZZ_ARGS='--examples 10000']: deep property fuzzing (not part of
# make test): >= 10,000 examples per strategy, prints counts and findings
FUZZ_ARGS ?=
fuzz: setup
	$(PY) scripts/fuzz.py $(FUZZ_ARGS)

# outputs/bench.json and outputs/report.png are tracked (bench results, the
# README's screenshot): clean leaves them
clean:
	rm -rf $(VENV) outputs/eval outputs/*.parquet outputs/*.csv outputs/report.html outputs/heldout

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
