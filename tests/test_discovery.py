"""Scenario discovery: PRIM and CART recover a box planted in synthetic data."""

import json

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiment.discovery import (
    DiscoveryError,
    box_table,
    cart_rules,
    choose_box,
    discover,
    prim,
)


def planted(n: int = 1000, noise: float = 0.03, seed: int = 0):
    """Cases where x1 > 0.7 and x2 < 0.3 (x3 irrelevant), with a few flipped at random."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.random((n, 3)), columns=["g.x1", "g.x2", "g.x3"])
    y = (x["g.x1"] > 0.7) & (x["g.x2"] < 0.3)
    flip = rng.random(n) < noise
    return x, (y ^ flip).to_numpy()


def test_prim_recovers_a_planted_box_with_small_quasi_p_values():
    x, y = planted()
    trajectory, boxes = prim(x, y)
    assert trajectory["coverage"].iloc[0] == 1.0  # the whole space covers every case
    assert trajectory["mass"].is_monotonic_decreasing
    step = choose_box(trajectory, 0.5)
    chosen = trajectory.iloc[step]
    assert chosen["density"] > 0.8 and chosen["coverage"] >= 0.5
    box = box_table(x, y, boxes[step]).set_index("parameter")
    assert set(box.index) >= {"g.x1", "g.x2"}
    assert box.loc["g.x1", "lo"] == pytest.approx(0.7, abs=0.05)
    assert box.loc["g.x2", "hi"] == pytest.approx(0.3, abs=0.05)
    assert box.loc["g.x1", "quasi_p"] < 1e-6 and box.loc["g.x2", "quasi_p"] < 1e-6
    if "g.x3" in box.index:  # an irrelevant restriction adds nothing beyond chance
        assert box.loc["g.x3", "quasi_p"] > 0.01


def test_prim_peels_a_categorical_parameter_by_its_values():
    x, y = planted()
    x["g.kind"] = np.where(np.arange(len(x)) % 2 == 0, "a", "b")
    y = y & (x["g.kind"] == "a").to_numpy()
    trajectory, boxes = prim(x, y)
    box = box_table(x, y, boxes[choose_box(trajectory, 0.5)]).set_index("parameter")
    assert box.loc["g.kind", "values"] == "a"


def test_cart_finds_the_planted_box_as_its_densest_leaf():
    x, y = planted()
    rules = cart_rules(x, y)
    top = rules.iloc[0]
    assert "g.x1 >" in top["rule"] and "g.x2 <=" in top["rule"]
    assert top["density"] > 0.8 and top["coverage"] > 0.6
    assert rules["cases"].sum() == y.sum() and rules["points"].sum() == len(y)


def test_discover_reads_a_sweep_and_defines_cases_by_the_outcome_direction():
    x, _ = planted(n=200)
    # attrition_10y is lower-better: the "worse" cases are above the threshold.
    value = 0.2 + 0.2 * ((x["g.x1"] > 0.7) & (x["g.x2"] < 0.3))
    runs = pd.DataFrame(
        {"design": "d", "point": np.arange(200), "replicate": 0, "attrition_10y": value}
    )
    points = x.assign(point=np.arange(200))
    resolved = {
        "designs": [{"name": "d"}],
        "varied": [{"key": k} for k in x.columns],
    }
    found = discover(resolved, runs, points, "d", "attrition_10y", 0.3)
    assert found.case == "attrition_10y > 0.3"
    assert found.cases == int(((x["g.x1"] > 0.7) & (x["g.x2"] < 0.3)).sum())
    assert set(found.box["parameter"]) >= {"g.x1", "g.x2"}
    with pytest.raises(DiscoveryError, match="choose a threshold inside that range"):
        discover(resolved, runs, points, "d", "attrition_10y", 0.9)
    with pytest.raises(DiscoveryError, match="not in the sweep"):
        discover(resolved, runs, points, "e", "attrition_10y", 0.3)


def test_the_discover_command_writes_the_box_rules_and_report(tmp_path, capsys):
    x, _ = planted(n=200)
    value = 0.2 + 0.2 * ((x["g.x1"] > 0.7) & (x["g.x2"] < 0.3))
    pd.DataFrame(
        {"design": "d", "point": np.arange(200), "replicate": 0, "attrition_10y": value}
    ).to_parquet(tmp_path / "runs.parquet")
    x.assign(point=np.arange(200)).to_parquet(tmp_path / "points.parquet")
    resolved = {"designs": [{"name": "d"}], "varied": [{"key": k} for k in x.columns]}
    (tmp_path / "experiment.json").write_text(json.dumps(resolved))
    args = ["discover", str(tmp_path), "--design", "d", "--outcome", "attrition_10y"]
    assert main([*args, "--threshold", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "attrition_10y > 0.3" in out and "g.x1" in out and "CART densest leaf" in out
    where = tmp_path / "discovery" / "d--attrition_10y"
    for name in ("prim_trajectory.csv", "prim_box.csv", "cart_rules.csv", "report.html"):
        assert (where / name).exists(), name
    assert main([*args, "--threshold", "0.9"]) == 2
    assert "choose a threshold inside that range" in capsys.readouterr().err
