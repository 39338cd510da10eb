"""What each design costs against its reference, and what that buys: ``costs.csv``.

From the paired runs of a comparison (replicate r of every design meets the same people and
chance events), per design other than the baseline, against its reference (the baseline, or
the design of the comparison it changes):

- the design's yearly program cost, and its paired differences from the reference in program
  cost, turnover cost and net cost (program, turnover and the faculty time mentors give
  beyond protected hours, ``mentoring_time_cost``), all in $k a year;
- departures avoided (the reference's ``departures_per_year`` minus the design's) and extra
  promotions (the design's ``promotions_per_year`` minus the reference's), in people a year;
- the cost per departure avoided and per extra promotion: the extra program cost divided by
  the departures avoided or the extra promotions, both yearly means, so the ratio is in $k
  per person. The numerator is the program cost alone, before turnover savings: a departure
  avoided saves ``costs.replacement_cost``, so a cost per departure avoided below that means
  the program pays for itself in turnover (``net_cost`` then falls).

Differences carry the paired t interval of the comparison table (the same numbers as
``comparison.csv``, Bonferroni-adjusted over the designs compared). A ratio of two means
carries Fieller's interval at the same family-wise level (``sim.experiment.stats``), built on
the same paired t test: it is bounded exactly when the interval of the departures avoided (or
of the extra promotions) excludes zero. Where that interval includes zero the design may buy
nothing at all, so the price has no upper bound: ``ci_high`` is ``inf`` (``ci_low`` the least
price consistent with the data, or ``-inf``), and ``note`` says the design may avoid no
departures (add no promotions). A bootstrap percentile interval would hide this with few
replicates, where every resample can avoid departures and give a narrow, finite interval.

A ratio is defined only where the design avoids departures (or adds promotions) and costs
more: where it avoids none, a cost per departure avoided is not a price but a sign error, and
where it costs less while avoiding departures no price is paid at all. Such rows have no value
and say why in ``note``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.experiment import stats

#: Columns of the table returned by :func:`cost_table` (and of ``costs.csv``), in order.
COST_COLUMNS = (
    "design",
    "baseline",
    "reference",
    "measure",
    "value",
    "ci_low",
    "ci_high",
    "unit",
    "n",
    "note",
)

#: Notes of a ratio without a value.
NO_DEPARTURES_AVOIDED = "no departures avoided"
NO_EXTRA_PROMOTIONS = "no extra promotions"
COSTS_LESS = "costs less than its reference"
NOT_IN_RUNS = "not in the runs"

#: Notes of a ratio whose interval has no upper bound: the benefit's interval includes zero.
MAY_AVOID_NO_DEPARTURES = "may avoid no departures"
MAY_ADD_NO_PROMOTIONS = "may add no promotions"


@dataclass(frozen=True)
class Measure:
    """One row kind of ``costs.csv``: its name, unit and what it is."""

    name: str
    unit: str
    definition: str


#: The measures of ``costs.csv``, in the order they are written.
MEASURES: dict[str, Measure] = {
    m.name: m
    for m in [
        Measure(
            "program_cost", "$k/year", "the design's yearly program cost (mean over replicates)"
        ),
        Measure(
            "extra_program_cost", "$k/year", "program_cost of the design minus its reference's"
        ),
        Measure(
            "turnover_cost_saved",
            "$k/year",
            "turnover_cost of its reference minus the "
            "design's (departures avoided times costs.replacement_cost)",
        ),
        Measure(
            "extra_net_cost",
            "$k/year",
            "net_cost (program, turnover and unpaid mentoring time) of the design minus "
            "its reference's; negative: the design saves money",
        ),
        Measure(
            "departures_avoided",
            "people/year",
            "departures_per_year of its reference minus the design's",
        ),
        Measure(
            "extra_promotions",
            "people/year",
            "promotions_per_year of the design minus its reference's",
        ),
        Measure(
            "cost_per_departure_avoided",
            "$k/person",
            "extra_program_cost divided by departures_avoided",
        ),
        Measure(
            "cost_per_extra_promotion",
            "$k/person",
            "extra_program_cost divided by extra_promotions",
        ),
    ]
}

# (measure, outcome, sign): a difference is sign * (design - baseline).
_DIFFERENCES = (
    ("extra_program_cost", "program_cost", 1),
    ("turnover_cost_saved", "turnover_cost", -1),
    ("extra_net_cost", "net_cost", 1),
    ("departures_avoided", "departures_per_year", -1),
    ("extra_promotions", "promotions_per_year", 1),
)


@dataclass(frozen=True)
class _Ratio:
    """A cost per unit of benefit: the benefit's outcome and sign, and the notes of its row."""

    measure: str
    outcome: str
    sign: int  # the benefit is sign * (design - baseline)
    nothing: str  # note where the design buys nothing
    maybe_nothing: str  # note where the benefit's interval includes zero


_RATIOS = (
    _Ratio(
        "cost_per_departure_avoided",
        "departures_per_year",
        -1,
        NO_DEPARTURES_AVOIDED,
        MAY_AVOID_NO_DEPARTURES,
    ),
    _Ratio(
        "cost_per_extra_promotion",
        "promotions_per_year",
        1,
        NO_EXTRA_PROMOTIONS,
        MAY_ADD_NO_PROMOTIONS,
    ),
)


def cost_table(
    runs: pd.DataFrame,
    baseline: str,
    *,
    references: Mapping[str, str] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Costs and cost-effectiveness of every design against its reference, from paired runs.

    Args:
        runs: One row per design and replicate with ``design``, ``replicate`` and the outcome
            columns ``program_cost``, ``turnover_cost``, ``net_cost``, ``departures_per_year``
            and ``promotions_per_year`` (a missing one gives rows noted "not in the runs").
        baseline: The design every other is compared with unless ``references`` names another.
        references: Design -> the design it is compared with instead of the baseline (the
            design it changes); ``reference`` in each row says which.
        confidence: Family-wise confidence of each measure's intervals over the designs.

    Returns:
        One row per design (the baseline left out, designs in order of first appearance)
        and measure of :data:`MEASURES`, with columns :data:`COST_COLUMNS`. ``n`` is the
        number of replicate pairs used; ``note`` says why a value is missing, or why a
        ratio's interval has no upper bound.

    Raises:
        ValueError: If ``runs`` lacks ``design`` or ``replicate``, or the baseline or a
            reference is not among its designs.
    """
    for column in ("design", "replicate"):
        if column not in runs.columns:
            raise ValueError(f"runs has no {column!r} column")
    designs = [str(d) for d in pd.unique(runs["design"].astype(str))]
    if baseline not in designs:
        raise ValueError(f"baseline {baseline!r} is not among the designs: {', '.join(designs)}")
    others = [d for d in designs if d != baseline]
    n_comparisons = max(1, len(others))
    by_design = {d: runs[runs["design"].astype(str) == d].set_index("replicate") for d in designs}
    replicates = sorted(by_design[baseline].index)
    rows = []
    for design in others:
        reference = (references or {}).get(design, baseline)
        if reference not in by_design:
            raise ValueError(
                f"reference {reference!r} of {design!r} is not among the designs: "
                f"{', '.join(designs)}"
            )

        def paired(
            outcome: str, which: str = design, ref: str = reference
        ) -> tuple[np.ndarray, np.ndarray] | None:
            if outcome not in runs.columns:
                return None
            return (
                _values(by_design[which], outcome, replicates),
                _values(by_design[ref], outcome, replicates),
            )

        rows.append(
            _level_row(design, reference, paired("program_cost"), confidence, n_comparisons)
        )
        for measure, outcome, sign in _DIFFERENCES:
            rows.append(
                _difference_row(
                    design, reference, measure, paired(outcome), sign, confidence, n_comparisons
                )
            )
        for ratio in _RATIOS:
            rows.append(
                _ratio_row(
                    design,
                    reference,
                    ratio,
                    paired("program_cost"),
                    paired(ratio.outcome),
                    confidence,
                    n_comparisons,
                )
            )
    return pd.DataFrame([{"baseline": baseline} | row for row in rows], columns=list(COST_COLUMNS))


# -- rows -----------------------------------------------------------------------------------------


def _values(part: pd.DataFrame, outcome: str, replicates: list) -> np.ndarray:
    return part[outcome].reindex(replicates).to_numpy(dtype=float, na_value=np.nan)


def _row(
    design: str,
    reference: str,
    measure: str,
    value: float = math.nan,
    low: float = math.nan,
    high: float = math.nan,
    n: int = 0,
    note: str = "",
) -> dict:
    return {
        "design": design,
        "reference": reference,
        "measure": measure,
        "value": value,
        "ci_low": low,
        "ci_high": high,
        "unit": MEASURES[measure].unit,
        "n": n,
        "note": note,
    }


def _level_row(
    design: str, reference: str, pair: tuple | None, confidence: float, n_comparisons: int
) -> dict:
    if pair is None:
        return _row(design, reference, "program_cost", note=NOT_IN_RUNS)
    # Bonferroni over the designs, like every other interval here.
    level = 1 - (1 - confidence) / n_comparisons
    interval = stats.mean_interval(pair[0], level)
    return _row(
        design, reference, "program_cost", interval.mean, interval.low, interval.high, interval.n
    )


def _difference_row(
    design: str,
    reference: str,
    measure: str,
    pair: tuple | None,
    sign: int,
    confidence: float,
    n_comparisons: int,
) -> dict:
    if pair is None:
        return _row(design, reference, measure, note=NOT_IN_RUNS)
    interval = stats.paired_interval(pair[0] - pair[1], confidence, n_comparisons)
    low, high = (interval.low, interval.high) if sign > 0 else (-interval.high, -interval.low)
    return _row(
        design,
        reference,
        measure,
        _signed_zero(sign * interval.mean),
        _signed_zero(low),
        _signed_zero(high),
        interval.n,
    )


def _ratio_row(
    design: str,
    reference: str,
    ratio: _Ratio,
    cost_pair: tuple | None,
    benefit_pair: tuple | None,
    confidence: float,
    n_comparisons: int,
) -> dict:
    measure = ratio.measure
    if cost_pair is None or benefit_pair is None:
        return _row(design, reference, measure, note=NOT_IN_RUNS)
    cost = cost_pair[0] - cost_pair[1]
    benefit = ratio.sign * (benefit_pair[0] - benefit_pair[1])
    keep = ~(np.isnan(cost) | np.isnan(benefit))
    cost, benefit = cost[keep], benefit[keep]
    n = int(cost.size)
    if n == 0:
        return _row(design, reference, measure, note=NOT_IN_RUNS)
    mean_cost, mean_benefit = float(cost.mean()), float(benefit.mean())
    if not mean_benefit > 0:
        return _row(design, reference, measure, n=n, note=ratio.nothing)
    if mean_cost < 0:
        return _row(design, reference, measure, n=n, note=COSTS_LESS)
    low, high = stats.ratio_interval(cost, benefit, confidence, n_comparisons)
    note = ratio.maybe_nothing if high == math.inf else ""
    return _row(
        design, reference, measure, _signed_zero(mean_cost / mean_benefit), low, high, n, note
    )


def _signed_zero(value: float) -> float:
    """``value`` with -0.0 written as 0.0 (a difference of exactly nothing has no sign)."""
    return 0.0 if value == 0 else value
