"""Paired comparison of simulation designs run on common random numbers.

Every design is run on the same replicate seeds, so replicate ``r`` of design A and replicate
``r`` of design B share their random numbers. Differences are therefore taken pair by pair,
which removes the noise the designs have in common and gives much narrower intervals than a
comparison of two independent samples would.

The input to :func:`compare_designs` is a long table ``runs`` with columns ``design``,
``replicate`` and one float column per outcome. The functions below build the per-outcome
comparison table, the verdicts, the bootstrap probability that each design is best, and the
quantities used by the adaptive stopping rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

BASELINE = "baseline"
NO_DIFFERENCE = "no detectable difference"
UNDEFINED = "undefined"

#: Columns of the table returned by :func:`compare_designs`, in order.
TABLE_COLUMNS = (
    "outcome",
    "design",
    "baseline",
    "reference",
    "mean",
    "reference_mean",
    "diff",
    "rel_diff",
    "ci_low",
    "ci_high",
    "verdict",
    "p_best",
    "half_width",
    "n",
    "variance_reduction",
    "width_ratio",
)

# Bootstrap index cells drawn at a time in prob_best (bounds memory for long runs).
_BOOT_CELLS = 1 << 20


class Interval(NamedTuple):
    """Confidence interval for a difference of means.

    Attributes:
        mean: Point estimate of the difference.
        low: Lower bound (nan when it cannot be computed).
        high: Upper bound (nan when it cannot be computed).
        half_width: Distance from ``mean`` to either bound.
        n: Observations used: pairs for a paired interval, both samples together for an
            unpaired one.
        sd: Standard deviation of one difference: of the paired differences, or for an
            unpaired interval ``sqrt(var(a) + var(b))``.
    """

    mean: float
    low: float
    high: float
    half_width: float
    n: int
    sd: float


def paired_interval(diffs: ArrayLike, confidence: float = 0.95, n_comparisons: int = 1) -> Interval:
    """Paired t interval for the mean of paired differences, Bonferroni-adjusted.

    The significance level is split over ``n_comparisons`` intervals:
    ``alpha = (1 - confidence) / n_comparisons`` and the half-width is
    ``t.ppf(1 - alpha / 2, n - 1) * sd / sqrt(n)``.

    NaN differences (a pair where either run is missing) are dropped before anything is
    computed; ``n`` counts the pairs that remain.

    Args:
        diffs: One-dimensional differences, one per replicate pair.
        confidence: Family-wise confidence level, strictly between 0 and 1.
        n_comparisons: Number of intervals the confidence is shared between (at least 1).

    Returns:
        The interval. With fewer than two pairs the bounds, half-width and sd are nan (and
        the mean is nan with no pairs at all). When every difference is the same the
        half-width is 0 and both bounds equal the mean.

    Raises:
        ValueError: If ``diffs`` is not one-dimensional or an argument is out of range.
    """
    _check_interval_args(confidence, n_comparisons)
    d = _drop_nan(_as_1d(diffs, "diffs"))
    n = int(d.size)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, math.nan, 0, math.nan)
    mean = float(np.mean(d))
    if n < 2:
        return Interval(mean, math.nan, math.nan, math.nan, n, math.nan)
    if np.ptp(d) == 0:
        return Interval(mean, mean, mean, 0.0, n, 0.0)
    sd = float(np.std(d, ddof=1))
    half = _t_quantile(confidence, n_comparisons, n - 1) * sd / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, half, n, sd)


def mean_interval(values: ArrayLike, confidence: float = 0.95) -> Interval:
    """One-sample t interval of a mean (NaN values dropped).

    The paired interval is exactly this, taken on the differences; validation and the run
    summary take it on replicate values.
    """
    return paired_interval(values, confidence)


def unpaired_interval(
    a: ArrayLike, b: ArrayLike, confidence: float = 0.95, n_comparisons: int = 1
) -> Interval:
    """Welch interval for ``mean(a) - mean(b)``, treating the samples as independent.

    This is the interval one would get without common random numbers; it is used to show
    how much pairing gains. NaNs are dropped from each sample separately, and the samples
    may differ in length.

    Args:
        a: First sample, one-dimensional.
        b: Second sample, one-dimensional.
        confidence: Family-wise confidence level, strictly between 0 and 1.
        n_comparisons: Number of intervals the confidence is shared between (at least 1).

    Returns:
        The interval, with ``n = len(a) + len(b)`` (after dropping NaNs) and
        ``sd = sqrt(var(a) + var(b))``. Bounds are nan when either sample has fewer than two
        values; the half-width is 0 when both samples are constant.

    Raises:
        ValueError: If a sample is not one-dimensional or an argument is out of range.
    """
    _check_interval_args(confidence, n_comparisons)
    x = _drop_nan(_as_1d(a, "a"))
    y = _drop_nan(_as_1d(b, "b"))
    n = int(x.size + y.size)
    if x.size == 0 or y.size == 0:
        return Interval(math.nan, math.nan, math.nan, math.nan, n, math.nan)
    mean = float(np.mean(x) - np.mean(y))
    if x.size < 2 or y.size < 2:
        return Interval(mean, math.nan, math.nan, math.nan, n, math.nan)
    se2_x = _sample_var(x) / x.size
    se2_y = _sample_var(y) / y.size
    sd = math.sqrt(_sample_var(x) + _sample_var(y))
    se2 = se2_x + se2_y
    if se2 == 0:
        return Interval(mean, mean, mean, 0.0, n, 0.0)
    df = se2**2 / (se2_x**2 / (x.size - 1) + se2_y**2 / (y.size - 1))
    half = _t_quantile(confidence, n_comparisons, df) * math.sqrt(se2)
    return Interval(mean, mean - half, mean + half, half, n, sd)


def ratio_interval(
    numerator: ArrayLike, denominator: ArrayLike, confidence: float = 0.95, n_comparisons: int = 1
) -> tuple[float, float]:
    """Fieller's interval for ``mean(numerator) / mean(denominator)`` of paired values.

    The interval holds every ratio ``R`` that a paired t test does not reject, that is every
    ``R`` with ``(mean(x) - R mean(y))^2 <= t^2 var(x - R y) / n``, with the t critical value
    of :func:`paired_interval` (Bonferroni over ``n_comparisons``). So the interval is
    bounded exactly when the denominator's paired t interval excludes zero. Where it does
    not, the denominator may be zero and the ratio unbounded: the set of ratios is two rays
    meeting at infinity, or the whole line. A bootstrap percentile interval hides this with
    few replicates, where every resample can keep the denominator on one side of zero.

    Args:
        numerator: One value per replicate pair (e.g. the extra cost).
        denominator: One value per pair, same order (e.g. the departures avoided).
        confidence: Family-wise confidence level, strictly between 0 and 1.
        n_comparisons: Number of intervals the confidence is shared between (at least 1).

    Returns:
        ``(low, high)``. Bounded: both finite, around the ratio of the means. Unbounded:
        ``high`` is ``inf``, and ``low`` is the start of the ray holding the ratio of the
        means, or ``-inf`` when no single ray holds it. Both NaN with fewer than two complete
        pairs.

    Raises:
        ValueError: If the inputs are not one-dimensional arrays of the same length, or an
            argument is out of range.
    """
    _check_interval_args(confidence, n_comparisons)
    x, y = _complete_pairs(numerator, denominator)
    n = int(x.size)
    if n < 2:
        return math.nan, math.nan
    mx, my = float(np.mean(x)), float(np.mean(y))
    q = _t_quantile(confidence, n_comparisons, n - 1) ** 2 / n
    # The bounds solve a R^2 - 2 b R + c = 0; a > 0 says the denominator's interval excludes 0.
    a = my**2 - q * _sample_var(y)
    b = mx * my - q * float(np.cov(x, y, ddof=1)[0, 1])
    discriminant = _fieller_discriminant(x, y, q)
    if a > 0:
        # The ratio of the means is inside, so the discriminant is not negative but for
        # rounding.
        root = math.sqrt(max(discriminant, 0.0))
        return (b - root) / a, (b + root) / a
    if a < 0 and discriminant >= 0 and my != 0:
        upper_ray_start = (b - math.sqrt(discriminant)) / a  # the larger root: a < 0
        if mx / my >= upper_ray_start:
            return upper_ray_start, math.inf
    return -math.inf, math.inf


def _fieller_discriminant(x: np.ndarray, y: np.ndarray, q: float) -> float:
    """``b^2 - a c`` of :func:`ratio_interval`'s quadratic, without cancellation.

    Expanded, ``b^2 - a c = q var(mean(y) x - mean(x) y) - q^2 det(cov(x, y))``. Taken
    literally it subtracts two nearly equal squares, and where the ratio is the same in every
    pair the rounding left (its square root) would move both bounds by a relative 1e-8. Here
    both terms are variances of residuals, which are exactly 0 in that case.
    """
    mx, my = float(np.mean(x)), float(np.mean(y))
    spread = _sample_var(my * x - mx * y)
    var_y = _sample_var(y)
    # det(cov) = var(y) var(x | y): the residual variance of x regressed on y.
    slope = float(np.cov(x, y, ddof=1)[0, 1]) / var_y if var_y > 0 else 0.0
    determinant = var_y * _sample_var(x - slope * y)
    return q * spread - q * q * determinant


def variance_reduction(a: ArrayLike, b: ArrayLike) -> float:
    """Share of the unpaired difference variance that pairing removes.

    Computed as ``1 - var(a - b) / (var(a) + var(b))``, which equals the correlation of
    ``a`` and ``b`` when their variances are equal. Close to 1 when the common random
    numbers make the designs move together, close to 0 when the pairs are unrelated, and
    negative if they are anti-correlated. Pairs with a NaN on either side are dropped.

    Args:
        a: Outcome of one design per replicate.
        b: Outcome of the other design for the same replicates, in the same order.

    Returns:
        The reduction, or nan with fewer than two complete pairs or when both samples are
        constant.

    Raises:
        ValueError: If ``a`` and ``b`` are not one-dimensional arrays of the same length.
    """
    x, y = _complete_pairs(a, b)
    if x.size < 2:
        return math.nan
    total = _sample_var(x) + _sample_var(y)
    if not total > 0 or not math.isfinite(total):
        return math.nan
    return 1.0 - _sample_var(x - y) / total


def width_ratio(
    a: ArrayLike, b: ArrayLike, confidence: float = 0.95, n_comparisons: int = 1
) -> float:
    """Paired half-width divided by the Welch half-width for ``mean(a) - mean(b)``.

    Both intervals use the same confidence and Bonferroni adjustment and the same complete
    pairs (pairs with a NaN on either side are dropped). Below 1 means pairing helps.

    Args:
        a: Outcome of one design per replicate.
        b: Outcome of the other design for the same replicates, in the same order.
        confidence: Family-wise confidence level, strictly between 0 and 1.
        n_comparisons: Number of intervals the confidence is shared between (at least 1).

    Returns:
        The ratio, or nan when either half-width is undefined or the unpaired one is 0.

    Raises:
        ValueError: If ``a`` and ``b`` are not one-dimensional arrays of the same length, or
            an argument is out of range.
    """
    x, y = _complete_pairs(a, b)
    paired = paired_interval(x - y, confidence, n_comparisons).half_width
    unpaired = unpaired_interval(x, y, confidence, n_comparisons).half_width
    if not (math.isfinite(paired) and math.isfinite(unpaired)) or unpaired == 0:
        return math.nan
    return paired / unpaired


def verdict(interval: Interval, direction: int) -> str:
    """Classify a difference interval against zero.

    Args:
        interval: Interval for ``design - baseline``.
        direction: +1 if higher values are better, -1 if lower values are better, 0 if
            neither is preferred.

    Returns:
        ``"better"`` or ``"worse"`` when the interval lies entirely on the good or the bad
        side of 0 (``"higher"`` or ``"lower"`` when ``direction`` is 0), ``"undefined"``
        when the interval cannot be computed (the outcome is undefined in the runs, or too
        few pairs have a value), otherwise ``"no detectable difference"``.

    Raises:
        ValueError: If ``direction`` is not -1, 0 or 1.
    """
    _check_direction(direction)
    if not (math.isfinite(interval.low) and math.isfinite(interval.high)):
        return UNDEFINED
    if interval.low > 0:
        side = 1
    elif interval.high < 0:
        side = -1
    else:
        return NO_DIFFERENCE
    if direction == 0:
        return "higher" if side > 0 else "lower"
    return "better" if side == direction else "worse"


def prob_best(values: ArrayLike, direction: int, n_boot: int = 2000, seed: int = 0) -> np.ndarray:
    """Bootstrap probability that each design has the best mean.

    Each bootstrap draw resamples replicate indices with replacement and applies the same
    indices to every design, which keeps the common-random-number pairing. In each draw the
    design with the highest mean wins (lowest when ``direction`` is -1); a tie splits the win
    evenly. Replicates with a NaN for any design are dropped first.

    Args:
        values: Array of shape ``(n_designs, n_replicates)``; column ``r`` holds replicate
            ``r`` of every design.
        direction: +1 or 0 to prefer high means, -1 to prefer low means.
        n_boot: Number of bootstrap draws (at least 1).
        seed: Seed for ``numpy.random.default_rng``; equal inputs and seed give equal output.

    Returns:
        Probabilities of shape ``(n_designs,)`` summing to 1, or all nan when no complete
        replicate remains.

    Raises:
        ValueError: If ``values`` is not two-dimensional, ``direction`` is not -1, 0 or 1, or
            ``n_boot`` is less than 1.
    """
    _check_direction(direction)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    v = np.asarray(values, dtype=float)
    if v.ndim != 2:
        raise ValueError(f"values must be two-dimensional (designs x replicates), got {v.shape}")
    n_designs = v.shape[0]
    scores = v[:, ~np.isnan(v).any(axis=0)]
    if direction < 0:
        scores = -scores  # exact, so ties survive
    n_reps = scores.shape[1]
    if n_designs == 0 or n_reps == 0:
        return np.full(n_designs, math.nan)

    rng = np.random.default_rng(seed)
    chunk = max(1, _BOOT_CELLS // n_reps)
    wins = np.zeros(n_designs)
    for start in range(0, n_boot, chunk):
        idx = rng.integers(0, n_reps, size=(min(chunk, n_boot - start), n_reps))
        # Row by row, so identical designs get bit-identical means and tie exactly.
        means = np.stack([row[idx].mean(axis=1) for row in scores])
        is_best = means == means.max(axis=0)
        wins += (is_best / is_best.sum(axis=0)).sum(axis=1)
    return wins / n_boot


def compare_designs(
    runs: pd.DataFrame,
    outcomes: dict[str, int],
    baseline: str,
    confidence: float = 0.95,
    *,
    references: Mapping[str, str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Compare every design with its reference, outcome by outcome, on paired replicates.

    A design's reference is the baseline unless ``references`` names another design of the
    comparison (the design it changes). Replicate ``r`` of a design is paired with replicate
    ``r`` of its reference. Each difference interval is a paired t interval,
    Bonferroni-adjusted over the non-baseline designs (one comparison each). Pairs with a NaN
    on either side are dropped from that design's interval; in that case ``diff`` (the mean
    over complete pairs) can differ from ``mean - reference_mean`` (each a mean over that
    design's own non-NaN runs).

    Args:
        runs: Long table with columns ``design``, ``replicate`` and the outcome columns,
            one row per design and replicate.
        outcomes: Outcome column -> direction (+1 higher is better, -1 lower is better,
            0 no preference).
        baseline: Name of the design every other design is compared with by default.
        confidence: Family-wise confidence level for each outcome's intervals.
        references: Design -> the design it is compared with instead of the baseline.
        n_boot: Bootstrap draws for ``p_best``.
        seed: Seed for the ``p_best`` bootstrap.

    Returns:
        One row per outcome and design (the baseline included), outcomes in the order given
        and designs in order of first appearance in ``runs``, with columns
        :data:`TABLE_COLUMNS`. ``reference`` is the design the row's difference is taken
        from and ``reference_mean`` its mean; ``rel_diff`` is ``diff / reference_mean`` (nan
        if ``reference_mean`` is 0). The baseline's own row has verdict ``"baseline"``, diff
        and bounds 0, and nan variance reduction and width ratio.

    Raises:
        ValueError: If a column is missing, the baseline or a reference is not a design, a
            design is its own reference or the baseline has another, a direction is not -1, 0
            or 1, a design repeats a replicate, or a design's replicates differ from the
            baseline's.
    """
    _check_interval_args(confidence, 1)
    for name, direction in outcomes.items():
        _check_direction(direction, f"direction of outcome {name!r}")
    for column in ("design", "replicate"):
        if column not in runs.columns:
            raise ValueError(f"runs has no {column!r} column")
    missing = [name for name in outcomes if name not in runs.columns]
    if missing:
        raise ValueError(f"outcome column(s) missing from runs: {', '.join(missing)}")
    designs = list(pd.unique(runs["design"]))
    if baseline not in designs:
        names = ", ".join(str(d) for d in designs)
        raise ValueError(f"baseline {baseline!r} is not among the designs: {names}")
    reference = _references(designs, baseline, references)
    by_design = _index_by_replicate(runs, designs, baseline)
    replicates = sorted(by_design[baseline].index)

    n_comparisons = max(1, len(designs) - 1)
    rows = []
    for outcome, direction in outcomes.items():
        values = np.vstack(
            [
                by_design[d][outcome].reindex(replicates).to_numpy(dtype=float, na_value=np.nan)
                for d in designs
            ]
        )
        p_best = prob_best(values, direction, n_boot=n_boot, seed=seed)
        for i, design in enumerate(designs):
            base = values[designs.index(reference[design])]
            row = {
                "outcome": outcome,
                "design": design,
                "baseline": baseline,
                "reference": reference[design],
                "mean": _nanmean(values[i]),
                "reference_mean": _nanmean(base),
                "p_best": float(p_best[i]),
            }
            if design == baseline:
                row |= {
                    "diff": 0.0,
                    "ci_low": 0.0,
                    "ci_high": 0.0,
                    "verdict": BASELINE,
                    "half_width": 0.0,
                    "n": int(np.count_nonzero(~np.isnan(base))),
                    "variance_reduction": math.nan,
                    "width_ratio": math.nan,
                }
            else:
                interval = paired_interval(values[i] - base, confidence, n_comparisons)
                row |= {
                    "diff": interval.mean,
                    "ci_low": interval.low,
                    "ci_high": interval.high,
                    "verdict": verdict(interval, direction),
                    "half_width": interval.half_width,
                    "n": interval.n,
                    "variance_reduction": variance_reduction(values[i], base),
                    "width_ratio": width_ratio(values[i], base, confidence, n_comparisons),
                }
            row["rel_diff"] = _ratio(row["diff"], row["reference_mean"])
            rows.append(row)
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def max_relative_half_width(table: pd.DataFrame) -> float:
    """Largest ``half_width / |reference_mean|`` over the non-baseline rows of a table.

    Rows whose reference mean is 0 or nan are ignored, since their relative precision is
    undefined.

    Args:
        table: Output of :func:`compare_designs`.

    Returns:
        The largest relative half-width; ``inf`` if a usable row has a nan half-width (too
        few replicates to tell); nan if no row is usable.
    """
    rows = table[table["design"] != table["baseline"]]
    scale = rows["reference_mean"].abs()
    usable = rows[scale.notna() & (scale > 0)]
    if usable.empty:
        return math.nan
    relative = usable["half_width"] / usable["reference_mean"].abs()
    if relative.isna().any():
        return math.inf
    return float(relative.max())


def needs_more(table: pd.DataFrame, precision: float) -> bool:
    """Tell the adaptive stopping rule whether to run more replicates.

    Args:
        table: Output of :func:`compare_designs`.
        precision: Target for the largest relative half-width, e.g. 0.05 for +/-5%.

    Returns:
        True while :func:`max_relative_half_width` exceeds ``precision``; False once it does
        not, or when no row has a usable relative precision (nothing to refine).

    Raises:
        ValueError: If ``precision`` is not positive.
    """
    if not precision > 0:
        raise ValueError(f"precision must be positive, got {precision}")
    return bool(max_relative_half_width(table) > precision)


def rank_designs(table: pd.DataFrame) -> pd.DataFrame:
    """Order the designs within each outcome by probability of being best.

    Args:
        table: Output of :func:`compare_designs`.

    Returns:
        The rows of ``table``, grouped by outcome (in order of first appearance) and sorted
        by ``p_best`` descending within each, with an added integer ``rank`` column
        (1 = best; equal ``p_best`` share the better rank; nan ``p_best`` ranks last).
    """
    parts = []
    for _, group in table.groupby("outcome", sort=False):
        ordered = group.sort_values("p_best", ascending=False, kind="stable")
        rank = ordered["p_best"].rank(method="min", ascending=False, na_option="bottom")
        parts.append(ordered.assign(rank=rank.astype(int)))
    if not parts:
        return table.assign(rank=pd.Series(dtype=int))
    return pd.concat(parts, ignore_index=True)


def _references(
    designs: list, baseline: str, references: Mapping[str, str] | None
) -> dict[object, object]:
    """Each design's reference: the one ``references`` names, else the baseline."""
    chosen: dict[object, object] = {d: (references or {}).get(d, baseline) for d in designs}
    chosen[baseline] = baseline
    for design, ref in (references or {}).items():
        if design == baseline and ref != baseline:
            raise ValueError(f"the baseline {baseline!r} cannot be compared with {ref!r}")
        if design in chosen and ref not in designs:
            names = ", ".join(str(d) for d in designs)
            raise ValueError(f"reference {ref!r} of {design!r} is not among the designs: {names}")
        if design != baseline and ref == design:
            raise ValueError(f"design {design!r} cannot be its own reference")
    return chosen


def _index_by_replicate(
    runs: pd.DataFrame, designs: list, baseline: str
) -> dict[object, pd.DataFrame]:
    """Split ``runs`` by design, index each part by replicate, and check the pairing."""
    parts = {d: runs[runs["design"] == d].set_index("replicate") for d in designs}
    for design, part in parts.items():
        repeated = part.index[part.index.duplicated()].unique()
        if len(repeated):
            raise ValueError(
                f"design {design!r} has more than one run for replicate(s) {_preview(repeated)}"
            )
    expected = set(parts[baseline].index)
    for design, part in parts.items():
        got = set(part.index)
        if got != expected:
            raise ValueError(
                f"design {design!r} does not have the same replicates as baseline "
                f"{baseline!r}: missing {_preview(expected - got)}, "
                f"extra {_preview(got - expected)}"
            )
    return parts


def _preview(items: Iterable[Any], limit: int = 5) -> str:
    """Format a few sorted items for an error message."""
    ordered = sorted(items)
    shown = ", ".join(str(item) for item in ordered[:limit])
    more = f", ... ({len(ordered)} in all)" if len(ordered) > limit else ""
    return f"[{shown}{more}]"


def _check_interval_args(confidence: float, n_comparisons: int) -> None:
    """Validate the confidence level and the number of comparisons."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    if n_comparisons < 1:
        raise ValueError(f"n_comparisons must be at least 1, got {n_comparisons}")


def _check_direction(direction: int, what: str = "direction") -> None:
    """Validate a direction of improvement."""
    if direction not in (-1, 0, 1):
        raise ValueError(f"{what} must be -1, 0 or 1, got {direction!r}")


def _t_quantile(confidence: float, n_comparisons: int, df: float) -> float:
    """Two-sided Bonferroni-adjusted t critical value."""
    alpha = (1.0 - confidence) / n_comparisons
    return float(stats.t.ppf(1.0 - alpha / 2.0, df))


def _as_1d(values: ArrayLike, name: str) -> np.ndarray:
    """Convert to a one-dimensional float array."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    return arr


def _drop_nan(values: np.ndarray) -> np.ndarray:
    """Remove NaNs."""
    return values[~np.isnan(values)]


def _complete_pairs(a: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Align two paired samples and drop the pairs with a NaN on either side."""
    x = _as_1d(a, "a")
    y = _as_1d(b, "b")
    if x.shape != y.shape:
        raise ValueError(f"paired samples differ in length: {x.size} and {y.size}")
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


def _sample_var(values: np.ndarray) -> float:
    """Sample variance (ddof 1), exactly 0 for a constant sample."""
    if np.ptp(values) == 0:
        return 0.0
    return float(np.var(values, ddof=1))


def _nanmean(values: np.ndarray) -> float:
    """Mean ignoring NaNs; nan (without a warning) when nothing is left."""
    kept = _drop_nan(values)
    return float(np.mean(kept)) if kept.size else math.nan


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``: nan when the denominator is 0 or nan, 0 for a 0 numerator."""
    if not denominator or math.isnan(denominator):
        return math.nan
    if numerator == 0:
        return 0.0  # not -0.0 under a negative denominator
    return numerator / denominator
