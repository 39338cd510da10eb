"""Sweep reports draw each design's yearly metrics as an envelope over the sampled points."""

import numpy as np
import pandas as pd

from sim.report.documents.sweep import write_sweep_report


def test_the_sweep_report_draws_yearly_envelopes_over_the_points(tmp_path):
    rng = np.random.default_rng(0)
    yearly = pd.DataFrame(
        [
            {
                "design": design,
                "point": p,
                "replicate": r,
                "year": year,
                "mentored_share": min(1.0, 0.1 * year + 0.05 * p + 0.01 * r),
                "burnout_share": rng.random(),
            }
            for design in ("a", "b")
            for p in range(4)
            for r in range(2)
            for year in range(6)
        ]
    )
    runs = (
        yearly[yearly["year"] == 5]
        .drop(columns="year")
        .assign(**{"mentors.skill_mean": lambda t: 0.1 * t["point"]})
    )
    resolved = {
        "name": "env",
        "description": "",
        "designs": [{"name": "a"}, {"name": "b"}],
        "replicates": 2,
        "seed": 0,
        "sampler": {"method": "lhs"},
        "varied": [
            {
                "key": "mentors.skill_mean",
                "role": "uncertainty",
                "kind": "range",
                "lo": 0,
                "hi": 1,
                "origin": "plausible",
            }
        ],
        "skipped": [],
        "outcomes": ["mentored_share"],
    }
    _, md = write_sweep_report(tmp_path, resolved, runs, yearly)
    text = md.read_text()
    assert "## Yearly envelopes" in text
    assert "envelope" in text and "yearly_envelopes" in text
    _, md = write_sweep_report(tmp_path / "none", resolved, runs)
    assert "Yearly envelopes" not in md.read_text()
