"""What the terminal says: units, where the baseline is best, compiling, the design running."""

import os
import subprocess
import sys

import pandas as pd
import pytest

from sim.experiment.compare import plan, run_comparison
from sim.experiment.options import RunOptions
from sim.experiment.stats import TABLE_COLUMNS
from sim.report.documents.terminal import baseline_best, compile_notice, format_comparison
from sim.scenario import Scenario


def _table() -> pd.DataFrame:
    rows = []
    for outcome, values in {
        "net_cost": (20869.0, 21541.0, 20500.0),
        "mentored_share": (0.57, 0.76, 0.80),
        "mean_mentors_per_mentee": (1.4, 1.5, 2.9),
    }.items():
        base = values[0]
        p_best = {
            "net_cost": (0.9, 0.0, 0.1),
            "mentored_share": (0.0, 0.1, 0.9),
            "mean_mentors_per_mentee": (0.0, 0.0, 1.0),
        }[outcome]
        for design, mean, p in zip(("baseline", "a", "b"), values, p_best, strict=True):
            rows.append(
                dict(
                    outcome=outcome,
                    design=design,
                    baseline="baseline",
                    mean=mean,
                    reference_mean=base,
                    diff=mean - base,
                    rel_diff=(mean - base) / base,
                    ci_low=mean - base - 1,
                    ci_high=mean - base + 1,
                    verdict="worse",
                    p_best=p,
                    half_width=1.0,
                    n=10,
                    variance_reduction=0.5,
                    width_ratio=0.7,
                )
            )
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def test_the_comparison_table_gives_every_outcome_its_unit():
    text = format_comparison(_table(), ["net_cost", "mentored_share"], "baseline")
    header, rule, *rows = text.splitlines()
    assert header.split()[:3] == ["outcome", "unit", "design"]
    assert rows[0].split()[:3] == ["net_cost", "$k/year", "a"]
    # Shares in percentage points, as in the report.
    assert rows[2].split()[:3] == ["mentored_share", "points", "a"]


def test_the_baseline_being_best_is_said():
    table = _table()
    line = baseline_best(
        table, ["net_cost", "mentored_share", "mean_mentors_per_mentee"], "baseline"
    )
    assert line.startswith(
        "P(best): baseline itself is the most likely best design on net_cost (0.90);"
    )
    assert "mentored_share" not in line  # b is best there
    assert "mean_mentors_per_mentee" not in line  # no preferred direction
    assert baseline_best(table, ["mentored_share"], "baseline") == ""


def test_compile_notice_names_the_modules_and_the_cache():
    text = compile_notice(["sim.kernels", "sim.rng"], "/tmp/cache")
    assert "numba is compiling the model's kernels (2 modules)" in text
    assert "about 20 s" in text and "cached in /tmp/cache" in text
    # One module (changed, or used only by some designs) may compile mid-run, briefly.
    one = compile_notice(["sim.sponsorship"], None)
    assert "(1 module)" in one and "in the middle of the runs" in one


def _modules_to_compile(env: dict) -> str:
    code = (
        "from sim.experiment.compilation import modules_to_compile; "
        "print(','.join(modules_to_compile()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def test_a_cold_numba_cache_is_noticed_before_anything_compiles(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("NUMBA_DISABLE_JIT", None)
    cold = _modules_to_compile(env).split(",")
    assert "sim.rng" in cold and any(m.startswith("sim.kernels") for m in cold)
    assert not any((tmp_path / "cache").rglob("*.nbc"))  # nothing was compiled to tell
    assert _modules_to_compile({**env, "NUMBA_DISABLE_JIT": "1"}) == ""


@pytest.mark.needs_jit
def test_every_cold_module_is_announced(monkeypatch):
    # A kernel first used mid-comparison (the sponsorship kernel, say) once froze the bar for
    # over a minute with no word: any cold module is announced; a warm cache is not.
    from sim.experiment import compilation

    modules = sorted(compilation._dispatchers())
    monkeypatch.setattr(compilation, "_cached", lambda f: f.__module__ != modules[0])
    assert compilation.modules_to_compile() == modules[:1]
    assert compilation.worth_announcing(modules[:1])
    monkeypatch.setattr(compilation, "_cached", lambda f: True)
    assert not compilation.worth_announcing(compilation.modules_to_compile())


def test_the_progress_bar_names_the_design_running(tmp_path, capsys):
    a = Scenario().replace(**{"institution.initial_size": 120, "years": 8, "name": "a"})
    b = a.replace(name="b")
    run_comparison(plan([a, b], reps=1), seed=1, options=RunOptions(workers=1, out_dir=tmp_path))
    err = capsys.readouterr().err
    assert "compare 1/2 a" in err and "compare 2/2 b" in err
    assert err.rindex("compare 2/2 b") > err.rindex("compare 1/2 a")


def test_runs_are_reported_in_submission_order_on_one_worker(tmp_path):
    from sim.experiment.runner import run_designs

    a = Scenario().replace(
        **{"institution.initial_size": 60, "years": 3, "warmup_years": 1, "name": "a"}
    )
    seen = []
    run_designs(
        [a, a.replace(name="b")],
        reps=3,
        seed=2,
        options=RunOptions(out_dir=tmp_path, workers=1),
        on_done=lambda design, r, _: seen.append((design, r)),
    )
    assert seen == [("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1), ("b", 2)]


def test_futures_finished_together_come_in_submission_order():
    from concurrent.futures import Future

    from sim.experiment.runner import completed_in_submission_order

    futures = [Future() for _ in range(64)]
    for k, future in enumerate(reversed(futures)):
        future.set_result(k)
    assert list(completed_in_submission_order(futures)) == futures


def test_the_run_summary_gives_units():
    from sim.report.documents.terminal import format_summary

    summary = pd.DataFrame(
        [("net_cost", "a", 20869.0, 1.0, 20000.0, 21000.0, 10)],
        columns=["outcome", "design", "mean", "sd", "ci_low", "ci_high", "n"],
    )
    header, _, row = format_summary(summary).splitlines()
    assert header.split()[:3] == ["design", "outcome", "unit"]
    assert row.split()[:4] == ["a", "net_cost", "$k/year", "20,869"]
