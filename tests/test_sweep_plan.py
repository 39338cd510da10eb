"""Sweeps that tell: ``--plan`` before a run, a sane rate after a resume, ``--no-report``."""

import io
import json
import re
import time
from pathlib import Path

import pytest
from tqdm import tqdm

from sim.cli import main
from sim.experiment.resume import RECORD
from sim.experiment.sweep.plan import plan_sweep
from sim.experiment.sweep.runner import resolved
from sim.experiment.sweep.samplers import draw_points
from sim.experiment.sweep.spec import from_dict
from sim.workflows import start_bar

RAW = {
    "name": "planned",
    "designs": ["baseline", "single_mentor"],
    "replicates": 2,
    "years": 8,
    "outcomes": ["mentored_share"],
    "set": {"institution.initial_size": 100},
    "uncertainties": {"mentors.skill_mean": "plausible"},
    "sampler": {"method": "lhs", "n": 3},
}


def experiment(tmp_path: Path, **changes):
    return from_dict({**RAW, **changes}, source="planned.toml", base=tmp_path)


def test_plan_counts_runs_and_estimates_time_memory_and_disk(tmp_path):
    plan = plan_sweep(experiment(tmp_path), tmp_path / "out", workers=2)
    assert (plan.runs, plan.done, plan.points) == (12, 0, 3)  # 2 designs x 3 points x 2
    assert plan.person_years == 12 * 100 * 8
    assert plan.seconds > 0 and plan.memory_mb > 0 and plan.disk_mb > 0
    assert "(new)" in plan.folder_note
    assert not (tmp_path / "out").exists()  # a plan writes nothing
    lines = plan.lines()
    assert lines[0].startswith("planned: 2 design(s) x 3 points x 2 replicate(s) = 12 runs")
    # Twice the workers, about half the model time.
    faster = plan_sweep(experiment(tmp_path), tmp_path / "out", workers=4)
    assert faster.seconds < plan.seconds


def test_plan_of_a_resumable_folder_counts_what_is_done_and_uses_its_measured_rate(tmp_path):
    exp = experiment(tmp_path)
    out = tmp_path / "out"
    points, _ = draw_points(exp)
    (out / "parts" / "runs").mkdir(parents=True)
    (out / RECORD).write_text(json.dumps(resolved(exp, points)))
    parts = plan_sweep(exp, out, workers=1).parts
    (out / "parts" / "runs" / "part-0000000.parquet").write_bytes(b"")
    (out / "manifest.json").write_text(
        json.dumps({"runs": 12, "runs_resumed": 0, "model_seconds_total": 24.0})
    )
    plan = plan_sweep(exp, out, workers=1)
    assert plan.done == 12 // parts
    assert plan.seconds == pytest.approx(2.0 * (12 - plan.done))  # 2 s a run, measured
    assert "measured by the earlier invocation" in plan.rate_source
    assert "interrupted" in plan.folder_note
    other = plan_sweep(experiment(tmp_path, replicates=3), out, workers=1)
    assert other.done == 0 and "another experiment" in other.folder_note


def test_plan_option_prints_the_plan_and_runs_nothing(tmp_path, capsys):
    path = tmp_path / "e.toml"
    path.write_text(
        'name = "e"\ndesigns = ["baseline"]\nyears = 8\noutcomes = ["mentored_share"]\n'
        '[set]\n"institution.initial_size" = 100\n[uncertainties]\n'
        '"mentors.skill_mean" = "plausible"\n[sampler]\nmethod = "saltelli"\nn = 8\n'
    )
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--plan", "--workers", "1"]) == 0
    captured = capsys.readouterr()
    assert "e: 1 design(s) x 24 points x 2 replicate(s) = 48 runs" in captured.out
    assert "estimated time" in captured.out and "estimated memory" in captured.out
    assert "below the minimum for 'saltelli'" in captured.err  # the guardrail, before a run
    assert not out.exists()


def test_a_resumed_progress_bar_counts_only_the_runs_done_now():
    bar = tqdm(total=0, file=io.StringIO(), unit="run", smoothing=0.1, mininterval=0)
    start_bar(bar, total=200, done=150)
    time.sleep(0.05)
    bar.update(1)
    shown = str(bar)
    assert "151/200" in shown
    rate = float(re.search(r"([\d.]+)run/s", shown).group(1))
    assert rate < 100  # one run in 50 ms, not 150 runs in no time (was "140311.24run/s")


@pytest.mark.slow
def test_no_report_writes_the_tables_only(tmp_path, capsys):
    path = tmp_path / "e.toml"
    path.write_text(
        'name = "e"\ndesigns = ["baseline", "single_mentor"]\nreplicates = 1\nyears = 6\n'
        'outcomes = ["mentored_share"]\n[set]\n"institution.initial_size" = 60\n'
        '[uncertainties]\n"mentors.skill_mean" = "plausible"\n[sampler]\nmethod = "lhs"\nn = 2\n'
    )
    out = tmp_path / "out"
    args = ["sweep", str(path), "--out", str(out), "--workers", "1", "--quiet", "--no-report"]
    assert main(args) == 0
    assert (out / "runs.parquet").exists()
    assert not (out / "report.html").exists() and not (out / "robustness").exists()
    assert "report.html" not in capsys.readouterr().out
