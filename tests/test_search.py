"""Design search: NSGA-II finds a known Pareto set of a synthetic problem, then confirms it."""

import numpy as np
import pandas as pd
import pytest

from sim.cli import lever_text, main
from sim.experiment.search import dominated, pareto_search
from sim.experiment.sweep.search_spec import SearchSpec
from sim.experiment.sweep.space import Varied
from sim.scenario import load


def synthetic(noise: float = 0.0):
    """Two objectives with a known Pareto set: cost x^2 and attrition (x - 2)^2 / 10 + y^2.

    Both are minimised (program_cost and attrition_10y are lower-better outcomes); the Pareto
    set is y = 0, 0 <= x <= 2. promoted_assoc_10y = x / 4 lets a constraint cut the set.
    """

    def evaluate(candidates, seeds):
        tables = []
        for values in candidates:
            x, y = values.get("g.x", 1.0), values.get("g.y", 0.5)
            rows = []
            for seed in seeds:
                e = noise * np.random.default_rng(seed).standard_normal()
                rows.append(
                    {
                        "program_cost": x**2 + e,
                        "attrition_10y": (x - 2) ** 2 / 10 + y**2 + e,
                        "promoted_assoc_10y": x / 4,
                    }
                )
            tables.append(pd.DataFrame(rows))
        return tables

    return evaluate


LEVERS = [
    Varied("g.x", "lever", "range", lo=-3.0, hi=3.0),
    Varied("g.y", "lever", "range", lo=-1.0, hi=1.0),
]


def test_an_undefined_constrained_outcome_counts_as_a_violation():
    from sim.experiment.search import _violations

    rules = {"promotion_ratio_women": {"min": 0.9}}
    assert _violations({"promotion_ratio_women": 1.0}, rules, {}) == [pytest.approx(-0.1)]
    assert _violations({"promotion_ratio_women": float("nan")}, rules, {}) == [float("inf")]


def test_dominated_marks_rows_another_row_beats_everywhere():
    values = np.array([[1.0, 1.0], [2.0, 2.0], [0.5, 3.0], [1.0, 1.0]])
    assert dominated(values).tolist() == [False, True, False, False]


def test_search_finds_the_known_pareto_set_and_confirms_it():
    spec = SearchSpec(
        ("program_cost", "attrition_10y"), trials=200, population=20, confirm_replicates=4
    )
    result = pareto_search(
        LEVERS, spec, synthetic(), seeds=[1, 2], confirm_seeds=[3, 4, 5, 6], sampler_seed=0
    )
    assert len(result.trials) == 200
    front = result.front
    assert len(front) >= 5
    assert front["g.x"].between(-0.1, 2.1).all()  # on the known Pareto set ...
    # ... near y = 0 (the cheapest end may keep a candidate the search reached only there)
    assert (front["g.y"].abs() < 0.2).mean() >= 0.8
    assert front["confirmed"].any()
    assert front["program_cost_confirmed"].to_numpy() == pytest.approx(front["g.x"] ** 2)


def test_constraints_cut_the_front_and_noise_is_confirmed_on_fresh_seeds():
    spec = SearchSpec(
        ("program_cost", "attrition_10y"),
        trials=120,
        population=20,
        confirm_replicates=6,
        constraints={"promoted_assoc_10y": {"min": 0.25}},  # x >= 1
    )
    result = pareto_search(
        LEVERS,
        spec,
        synthetic(noise=0.01),
        seeds=[1, 2],
        confirm_seeds=list(range(10, 16)),
        sampler_seed=1,
    )
    assert result.front["g.x"].min() >= 1.0
    assert (~result.trials["feasible"]).any()  # the search met the constraint's other side
    assert result.front["program_cost_half_width"].gt(0).all()  # measured on fresh seeds
    not_worse = SearchSpec(
        ("program_cost", "attrition_10y"),
        trials=60,
        population=20,
        constraints={"promoted_assoc_10y": {"not_worse": True}},  # x >= the design's own 1.0
    )
    found = pareto_search(
        LEVERS, not_worse, synthetic(), seeds=[1], confirm_seeds=[2], sampler_seed=2
    )
    assert found.reference["search"]["promoted_assoc_10y"] == 0.25
    assert found.front["g.x"].min() >= 1.0


@pytest.mark.slow
def test_the_search_command_writes_front_report_and_scenario_files(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "s"\ndesigns = ["single_mentor"]\nreplicates = 1\nyears = 6\n'
        'outcomes = ["mentored_share", "program_cost"]\n'
        '[set]\n"institution.initial_size" = 60\n'
        '[levers]\n"program.protected_hours_per_week" = [0.0, 8.0]\n'
        '[search]\nobjectives = ["mentored_share", "program_cost"]\ntrials = 4\n'
        "population = 2\nconfirm_replicates = 2\n"
    )
    out = tmp_path / "out"
    assert main(["search", str(path), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert "4 candidates" in capsys.readouterr().out
    front = pd.read_csv(out / "front.csv")
    assert len(pd.read_csv(out / "trials.csv")) == 4 and len(front) >= 1
    assert (out / "report.html").exists()
    written = sorted((out / "scenarios").glob("*.toml"))
    assert len(written) == int(front["confirmed"].sum()) >= 1
    assert load(written[0]).program.formal  # a full scenario file, ready for compare

    # A second search into the folder is refused, offering the flag search has (no --resume).
    again = ["search", str(path), "--out", str(out), "--workers", "1", "--quiet"]
    before = (out / "front.csv").read_bytes()
    assert main(again) == 2
    err = capsys.readouterr().err
    assert "already holds results" in err and "--force" in err and "--resume" not in err
    assert (out / "front.csv").read_bytes() == before
    # --force replaces it, and no scenario file of an earlier front stays behind.
    stale = out / "scenarios" / "single_mentor_pareto_99.toml"
    stale.write_text(written[0].read_text())
    assert main([*again, "--force"]) == 0
    assert not stale.exists()
    front = pd.read_csv(out / "front.csv")
    assert len(list((out / "scenarios").glob("*.toml"))) == int(front["confirmed"].sum())


def test_the_search_prints_lever_choices_whole_and_numbers_short():
    assert lever_text("new_faculty") == "new_faculty"
    assert lever_text(True) == "True"
    assert lever_text(np.float64(2.8407656168750988)) == "2.841"
    assert lever_text(3) == "3"
