"""Who gains from a design and who does not: the equity half of its trade-off, in words.

For each equity measure of ``sim.report.tables.equity`` (promotion and retention, by gender and by
URM status) :func:`equity_clause` says how the two groups moved and what the verdict on their
ratio was, e.g. "promotion: women gain less than men (women +1.0 points, men +3.2 points;
ratio women/men from 0.91 to 0.87, worse)". The words follow the verdict on the ratio, which a
level-down cannot improve; the groups' own changes stand beside it, so a ratio that rose
because the other group lost is called that, not a gain.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.report.tables.equity import EQUITY_MEASURES, EquityMeasure
from sim.report.text.numbers import finite_number
from sim.report.text.outcomes import change, level

#: How a clause ends when the measure's ratio is undefined in the runs.
NOT_MEASURABLE = "not measurable in these runs"


def equity_clauses(rows: Mapping[str, Any]) -> list[str]:
    """One clause per equity measure of a design, in the order of ``EQUITY_MEASURES``.

    Args:
        rows: Outcome -> the design's row of the comparison table.
    """
    return [equity_clause(rows, m) for m in EQUITY_MEASURES if m.ratio in rows]


def equity_clause(rows: Mapping[str, Any], measure: EquityMeasure) -> str:
    """How the two groups of one equity measure fared under a design, in words.

    Args:
        rows: Outcome -> the design's row of the comparison table.
        measure: The equity measure.

    Returns:
        ``"<what>: <words> (<group changes>; ratio <from> to <to>, <verdict>)"``; "not
        measurable in these runs" where the ratio is undefined.
    """
    what = measure.label.split(",")[0]  # "promotion" or "retention"
    first, second = measure.groups
    ratio = rows.get(measure.ratio)
    if ratio is None or not _comparable(ratio):
        return f"{what} of {first} vs {second}: {NOT_MEASURABLE}"
    a, b = rows.get(measure.rates[0]), rows.get(measure.rates[1])
    moves = [
        f"{g} {change(str(r.outcome), r.diff)}"
        for g, r in ((first, a), (second, b))
        if r is not None and finite_number(r.diff)
    ]
    detail = "; ".join(moves)
    detail = (f"{detail}; " if detail else "") + (
        f"ratio {first}/{second} from {level(measure.ratio, ratio.reference_mean)} to "
        f"{level(measure.ratio, ratio.mean)}, {_verdict_words(str(ratio.verdict))}"
    )
    return f"{what}: {_words(ratio, a, b, first, second)} ({detail})"


def _words(ratio: Any, a: Any, b: Any, first: str, second: str) -> str:
    """The plain reading of the ratio's verdict, checked against the groups' own changes."""
    rise = a is not None and finite_number(a.diff) and a.diff > 0
    fall = a is not None and finite_number(a.diff) and a.diff < 0
    if ratio.verdict == "better":
        return (
            f"{first} gain more than {second}"
            if rise
            else f"the ratio rises only because {second} lose more than {first}"
        )
    if ratio.verdict == "worse":
        return f"{first} lose more than {second}" if fall else f"{first} gain less than {second}"
    quiet = all(
        r is None or str(r.verdict) in ("no detectable difference", "undefined") for r in (a, b)
    )
    if quiet:
        return f"no detectable change for {first} or {second}"
    both = [r.diff for r in (a, b) if r is not None and finite_number(r.diff)]
    verb = "gain" if both and sum(both) > 0 else "lose"
    return f"{first} and {second} {verb} alike"


def _verdict_words(verdict: str) -> str:
    return {"better": "better", "worse": "worse"}.get(verdict, "no detectable change")


def _comparable(row: Any) -> bool:
    return all(finite_number(v) for v in (row.diff, row.ci_low, row.ci_high))
