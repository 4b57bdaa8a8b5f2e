# perfclaims. `make` sets up a virtualenv and extracts the bundled corpus;
# `make test` runs the tests. See README.md.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
INPUT  ?= data/corpus/hf_papers_h100.txt
OUT    ?= outputs
ARGS   ?=

.PHONY: all setup extract eval test clean

all: extract

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# make extract INPUT=<file> OUT=<dir> ARGS='--strict --jobs 2'
extract: setup
	$(PY) -m extract extract $(INPUT) --out $(OUT) $(ARGS)

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
