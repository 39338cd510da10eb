"""Scenario discovery: under which assumptions does a design fail?

Given a finished sweep, one design and an outcome with a threshold, every point is a *case*
when the design's replicate-mean outcome is on the bad side of the threshold. Two methods
describe where the cases lie in the space of varied parameters (Bryant & Lempert 2010):

- PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999): starting from the whole
  space, peel off the ``alpha`` share of the points at one end of one parameter, choosing
  each time the peel that leaves the highest share of cases (density), until the box holds
  less than ``mass_min`` of the points. The trajectory trades coverage (the share of all cases
  inside the box) against density; the chosen box is the densest with at least the asked
  coverage. Each restricted parameter has a quasi-p-value: the one-sided binomial probability
  of seeing the box's cases if that restriction were dropped (Bryant & Lempert 2010, as in
  the EMA Workbench), so a restriction with a large one adds nothing beyond chance.
- CART, a classification tree (Breiman et al. 1984), from scikit-learn: its leaves are boxes
  too, each with its density and coverage of cases.

PRIM is written here (a hundred lines, tested on a planted box) rather than taken from the EMA
Workbench, whose analysis package pulls in its whole modelling framework and plotting stack;
the tree is scikit-learn's, the most used and maintained implementation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from sim.errors import InputError


class DiscoveryError(InputError):
    """A discovery that cannot be made as asked; nothing was computed."""


#: Share of the box's points each PRIM peel removes (Friedman & Fisher 1999 suggest 0.05 to
#: 0.10; the EMA Workbench's default is 0.05).
PEEL_ALPHA = 0.05

#: PRIM stops when the box holds less than this share of the points.
MASS_MIN = 0.05

#: The chosen box is the densest with at least this coverage of the cases.
MIN_COVERAGE = 0.5

#: Depth of the CART tree: each leaf is then a box of at most this many restrictions.
TREE_DEPTH = 3


@dataclass
class Box:
    """Limits of a box: a range per numeric parameter, allowed values per categorical one."""

    lo: dict[str, float]
    hi: dict[str, float]
    allowed: dict[str, frozenset]

    def contains(self, x: pd.DataFrame) -> np.ndarray:
        """Which rows of ``x`` lie in the box (bool array)."""
        inside = np.ones(len(x), dtype=bool)
        for k in self.lo:
            values = x[k].to_numpy(dtype=float)
            inside &= (values >= self.lo[k]) & (values <= self.hi[k])
        for k, allowed in self.allowed.items():
            inside &= x[k].isin(allowed).to_numpy()
        return inside

    def copy(self) -> Box:
        """An independent copy."""
        return Box(dict(self.lo), dict(self.hi), dict(self.allowed))


def _numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def whole_space(x: pd.DataFrame) -> Box:
    """The box holding every point."""
    lo, hi, allowed = {}, {}, {}
    for k in x.columns:
        if _numeric(x[k]):
            lo[k], hi[k] = float(x[k].min()), float(x[k].max())
        else:
            allowed[k] = frozenset(x[k].unique())
    return Box(lo, hi, allowed)


def restricted(box: Box, space: Box) -> list[str]:
    """The parameters a box restricts, compared with the whole space."""
    found = [k for k in box.lo if box.lo[k] > space.lo[k] or box.hi[k] < space.hi[k]]
    return found + [k for k in box.allowed if box.allowed[k] != space.allowed[k]]


def prim(
    x: pd.DataFrame,
    y: np.ndarray,
    *,
    alpha: float = PEEL_ALPHA,
    mass_min: float = MASS_MIN,
) -> tuple[pd.DataFrame, list[Box]]:
    """PRIM's peeling trajectory.

    Args:
        x: The varied parameters at each point (one column each; numbers or categories).
        y: bool array of shape (points,): the cases.
        alpha: Share of the box's points removed per peel.
        mass_min: Stop when the box holds less than this share of the points.

    Returns:
        The trajectory (columns ``step``, ``coverage``, ``density``, ``mass``, ``points``,
        ``restricted``) and the box of each step (step 0 is the whole space).
    """
    y = np.asarray(y, dtype=bool)
    space = whole_space(x)
    box = space.copy()
    inside = np.ones(len(x), dtype=bool)
    boxes = [box.copy()]
    while inside.mean() >= mass_min:
        best: tuple[float, int, Box, np.ndarray] | None = None
        for candidate in _peels(x, inside, box, alpha):
            kept = candidate.contains(x) & inside
            if not kept.any() or kept.sum() == inside.sum():
                continue
            density = float(y[kept].mean())
            if best is None or (density, kept.sum()) > (best[0], best[1]):
                best = (density, int(kept.sum()), candidate, kept)
        if best is None or best[3].mean() < mass_min:
            break
        _, _, box, inside = best
        boxes.append(box.copy())
    cases = max(int(y.sum()), 1)
    rows = []
    for step, b in enumerate(boxes):
        kept = b.contains(x)
        rows.append(
            {
                "step": step,
                "coverage": float(y[kept].sum() / cases),
                "density": float(y[kept].mean()) if kept.any() else math.nan,
                "mass": float(kept.mean()),
                "points": int(kept.sum()),
                "restricted": len(restricted(b, space)),
            }
        )
    return pd.DataFrame(rows), boxes


def _peels(x: pd.DataFrame, inside: np.ndarray, box: Box, alpha: float):
    """Every candidate box one peel smaller: each end of each number, each category."""
    for k in box.lo:
        values = x.loc[inside, k].to_numpy(dtype=float)
        low, high = np.quantile(values, [alpha, 1 - alpha])
        if low > box.lo[k]:
            peeled = box.copy()
            peeled.lo[k] = float(values[values >= low].min())
            yield peeled
        if high < box.hi[k]:
            peeled = box.copy()
            peeled.hi[k] = float(values[values <= high].max())
            yield peeled
    for k, allowed in box.allowed.items():
        if len(allowed) > 1:
            for value in allowed:
                peeled = box.copy()
                peeled.allowed[k] = allowed - {value}
                yield peeled


def choose_box(trajectory: pd.DataFrame, min_coverage: float = MIN_COVERAGE) -> int:
    """The step of the densest box with at least ``min_coverage`` (ties: more coverage)."""
    eligible = trajectory[trajectory["coverage"] >= min_coverage]
    if eligible.empty:
        eligible = trajectory.iloc[:1]
    best = eligible.sort_values(["density", "coverage"], ascending=False).iloc[0]
    return int(best["step"])


def box_table(x: pd.DataFrame, y: np.ndarray, box: Box) -> pd.DataFrame:
    """The box's restricted parameters with their limits and quasi-p-values.

    The quasi-p-value of a restriction is the one-sided binomial probability of at least the
    box's cases among its points, were the cases as dense as in the box without that
    restriction.

    Returns:
        Columns ``parameter``, ``lo``, ``hi``, ``values``, ``space_lo``, ``space_hi``,
        ``quasi_p``.
    """
    y = np.asarray(y, dtype=bool)
    space = whole_space(x)
    inside = box.contains(x)
    n_in, cases_in = int(inside.sum()), int(y[inside].sum())
    rows = []
    for k in restricted(box, space):
        wider = box.copy()
        if k in wider.lo:
            wider.lo[k], wider.hi[k] = space.lo[k], space.hi[k]
        else:
            wider.allowed[k] = space.allowed[k]
        around = wider.contains(x)
        rate = float(y[around].mean())
        p = float(stats.binom.sf(cases_in - 1, n_in, rate)) if n_in else math.nan
        rows.append(
            {
                "parameter": k,
                "lo": box.lo.get(k, math.nan),
                "hi": box.hi.get(k, math.nan),
                "values": ", ".join(map(str, sorted(box.allowed[k], key=str)))
                if k in box.allowed
                else "",
                "space_lo": space.lo.get(k, math.nan),
                "space_hi": space.hi.get(k, math.nan),
                "quasi_p": p,
            }
        )
    return pd.DataFrame(
        rows, columns=["parameter", "lo", "hi", "values", "space_lo", "space_hi", "quasi_p"]
    )


def cart_rules(x: pd.DataFrame, y: np.ndarray, depth: int = TREE_DEPTH) -> pd.DataFrame:
    """The leaves of a classification tree of the cases, as boxes with density and coverage.

    Categorical parameters enter the tree as one indicator column per value.

    Returns:
        One row per leaf, densest first: ``rule`` (the conditions on its path), ``points``,
        ``cases``, ``density``, ``coverage``.
    """
    from sklearn.tree import DecisionTreeClassifier

    y = np.asarray(y, dtype=bool)
    features = pd.get_dummies(x, prefix_sep="=", dtype=float)
    leaf_size = max(2, math.ceil(MASS_MIN * len(x)))
    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=leaf_size, random_state=0)
    tree.fit(features.to_numpy(dtype=float), y)
    model = tree.tree_
    names = list(features.columns)
    cases = max(int(y.sum()), 1)
    leaves = tree.apply(features.to_numpy(dtype=float))
    rows = []

    def walk(node: int, path: list[str]) -> None:
        if model.children_left[node] == model.children_right[node]:  # a leaf
            here = leaves == node
            rows.append(
                {
                    "rule": " and ".join(path) or "everywhere",
                    "points": int(here.sum()),
                    "cases": int(y[here].sum()),
                    "density": float(y[here].mean()),
                    "coverage": float(y[here].sum() / cases),
                }
            )
            return
        name, cut = names[model.feature[node]], float(model.threshold[node])
        if (
            "=" in name
            and name.split("=", 1)[0] in x.columns
            and not _numeric(x[name.split("=")[0]])
        ):
            key, value = name.split("=", 1)
            left, right = f"{key} != {value}", f"{key} == {value}"
        else:
            left, right = f"{name} <= {cut:.4g}", f"{name} > {cut:.4g}"
        walk(model.children_left[node], [*path, left])
        walk(model.children_right[node], [*path, right])

    walk(0, [])
    return pd.DataFrame(rows).sort_values(["density", "coverage"], ascending=False)


#: How a case is defined from the threshold.
CASES = ("worse", "above", "below")


@dataclass
class Discovery:
    """Where a design's outcome crosses a threshold, described by PRIM and CART.

    Attributes:
        design: The design.
        outcome: The outcome.
        threshold: The threshold.
        case: What counts as a case, in words (``attrition_10y > 0.3``).
        points: Points with the outcome defined.
        cases: Points that are cases.
        trajectory: PRIM's peeling trajectory (see :func:`prim`).
        chosen: The step of the chosen box.
        box: Its restricted parameters (see :func:`box_table`).
        rules: CART's leaves (see :func:`cart_rules`).
    """

    design: str
    outcome: str
    threshold: float
    case: str
    points: int
    cases: int
    trajectory: pd.DataFrame
    chosen: int
    box: pd.DataFrame
    rules: pd.DataFrame


def discover(
    resolved: dict,
    runs: pd.DataFrame,
    points: pd.DataFrame,
    design: str,
    outcome: str,
    threshold: float,
    *,
    case: str = "worse",
    min_coverage: float = MIN_COVERAGE,
) -> Discovery:
    """Scenario discovery on one design and outcome of a finished sweep.

    Args:
        resolved: The resolved experiment.
        runs: The runs table.
        points: The points table.
        design: The design (a policy's name in a policies sweep).
        outcome: The outcome.
        threshold: The threshold.
        case: ``worse`` (the outcome's bad side of the threshold), ``above`` or ``below``.
        min_coverage: The chosen PRIM box covers at least this share of the cases.

    Returns:
        The discovery. Raises DiscoveryError naming what is wrong when it cannot be made.
    """
    from sim.experiment.sensitivity import replicate_matrix
    from sim.outcomes import OUTCOMES

    designs = [d["name"] for d in resolved["designs"]]
    keys = [v["key"] for v in resolved["varied"]]
    if design not in designs:
        raise DiscoveryError(
            f"--design {design!r} is not in the sweep (designs: {', '.join(designs)})"
        )
    if outcome not in runs.columns or outcome not in OUTCOMES:
        raise DiscoveryError(f"--outcome {outcome!r} is not an outcome of the sweep's runs")
    if not keys:
        raise DiscoveryError("the sweep varied no parameter: there is no space to discover in")
    if case == "worse":
        direction = OUTCOMES[outcome].direction
        if direction == 0:
            raise DiscoveryError(
                f"--outcome {outcome} has no better direction; say --case above or below"
            )
        case = "above" if direction < 0 else "below"
    y_all = replicate_matrix(runs, design, outcome, len(points)).mean(axis=1)
    defined = np.isfinite(y_all)
    x = points.loc[defined, keys].reset_index(drop=True)
    y = y_all[defined] > threshold if case == "above" else y_all[defined] < threshold
    if not 0 < y.sum() < len(y):
        where = "every" if y.all() else "no"
        raise DiscoveryError(
            f"{design} has {outcome} {'>' if case == 'above' else '<'} {threshold:g} at "
            f"{where} point (range {np.nanmin(y_all):.4g} to {np.nanmax(y_all):.4g}): "
            "choose a threshold inside that range"
        )
    trajectory, boxes = prim(x, y)
    chosen = choose_box(trajectory, min_coverage)
    return Discovery(
        design,
        outcome,
        threshold,
        f"{outcome} {'>' if case == 'above' else '<'} {threshold:g}",
        len(y),
        int(y.sum()),
        trajectory,
        chosen,
        box_table(x, y, boxes[chosen]),
        cart_rules(x, y),
    )
