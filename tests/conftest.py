"""Test configuration: a reproducible hypothesis profile for CI, and one import alias."""

import importlib
import os
import sys

from hypothesis import settings

# CI explores the same examples every run, so a failure there is reproducible, never flaky;
# a developer's run explores new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The kernel-call recorder moved out of the package to benchmarks/kernels.py (a wheel carries the
# model, not the harness that times it). tests/test_kernels.py still imports it as
# ``sim.benchmark``; this alias keeps that import working until test_kernels imports
# ``benchmarks.kernels`` itself. Delete it then.
sys.modules.setdefault("sim.benchmark", importlib.import_module("benchmarks.kernels"))
