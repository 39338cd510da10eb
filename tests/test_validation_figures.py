"""Each target's validation figure lays out whatever the length of its population text."""

import io
import warnings
from pathlib import Path

import numpy as np
import pytest

from sim.experiment.targets import load_targets
from sim.report.documents.validation import target_figure

TARGETS = load_targets(Path(__file__).resolve().parents[1] / "experiments" / "targets.toml")


@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
def test_every_shipped_target_figure_lays_out(target):
    # A title wider than the figure used to leave constrained layout no room (T14's
    # population runs to 266 characters): matplotlib then drew the figure unlaid out and
    # warned in the middle of `validate`'s output.
    values = np.random.default_rng(0).normal(0.5 * (target.low + target.high), 0.1, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        target_figure(target, values).savefig(io.BytesIO(), format="png")
