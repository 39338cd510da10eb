# mentorsim: two commands on a fresh machine.
#   make demo        set up .venv on first use, then run the demo experiment
#   make test        set up .venv on first use, then run the whole test suite (what CI runs)
#                    on every core (TEST_WORKERS=N sets how many processes)
# and, for development:
#   make test-fast   the tests not marked slow (under a minute; the edit loop)
#   make lint        ruff check, ruff format --check (pre-commit runs both on commit) and mypy
#   make typecheck   mypy over sim/ (configured in pyproject.toml)
#   make coverage    the share of sim/ the tests not marked slow run, with numba's JIT off
#                    (SLOW=1: every test; much longer)
#   make docs        regenerate docs/parameters.md and docs/outcomes.md from the code
#   make screenshots refresh the workshop guide's screenshots (docs/figures/workshop/) from
#                    the app's browser tests (Chromium; several minutes)
#   make ensemble    regenerate the calibrated ensemble, experiments/ensemble.toml
#   make bench       the speed and memory benchmark (prints the figures; JSON=FILE also
#                    writes them, QUICK=1 takes fewer repeats, ONLY=model or ONLY=sweeps
#                    measures one half)
#   make bench-app   the workshop page end to end in Chromium: page load, a year per view
#   make examples    rerun the researchers' examples the README reports, timed, and print
#                    their figures (ROBUSTNESS=1 adds the 800-run robustness sweep; ONLY=ensemble
#                    reruns the search with the calibrated ensemble alone)
#
# Mesa 3.5 needs Python >= 3.12. The Makefile looks for one on PATH (python3.14 ... python3.12,
# python3) and in pyenv's versions folder, and uses the newest it finds.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# make installs every extra (the core install is the model and the CLI; see pyproject.toml).
EXTRAS := dev,app,cluster,sensitivity

# Newest Python >= 3.12: PATH first, then pyenv's versions folder.
PYTHON_FOR_VENV := $(shell \
	for c in python3.14 python3.13 python3.12 python3; do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done; \
	for p in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.*/bin/python 2>/dev/null | sort -rV); do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done)

.PHONY: demo test test-fast lint typecheck coverage docs screenshots bench bench-app examples clean
.PHONY: ensemble

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
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	@# Compile every numba kernel now, so the first command does not wait on it silently.
	$(PY) -m sim.experiment.compilation
	@touch $(STAMP)

# The demo: one design's replications (results/baseline/), then the paired comparison of
# shipped program designs (designs only: contexts such as scarce_mentors are given with
# --context) on common random numbers (results/compare-.../report.html). A second `make demo`
# writes beside the first (results/baseline-2/, ...) rather than replacing it.
DEMO_DESIGNS := baseline single_mentor multi_mentor trained_mentors coaching

demo: $(STAMP)
	$(VENV)/bin/mentorsim run baseline --reps 10 --seed 1
	$(VENV)/bin/mentorsim compare $(DEMO_DESIGNS) --reps 30 --seed 7

# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process), a test
# file at a time per worker, so a module's shared fixture is built once (tests/conftest.py).
# (--dist loadgroup would not do: pytest-xdist 3.8 groups by renaming a test's node id, which
# pytest 9 no longer reads, so its groups are silently split.) --no-loadscope-reorder keeps the
# order tests/conftest.py gives the files, longest first; xdist's own order, most tests first,
# would start the longest test (one test in its file) last, on one worker, after all the others.
# pytest keeps its assertion-rewritten test modules as bytecode; with PYTHONDONTWRITEBYTECODE
# set, every worker (and every Python a test starts) would compile them all again.
TEST_WORKERS ?= auto
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile \
	--no-loadscope-reorder

test: $(STAMP)
	$(PYTEST)

test-fast: $(STAMP)
	$(PYTEST) -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# numba's compiled code is invisible to coverage, so the kernels run as Python here (far slower
# than jitted; the keyed hash's uint64 products then wrap with a RuntimeWarning NumPy scalars
# give and compiled code does not, which is intended and silenced).
coverage: $(STAMP)
	@echo "running the tests with NUMBA_DISABLE_JIT=1 under coverage (several minutes)"
	@# The figure is printed even when a test fails; make still fails with pytest's status.
	NUMBA_DISABLE_JIT=1 $(PYTEST) $(if $(SLOW),,-m "not slow") -p no:cacheprovider \
	  -W "ignore:overflow encountered:RuntimeWarning" --cov=sim --cov-report=; status=$$?; \
	$(PY) -m coverage report --skip-covered --sort=cover; \
	echo "coverage of sim/ with the JIT off: $$($(PY) -m coverage report --format=total)%"; \
	exit $$status

# The docs tables are generated from the code; tests/test_docs.py fails when they are stale.
docs: $(STAMP)
	$(PY) -m tools.docs_tables

# The browser tests save their screenshots to a temporary folder; this asks them for the guide's.
screenshots: $(STAMP)
	MENTORSIM_SCREENSHOTS=$(CURDIR)/docs/figures/workshop $(PY) -m pytest -q -s \
	  tests/test_app_browser.py tests/test_app_browser_room.py

# The workshop page end to end in Chromium: page load, a year with each view open, Play of ten
# years (printed, not asserted; `python -m benchmarks.app` gives the server's share).
bench-app: $(STAMP)
	MENTORSIM_BROWSER_TIMING=1 $(PY) -m pytest -q -s -p no:randomly \
	  "tests/test_app_browser.py::test_measure_page_load_and_year_update"

# Regenerate the shipped calibrated ensemble (experiments/ensemble.toml) after the model, the
# targets or experiments/calibration.toml change: history matching, resumable (rerun after an
# interruption to continue), about 20-25 minutes on two cores (docs/calibration.md).
ensemble: $(STAMP)
	$(VENV)/bin/mentorsim calibrate --resume --ship

# The benchmark lives beside the package (benchmarks/), not in it.
bench: $(STAMP)
	$(PY) -m benchmarks $(if $(QUICK),--quick) $(if $(ONLY),--only $(ONLY)) $(if $(JSON),--json $(JSON))

# The README's research examples (robust decision, discovery, search, search with the
# ensemble), each timed in wall and CPU seconds, into results/examples/ (replaced).
examples: $(STAMP)
	$(PY) -m benchmarks.examples --force $(if $(ROBUSTNESS),--robustness) $(if $(ONLY),--only $(ONLY))

# numba caches the compiled kernels beside the sources (sim/**/__pycache__/*.nbi, *.nbc), where
# `make` targets and `.venv/bin/mentorsim` commands both find them.
clean:
	rm -rf $(VENV) .numba_cache .pytest_cache .ruff_cache .hypothesis
	find sim -name '*.nbi' -delete -o -name '*.nbc' -delete
