"""Run length against the outcomes asked for, checked before anything runs.

A cohort outcome (ten-year attrition, promotion...) follows people who join after the
warm-up, so a run shorter than ``Outcome.years_needed`` leaves it NaN in every replicate:
its table rows and plots come out empty and the analyses drop it. The experiment commands
ask :func:`shortfall` first and refuse such a request, or, for their default key outcomes,
keep those the runs compute (:func:`computable`) and say which they left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.outcomes import OUTCOMES, uncomputable
from sim.scenario import Scenario
from sim.words import join_words

#: Where a reader finds the years each outcome needs.
NEEDS_DOC = "docs/outcomes.md gives the years each needs"


@dataclass(frozen=True)
class Shortfall:
    """Outcomes the runs of a design are too short to compute.

    Attributes:
        design: The design whose runs fall shortest (the worst case over the designs).
        years: Its run length.
        warmup_years: Its warm-up.
        needs: Outcome -> the years it needs, for each outcome it cannot compute.
        enough: The run length that computes every outcome asked for in every design.
    """

    design: str
    years: int
    warmup_years: int
    needs: dict[str, int]
    enough: int

    def describe(self) -> str:
        """Which outcomes cannot be computed, and why, as one clause."""
        by_need: dict[int, list[str]] = {}
        for name, need in self.needs.items():
            by_need.setdefault(need, []).append(name)
        listed = ", ".join(_needing(names, need) for need, names in sorted(by_need.items()))
        these = "these outcomes follow" if len(self.needs) > 1 else "this outcome follows"
        return (
            f"{listed} cannot be computed: design {self.design!r} runs {self.years} years, "
            f"and {these} cohorts that join after its {self.warmup_years} warm-up years"
        )


def _needing(names: list[str], need: int) -> str:
    """``a, b and c (need years >= 16)``, or ``a (needs years >= 16)``."""
    verb = "needs" if len(names) == 1 else "need"
    return f"{join_words(names)} ({verb} years >= {need})"


def shortfall(
    outcomes: Sequence[str], scenarios: Sequence[Scenario], years: int | None = None
) -> Shortfall | None:
    """The worst design's shortfall for these outcomes, or None when every run computes them.

    Args:
        outcomes: Outcome names (keys of ``OUTCOMES``).
        scenarios: The designs, with the settings they will run with.
        years: A run length that replaces every design's own (``--years``), if any.

    Returns:
        The shortfall of the design whose runs miss the needed length by the most years
        (the one with the fewest years after its warm-up).
    """
    found = []
    for s in scenarios:
        run_years = years if years is not None else s.years
        needs = uncomputable(outcomes, run_years, s.warmup_years)
        if needs:
            found.append(Shortfall(s.name, run_years, s.warmup_years, needs, enough=0))
    if not found:
        return None
    worst = max(found, key=lambda f: max(f.needs.values()) - f.years)
    enough = max(
        OUTCOMES[name].years_needed(s.warmup_years) for name in outcomes for s in scenarios
    )
    return Shortfall(worst.design, worst.years, worst.warmup_years, worst.needs, enough)


def computable(
    outcomes: Sequence[str], scenarios: Sequence[Scenario], years: int | None = None
) -> tuple[list[str], Shortfall | None]:
    """Split outcomes into those every design's runs compute and the shortfall of the rest.

    Args:
        outcomes: Outcome names, in the order to keep.
        scenarios: The designs, with the settings they will run with.
        years: A run length that replaces every design's own, if any.

    Returns:
        The computable outcomes in the given order, and the shortfall of those left out
        (None when none is).
    """
    missing = shortfall(outcomes, scenarios, years)
    if missing is None:
        return list(outcomes), None
    # An outcome fails where its follow-up exceeds a design's years after the warm-up, so the
    # design with the fewest such years fails on every outcome any design fails on.
    return [name for name in outcomes if name not in missing.needs], missing


def left_out_note(missing: Shortfall, setting: str) -> str:
    """One line saying which default key outcomes were left out, and how to get them.

    Args:
        missing: What :func:`computable` left out.
        setting: How the command sets the run length, e.g. ``"--years"`` or ``"years ="``.
    """
    return (
        f"key outcomes left out: {missing.describe()}; {setting} {missing.enough} or more "
        "computes them"
    )


def short_run_note(scenario: Scenario, years: int | None = None) -> str:
    """One line naming every outcome runs of this design leave NaN, or "" when none.

    Args:
        scenario: The design.
        years: A run length that replaces the design's own, if any.
    """
    missing = shortfall(list(OUTCOMES), [scenario], years)
    if missing is None:
        return ""
    return f"n/a above: {missing.describe()}; --years {missing.enough} or more computes them"
