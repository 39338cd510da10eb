# mentorsim: two commands on a fresh machine.
#   make demo        set up .venv on first use, then run the demo experiment
#   make test        set up .venv on first use, then run the whole test suite (what CI runs)
# and, for development:
#   make test-fast   the tests not marked slow (under a minute; the edit loop)
#   make lint        ruff check and ruff format --check (pre-commit runs both on commit)
#   make docs        regenerate docs/parameters.md and docs/outcomes.md from the code
#   make ensemble    regenerate the calibrated ensemble, experiments/ensemble.toml
#   make bench       the speed and memory benchmark (prints the figures; JSON=FILE also
#                    writes them, QUICK=1 takes fewer repeats, ONLY=model or ONLY=sweeps
#                    measures one half)
#
# Mesa 3.5 needs Python >= 3.12. The Makefile looks for one on PATH (python3.14 ... python3.12,
# python3) and in pyenv's versions folder, and uses the newest it finds.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Newest Python >= 3.12: PATH first, then pyenv's versions folder.
PYTHON_FOR_VENV := $(shell \
	for c in python3.14 python3.13 python3.12 python3; do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done; \
	for p in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.*/bin/python 2>/dev/null | sort -rV); do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done)

.PHONY: demo test test-fast lint docs bench clean ensemble

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
	  echo "mentorsim needs Python >= 3.12 (Mesa 3.5 requires it) and none was found on PATH"; \
	  echo "or in pyenv's versions folder. Install one, e.g. 'pyenv install 3.12' or your"; \
	  echo "system's python3.12 package, then run make again."; \
	  exit 1; \
	fi
	@echo "creating $(VENV) with $(PYTHON_FOR_VENV)"
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The demo: one design's replications (results/baseline/), then the paired comparison of the
# shipped program designs on common random numbers (results/compare-.../report.html).
DEMO_DESIGNS := baseline single_mentor multi_mentor trained_mentors overloaded_mentors

demo: $(STAMP)
	$(VENV)/bin/mentorsim run scenarios/baseline.toml --reps 10 --seed 1
	$(VENV)/bin/mentorsim compare $(DEMO_DESIGNS:%=scenarios/%.toml) --reps 30 --seed 7

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The docs tables are generated from the code; tests/test_docs.py fails when they are stale.
docs: $(STAMP)
	$(PY) -m tools.docs_tables

# Regenerate the shipped calibrated ensemble (experiments/ensemble.toml) after the model, the
# targets or experiments/calibration.toml change: history matching, resumable (rerun after an
# interruption to continue), about 15 minutes on two cores (docs/calibration.md).
ensemble: $(STAMP)
	$(VENV)/bin/mentorsim calibrate --resume --ship

# The benchmark lives beside the package (benchmarks/), not in it.
bench: $(STAMP)
	$(PY) -m benchmarks $(if $(QUICK),--quick) $(if $(ONLY),--only $(ONLY)) $(if $(JSON),--json $(JSON))

# numba caches the compiled kernels beside the sources (sim/**/__pycache__/*.nbi, *.nbc), where
# `make` targets and `.venv/bin/mentorsim` commands both find them.
clean:
	rm -rf $(VENV) .numba_cache .pytest_cache .ruff_cache .hypothesis
	find sim -name '*.nbi' -delete -o -name '*.nbc' -delete
