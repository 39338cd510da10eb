"""The parameters a sweep varies, and how each maps a point of the unit interval to a value.

Every sampler draws points in the unit hypercube (one coordinate per varied parameter); a
:class:`Varied` parameter turns its coordinate into a scenario value: a range ``[lo, hi]``
uniformly (integers by equal-width bins), a list of values by equal-width bins, a distribution
by its inverse CDF. Grids use :meth:`Varied.grid` instead. Keeping the samplers on the unit
cube is what lets SALib's Sobol and Morris estimators, which assume it, read the same samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from scipy import stats

#: The two roles of a varied parameter (EMA Workbench's levers and uncertainties).
ROLES = ("lever", "uncertainty")

#: Distributions a parameter may follow, with the keys each takes besides ``dist``.
DISTRIBUTIONS = {
    "uniform": ("lo", "hi"),
    "loguniform": ("lo", "hi"),
    "triangular": ("lo", "mode", "hi"),
    "normal": ("mean", "sd", "lo", "hi"),
}


@dataclass(frozen=True)
class Varied:
    """One varied scenario parameter.

    Attributes:
        key: The scenario key (``group.name``).
        role: ``"lever"`` (a designer controls it) or ``"uncertainty"`` (nobody does).
        kind: ``"range"``, ``"values"`` or ``"dist"``.
        integer: Whether the parameter is an integer (ranges then draw whole numbers).
        lo: Lower end of a range or of a distribution's support.
        hi: Upper end.
        values: The values of a list.
        dist: The distribution's name and parameters (``{"dist": "normal", ...}``).
        origin: How the file gave it (``"plausible"``, ``"range"``, ``"list"``, a
            distribution name), for the resolved experiment.
    """

    key: str
    role: str
    kind: str
    integer: bool = False
    lo: float | None = None
    hi: float | None = None
    values: tuple[Any, ...] = ()
    dist: dict[str, Any] = field(default_factory=dict)
    origin: str = ""

    def value(self, u: float) -> Any:
        """The parameter's value at coordinate ``u`` in [0, 1]."""
        u = min(max(float(u), 0.0), 1.0)
        if self.kind == "values":
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        if self.kind == "range":
            lo, hi = self._bounds()
            if self.integer:
                first, last = int(lo), int(hi)
                return min(first + int(u * (last - first + 1)), last)
            return float(lo + u * (hi - lo))
        value = float(self._ppf(u))
        return int(round(value)) if self.integer else value

    def grid(self, levels: int) -> list[Any]:
        """The values a full grid takes: every listed value, else ``levels`` even steps.

        A distribution is gridded at the midpoints of ``levels`` equal-probability bins.
        """
        if self.kind == "values":
            return list(self.values)
        if self.kind == "range":
            lo, hi = self._bounds()
            if self.integer:
                span = int(hi) - int(lo)
                steps = sorted({int(round(lo + i * span / (levels - 1))) for i in range(levels)})
                return steps
            return [float(lo + i * (hi - lo) / (levels - 1)) for i in range(levels)]
        found = [self.value((i + 0.5) / levels) for i in range(levels)]
        return list(dict.fromkeys(found))

    def _bounds(self) -> tuple[float, float]:
        """Both ends of a range or distribution (the parser always sets them; lists have none)."""
        if self.lo is None or self.hi is None:
            raise ValueError(f"{self.key}: a {self.kind} needs both ends, got {self.lo}, {self.hi}")
        return self.lo, self.hi

    def _ppf(self, u: float) -> float:
        name = self.dist["dist"]
        lo, hi = self._bounds()
        if name == "uniform":
            return lo + u * (hi - lo)
        if name == "loguniform":
            return math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
        if name == "triangular":
            mode = self.dist["mode"]
            return stats.triang.ppf(u, (mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
        mean, sd = self.dist["mean"], self.dist["sd"]
        return stats.truncnorm.ppf(u, (lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)

    def resolved(self) -> dict[str, Any]:
        """The parameter as written into the resolved experiment (plain JSON values)."""
        out: dict[str, Any] = {
            "key": self.key,
            "role": self.role,
            "kind": self.kind,
            "origin": self.origin,
        }
        if self.kind == "values":
            out["values"] = list(self.values)
        else:
            out["lo"], out["hi"] = self.lo, self.hi
        if self.kind == "dist":
            out["dist"] = dict(self.dist)
        return out
