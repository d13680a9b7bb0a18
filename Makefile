# The two commands a new user needs: `make ingest DIR=scans/` and `make test`.
# Both bootstrap on first use: Debian packages (scripts/bootstrap-system.sh) and a
# .venv with the pinned dependencies of requirements.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= ita.duckdb
DIR    ?=
JOBS   ?=
N      ?= 12
SEED   ?= 20261121
OUT    ?= samples/corpus
export PYTHAINLP_OFFLINE := 1

.PHONY: bytecode ingest test test-slow bootstrap samples eval bench catalog flag-kinds digits clean help ray

help:
	@echo "make ingest DIR=<folder> [DB=ita.duckdb] [JOBS=n]   read a folder of reports into DuckDB"
	@echo "make test                                         run the test suite"
	@echo "make test-slow                                    also the slow (full-page) tests"
	@echo "make samples [N=12] [OUT=samples/corpus] [KINDS=] generate sample documents with ground truth"
	@echo "make eval [SET=samples/corpus]                    accuracy of the pipeline against a corpus's truth"
	@echo "make bench [SET=samples/corpus]                   speed per input kind, next to tesseract and ocrmypdf"
	@echo "make ray                                          install Ray (ita ingest --ray; docs/scale-out.md)"
	@echo "make catalog                                      rebuild schemas/ita_catalog.json from ../shared/ita"
	@echo "make flag-kinds                                   rewrite README's flag list from pipeline/data/flag_kinds.json"
	@echo "make digits                                       retrain the scanned-digit classifier (pipeline/data/digit_model.npz)"

bootstrap: $(VENV)/.installed
	@./scripts/bootstrap-system.sh

$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "bootstrap: $(PYTHON) not found (need Python >= 3.11)" >&2; exit 3; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "bootstrap: need Python >= 3.11, found $$($(PYTHON) --version)" >&2; exit 3; }
	@./scripts/bootstrap-system.sh
	@echo "bootstrap: creating $(VENV) with pinned dependencies" >&2
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

# The project's bytecode, compiled ahead (only what changed): an editable install leaves
# it to Python, which writes none where PYTHONDONTWRITEBYTECODE is set; every `ita` run
# then compiled its modules again (~15% of a run's fixed start-up).
bytecode: bootstrap
	@$(BIN)/python -m compileall -q pipeline schemas normalizers samples >/dev/null

ingest: bytecode
	@test -n "$(DIR)" || { echo "usage: make ingest DIR=<folder> [DB=ita.duckdb]" >&2; exit 1; }
	$(BIN)/ita ingest "$(DIR)" --db "$(DB)" $(if $(JOBS),--jobs $(JOBS))

test: bootstrap
	@./scripts/bootstrap-system.sh test
	$(BIN)/python -m pytest -q

test-slow: bootstrap
	@./scripts/bootstrap-system.sh test
	$(BIN)/python -m pytest -q -m ""

KINDS  ?=
samples: bootstrap
	@./scripts/bootstrap-system.sh samples
	$(BIN)/python -m samples.generate --out "$(OUT)" --n $(N) --seed $(SEED) $(if $(KINDS),--kinds $(KINDS))

SET ?= samples/corpus
eval: bootstrap
	$(BIN)/python -m samples.evaluate "$(SET)" $(if $(JOBS),--jobs $(JOBS))

bench: bytecode
	$(BIN)/python -m samples.bench "$(SET)" $(if $(JOBS),--jobs $(JOBS))
	$(BIN)/python -m samples.bench_ray "$(SET)" --pages 200 $(if $(JOBS),--jobs $(JOBS))

# the optional Ray extra, pinned apart from requirements.lock so make test needs none of it
ray: bootstrap
	$(BIN)/pip install -q -r requirements-ray.lock

catalog: bootstrap
	$(BIN)/python -m schemas.build_catalog

flag-kinds: bootstrap
	$(BIN)/python -m pipeline.flags --readme README.md

# one maths thread: the trained weights then do not depend on the machine's core count
digits: bootstrap
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python -m samples.digit_model --train

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
