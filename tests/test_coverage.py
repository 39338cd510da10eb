"""Coverage on fresh seeds: how precisely each member is measured, and what noise alone gives."""

import math

import numpy as np
import pandas as pd
import pytest

from sim.experiment.coverage import blurred, coverage_table, member_means, noise_coverage
from sim.experiment.ensemble import Ensemble, member_of
from sim.experiment.targets import Target


def _target(low=0.0, high=1.0):
    return Target("T", "x", "baseline", low, high, population="all", source="test")


def _runs(values_by_replicate):
    return pd.DataFrame(
        {
            "design": "baseline",
            "replicate": np.arange(len(values_by_replicate)),
            "x": values_by_replicate,
        }
    )


def _ensemble(n):
    return Ensemble(("p",), np.arange(n, dtype=float).reshape(n, 1))


def test_noise_coverage_is_that_of_a_centred_member():
    assert noise_coverage(1.0, 0.0) == 1.0
    # half-width of 1.96 standard errors: a centred member's mean is inside 95% of the time
    assert noise_coverage(1.96, 1.0) == pytest.approx(0.95, abs=1e-3)
    assert noise_coverage(0.5, 1.0) == pytest.approx(0.383, abs=1e-3)
    assert math.isnan(noise_coverage(1.0, math.nan))


def test_member_means_pool_the_within_member_variance():
    # 2 members x 4 seeds (replicate r runs member (r // 2) mod 2): member 0 on replicates
    # 0, 1, 4, 5 and member 1 on 2, 3, 6, 7.
    n = 2
    values = np.array([1.0, 3.0, 10.0, 12.0, 1.0, 3.0, 10.0, 12.0])
    assert [member_of(r, n) for r in range(8)] == [0, 0, 1, 1, 0, 0, 1, 1]
    means, k, pooled = member_means(pd.Series(values), n)
    assert list(means) == [2.0, 11.0]
    assert k == 4
    assert pooled == pytest.approx(np.var([1.0, 3.0, 1.0, 3.0], ddof=1))


def test_coverage_reports_the_members_standard_error_and_noise_only_coverage():
    rng = np.random.default_rng(5)
    n, k, sd = 10, 8, 0.3
    reps = n * k
    members = np.array([member_of(r, n) for r in range(reps)])
    truth = np.linspace(0.45, 0.55, n)  # every member's expected value inside [0, 1]
    values = truth[members] + rng.normal(0.0, sd, reps)
    row = coverage_table([_target()], _runs(values), None, _ensemble(n)).iloc[0]
    assert row["members"] == n and row["seeds_per_member"] == k
    assert row["member_se"] == pytest.approx(sd / math.sqrt(k), rel=0.3)
    assert row["se_over_half_width"] == pytest.approx(row["member_se"] / 0.5)
    assert row["noise_coverage"] == pytest.approx(noise_coverage(0.5, row["member_se"]))


def test_more_seeds_per_member_sharpen_the_coverage_of_a_noisy_target():
    # Every member's expected value lies inside the band; the noise of one run is larger
    # than the band's half-width, so two seeds leave many members outside by noise alone.
    rng = np.random.default_rng(11)
    n, sd = 40, 0.7

    def table(k):
        values = 0.5 + rng.normal(0.0, sd, n * k)
        return coverage_table([_target()], _runs(values), None, _ensemble(n)).iloc[0]

    two, thirty_two = table(2), table(32)
    assert two["noise_coverage"] < 0.8 and "T" in blurred(pd.DataFrame([two]))
    assert thirty_two["noise_coverage"] > 0.99 and blurred(pd.DataFrame([thirty_two])) == []
    assert two["coverage"] < 0.8 <= thirty_two["coverage"]


def test_member_seeds_set_the_replicates_and_bad_requests_get_one_line_errors():
    from argparse import Namespace

    from sim.cli import validation_reps
    from sim.errors import InputError

    ensemble = _ensemble(15)
    assert validation_reps(Namespace(member_seeds=None, reps=None), ensemble) == 30
    assert validation_reps(Namespace(member_seeds=None, reps=None), None) == 30
    assert validation_reps(Namespace(member_seeds=None, reps=12), ensemble) == 12
    assert validation_reps(Namespace(member_seeds=6, reps=None), ensemble) == 90
    for args, ensemble_, words in [
        (Namespace(member_seeds=6, reps=None), None, "needs --ensemble"),
        (Namespace(member_seeds=6, reps=30), ensemble, "give one of them"),
        (Namespace(member_seeds=5, reps=None), ensemble, "multiple of 2"),
    ]:
        with pytest.raises(InputError, match=words) as caught:
            validation_reps(args, ensemble_)
        assert "\n" not in str(caught.value) and "--member-seeds" in str(caught.value)


def test_the_coverage_table_names_the_targets_noise_blurs(capsys):
    from sim.report.documents.terminal import print_coverage

    table = pd.DataFrame(
        {
            "target": ["T2", "T9b"],
            "low": [0.40, 0.70],
            "high": [0.56, 0.87],
            "value": [0.5, 0.76],
            "members": [20, 20],
            "seeds_per_member": [2.0, 2.0],
            "coverage": [0.95, 0.45],
            "member_se": [0.01, 0.095],
            "se_over_half_width": [0.125, 1.12],
            "noise_coverage": [noise_coverage(0.08, 0.01), noise_coverage(0.085, 0.095)],
            "member_p05": [0.45, 0.6],
            "member_p95": [0.55, 0.93],
            "ensemble_ok": [True, False],
        }
    )
    print_coverage(table)
    text = capsys.readouterr().out
    assert "2 per member" in text and "noise only" in text
    assert "blurs the coverage of T9b:" in text and "T2," not in text
    assert "passes 1 of 2 targets" in text
