"""The decision summary: per design, what it gains and loses, what it costs, and its trade-off.

Written for a reader who decides and has five minutes, at the top of the comparison report
(``report.html`` and ``report.md``) and, shorter, at the end of ``mentorsim compare``'s
terminal output. Per design:

- one line: its largest gains and losses in words, and its extra yearly program cost;
- its largest gains and largest losses (up to three each): the outcomes of the summary table
  whose interval lies wholly on the better (worse) side, largest standardized effect first,
  in plain words with units and the interval of the differences table;
- its yearly cost, cost per departure avoided and per extra promotion (``costs.csv``,
  ``sim.experiment.costs``), each with its interval, or why there is none; a price whose
  interval has no upper bound says the design may buy nothing at all;
- its trade-off: everything it worsens, and who gains and who does not
  (``sim.report.decision.tradeoff``).

Costs are outcomes of the summary table too; here they have their own lines, so gains and
losses leave ``program_cost``, ``turnover_cost``, ``mentoring_time_cost`` and ``net_cost``
out. The lists are those of ``sim.report.text.narrative.classify``, so every count agrees with the
narrative's tally and the table. Nothing ranks designs against each other by counting
verdicts: each design is read on its own against the baseline.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sim.experiment.costs import COSTS_LESS, NOT_IN_RUNS
from sim.report.decision.tradeoff import NOT_MEASURABLE, equity_clauses
from sim.report.text.narrative import classify
from sim.report.text.numbers import finite_number
from sim.report.text.outcomes import (
    change,
    interval,
    label,
    money,
    phrase,
    reference_of,
    signed_money,
)
from sim.words import join_words

#: Outcomes the summary gives in its cost lines rather than among gains and losses.
COST_OUTCOMES = ("program_cost", "turnover_cost", "mentoring_time_cost", "net_cost")

#: Gains (and losses) listed per design; the rest are counted.
TOP = 3

#: CSS the decision summary adds to the comparison report.
DECISION_CSS = """\
div.decision { border-left: 4px solid #1f5fa8; padding: .1rem 0 .1rem .9rem; margin: 1rem 0; }
div.decision p.headline { margin: .3rem 0; }
div.decision ul { margin: .2rem 0; }
"""


@dataclass(frozen=True)
class Decision:
    """The decision summary of one design against its reference, in words.

    Attributes:
        design: The design.
        headline: One line: largest gains and losses, and the extra program cost.
        gains: Up to :data:`TOP` gains, largest first, each a plain phrase.
        more_gains: Gains not listed (better outcomes beyond the first :data:`TOP`).
        losses: Up to :data:`TOP` losses, largest first.
        more_losses: Losses not listed.
        cost: The yearly cost line.
        per_departure: The cost per departure avoided, or why there is none.
        per_promotion: The cost per extra promotion, or why there is none.
        worsens: What the design worsens, every loss named.
        who_gains: One clause per equity measure: who gains and who does not.
        reference: The design it is compared with (the baseline, or the design it changes).
    """

    design: str
    headline: str
    gains: list[str]
    more_gains: int
    losses: list[str]
    more_losses: int
    cost: str
    per_departure: str
    per_promotion: str
    worsens: str
    who_gains: list[str]
    reference: str = ""


def decide(
    table: pd.DataFrame,
    costs: pd.DataFrame,
    design: str,
    baseline: str,
    outcomes: Sequence[str],
    *,
    replacement_cost: float | None = None,
    first: Sequence[str] = (),
) -> Decision:
    """The decision summary of one design, from the comparison table and the cost table.

    Args:
        table: The comparison table (``std_effect`` ranks the gains and losses).
        costs: ``sim.experiment.costs.cost_table`` of the same runs (may be empty).
        design: The design, not the baseline.
        baseline: The baseline; the design is compared with its ``reference`` in ``table``
            when the table names one.
        outcomes: The outcomes of the summary table, in its order.
        replacement_cost: What refilling a position costs ($k), to set a cost per
            departure avoided against; None leaves the comparison out.
        first: Outcomes listed before the others among gains and losses, in this order (the
            decision table's priorities), so a gain the designer ranks by is not pushed
            below a larger standardized effect on a minor outcome.
    """
    rows = {str(r.outcome): r for r in table[table["design"] == design].itertuples(index=False)}
    found = classify(table, design, outcomes)
    rank = {o: k for k, o in enumerate(first)}
    better = [o for o in found.better if o not in COST_OUTCOMES]
    worse = [o for o in found.worse if o not in COST_OUTCOMES]
    # sorted is stable: outside ``first`` the standardized-effect order is kept.
    better.sort(key=lambda o: rank.get(o, len(rank)))
    worse.sort(key=lambda o: rank.get(o, len(rank)))
    measures = _measures(costs, design)
    reference = reference_of(table, design, baseline)
    return Decision(
        design=design,
        headline=_headline(better, worse, measures, reference),
        gains=[phrase(rows[o]) for o in better[:TOP]],
        more_gains=max(0, len(better) - TOP),
        losses=[phrase(rows[o]) for o in worse[:TOP]],
        more_losses=max(0, len(worse) - TOP),
        cost=_cost_line(measures, reference),
        per_departure=_per_departure(measures, reference, replacement_cost),
        per_promotion=_per_promotion(measures, reference),
        worsens=_worsens(worse, measures.get("extra_program_cost")),
        who_gains=_who_gains(rows),
        reference=reference,
    )


def decision_intro(baseline: str, n_designs: int, *, by_reference: bool = False) -> str:
    """The paragraph that opens the decision summary: how to read it.

    Args:
        baseline: The comparison's baseline.
        n_designs: Designs compared with a reference (the baseline left out).
        by_reference: Some design is compared with the design it changes, not the baseline.
    """
    adjusted = f", adjusted for the {n_designs} designs compared" if n_designs > 1 else ""
    against = (
        f"Each design against the design named beside it ({baseline}, or the design it "
        "changes, so that its differences say what it adds), read on its own."
        if by_reference
        else f"Each design against {baseline}, read on its own."
    )
    return (
        f"{against} Gains and losses are the "
        "outcomes of the differences table whose 95% interval lies wholly on the better "
        "or the worse side of zero, largest first by standardized effect (the difference "
        "over the spread of the outcome between replicates); costs have their own lines. "
        f"Intervals are those of the differences table{adjusted}; a cost per departure "
        "avoided or per extra promotion is the extra program cost over the departures "
        "avoided or the extra promotions (both yearly means after the warm-up), with "
        "Fieller's interval for a ratio. There is no price where the design avoids no "
        "departures or adds no promotions, and no upper bound to it where the interval of "
        "the departures avoided or the extra promotions includes zero: the design may then "
        "buy nothing at all. Every number is in costs.csv and comparison.csv."
    )


def decision_block(decisions: Sequence[Decision]) -> tuple[str, str]:
    """The decision summary of every design as (HTML, Markdown)."""
    esc = html.escape
    html_parts, md_parts = [], []
    for d in decisions:
        items = _items(d)
        html_items = "".join(
            f"<li><strong>{esc(title)}</strong>: {esc(text)}"
            + (
                "<ol>" + "".join(f"<li>{esc(x)}</li>" for x in sub) + "</ol>"
                if ordered and sub
                else "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in sub) + "</ul>"
                if sub
                else ""
            )
            + "</li>"
            for title, text, sub, ordered in items
        )
        against = f" against {d.reference}" if d.reference else ""
        html_parts.append(
            f'<div class="decision"><p class="headline"><strong>{esc(d.design)}'
            f"</strong>{esc(against)}: {esc(d.headline)}</p><ul>{html_items}</ul></div>"
        )
        lines = [f"**{d.design}**{against}: {d.headline}", ""]
        for title, text, sub, ordered in items:
            lines.append(f"- **{title}**:" + (f" {text}" if text else ""))
            lines += [f"  {f'{k}.' if ordered else '-'} {x}" for k, x in enumerate(sub, start=1)]
        md_parts.append("\n".join(lines))
    return "\n".join(html_parts), "\n\n".join(md_parts)


def terminal_lines(decisions: Sequence[Decision]) -> list[str]:
    """Per design, three lines: top gain, top loss, cost per departure avoided."""
    lines = []
    for d in decisions:
        lines += [
            f"{d.design}" + (f" (against {d.reference}):" if d.reference else ":"),
            f"  top gain: {d.gains[0] if d.gains else 'none detected'}",
            f"  top loss: {d.losses[0] if d.losses else 'none detected'}",
            f"  cost per departure avoided: {d.per_departure}",
        ]
    return lines


# -- the lines ------------------------------------------------------------------------------------


def _items(d: Decision) -> list[tuple[str, str, list[str], bool]]:
    """(title, text, sub-items, sub-items numbered) of each line of a design's block."""

    def shown(listed: list[str], more: int) -> str:
        if not listed:
            return "none detected"
        # The count is the table's: better (worse) outcomes other than the costs.
        return (
            f"the {len(listed)} largest of {len(listed) + more}, costs aside (all in the "
            "differences table)"
            if more
            else ""
        )

    return [
        ("Largest gains", shown(d.gains, d.more_gains), d.gains, True),
        ("Largest losses", shown(d.losses, d.more_losses), d.losses, True),
        ("Yearly cost", d.cost, [], False),
        ("Cost per departure avoided", d.per_departure, [], False),
        ("Cost per extra promotion", d.per_promotion, [], False),
        ("Trade-off", d.worsens, [], False),
        (
            "Who gains",
            ""
            if d.who_gains
            else "not measurable in these runs (the equity "
            "ratios need cohorts followed ten years and people in every group)",
            d.who_gains,
            False,
        ),
    ]


def _measures(costs: pd.DataFrame, design: str) -> dict[str, Any]:
    if costs is None or costs.empty:
        return {}
    part = costs[costs["design"].astype(str) == design]
    return {str(r.measure): r for r in part.itertuples(index=False)}


def _headline(better: list[str], worse: list[str], measures: dict[str, Any], baseline: str) -> str:
    """Largest gains and losses in words, then the extra program cost and the net cost."""
    text = _gist(better, worse, measures.get("extra_program_cost"), baseline)
    net = measures.get("extra_net_cost")
    if net is None or not finite_number(net.value):
        return text
    if net.value == 0:
        return f"{text[:-1]}; no change in net cost (program plus turnover)."
    settled = (finite_number(net.ci_low) and net.ci_low > 0) or (
        finite_number(net.ci_high) and net.ci_high < 0
    )
    return (
        f"{text[:-1]}; net cost (program plus turnover) {signed_money(net.value)} a year"
        + ("" if settled else ", not distinguishable from zero")
        + "."
    )


def _gist(better: list[str], worse: list[str], extra: Any | None, baseline: str) -> str:
    gains = join_words([label(o) for o in better[:2]])
    losses = join_words([label(o) for o in worse[:2]])
    if better and worse:
        # "Better on", not "gains in": a gain in failing relationships is fewer of them.
        text = f"better on {gains}; worse on {losses}"
    elif better:
        text = f"better on {gains}, with no detectable loss"
    elif worse:
        text = f"no detectable gain; worse on {losses}"
    else:
        text = f"no detectable difference from {baseline} on the outcomes compared"
    text = text[0].upper() + text[1:]
    if extra is None or not finite_number(extra.value):
        return f"{text}."
    if finite_number(extra.ci_low) and extra.ci_low > 0:
        return f"{text}; program cost {signed_money(extra.value)} a year."
    if finite_number(extra.ci_high) and extra.ci_high < 0:
        return f"{text}; program cost {signed_money(extra.value)} a year (it costs less)."
    if extra.value == 0:
        return f"{text}; no extra program cost."
    return f"{text}; no detectable change in program cost."


def _cost_line(m: dict, baseline: str) -> str:
    level, extra, net = m.get("program_cost"), m.get("extra_program_cost"), m.get("extra_net_cost")
    if level is None or not finite_number(level.value):
        return "not available (the runs have no program cost)"
    text = f"program {money(level.value)} a year"
    if extra is not None and finite_number(extra.value):
        text += (
            f", {signed_money(extra.value)} a year against {baseline} "
            f"({interval('program_cost', extra.ci_low, extra.ci_high)})"
        )
    if net is not None and finite_number(net.value):
        text += (
            f"; net cost (program, turnover, unpaid mentoring time) "
            f"{signed_money(net.value)} a year against {baseline} "
            f"({interval('net_cost', net.ci_low, net.ci_high)})"
        )
    return text


def _per_departure(m: dict, baseline: str, replacement_cost: float | None) -> str:
    ratio, avoided = m.get("cost_per_departure_avoided"), m.get("departures_avoided")
    text = _cost_per(
        ratio,
        avoided,
        baseline,
        outcome="departures_per_year",
        noun="departures avoided",
        missing="no departures or no program cost",
        nothing="no departures avoided (departures",
        sign=-1.0,
        maybe="the design may avoid no departures at all",
    )
    priced = (
        ratio is not None
        and ratio.note != NOT_IN_RUNS
        and avoided is not None
        and finite_number(ratio.value)
    )
    if priced and replacement_cost is not None and finite_number(replacement_cost):
        # Below this price each departure avoided saves more turnover than it cost.
        text += f"; refilling a position costs {money(replacement_cost)}"
    return text


def _per_promotion(m: dict, baseline: str) -> str:
    return _cost_per(
        m.get("cost_per_extra_promotion"),
        m.get("extra_promotions"),
        baseline,
        outcome="promotions_per_year",
        noun="extra promotions",
        missing="no promotion counts or no program cost",
        nothing="no extra promotions (promotions",
        sign=1.0,
        maybe="the design may add no promotions at all",
    )


def _cost_per(
    ratio,
    gained,
    baseline: str,
    *,
    outcome: str,
    noun: str,
    missing: str,
    nothing: str,
    sign: float,
    maybe: str,
) -> str:
    """A cost per unit gained (a departure avoided, an extra promotion), in words.

    ``gained`` is counted as a gain; ``sign`` turns it back into the change of ``outcome``
    (-1 for departures avoided: fewer departures) where nothing was gained. ``maybe`` says
    what an interval of the gain that includes zero means.
    """
    if ratio is None or ratio.note == NOT_IN_RUNS or gained is None:
        return f"not available (the runs have {missing})"
    gain_interval = interval(outcome, gained.ci_low, gained.ci_high)
    amount = f"{_people(gained.value)} {noun} a year ({gain_interval})"
    if not finite_number(ratio.value):
        if ratio.note == COSTS_LESS:
            return f"none: {amount} at a lower program cost"
        low, high = sorted((sign * gained.ci_low, sign * gained.ci_high))
        return (
            f"{nothing} {change(outcome, sign * gained.value)} against {baseline}, "
            f"{interval(outcome, low, high)})"
        )
    if math.isinf(ratio.ci_high):
        return _unbounded_price(
            ratio, f"{maybe} ({_people(gained.value)} {noun} a year, {gain_interval})"
        )
    return f"{money(ratio.value)} ({_ratio_interval(ratio)}), for {amount}"


def _unbounded_price(ratio: Any, why: str) -> str:
    """A price whose interval has no upper bound: its estimate, least value and ``why``.

    The gain's interval includes zero, so the price may be infinite. The estimate comes
    first, named as the ratio of the means, so it is not read as a bounded price.
    """
    bound = (
        f"no upper bound (95% CI from {money(ratio.ci_low)})"
        if finite_number(ratio.ci_low)
        else "no 95% interval"
    )
    return f"{money(ratio.value)} at the means, but with {bound}: {why}"


def _worsens(worse: list[str], extra: Any) -> str:
    costly = extra is not None and finite_number(extra.ci_low) and extra.ci_low > 0
    if not worse:
        return (
            "apart from its cost, it worsens nothing detectably"
            if costly
            else "it worsens nothing detectably"
        )
    return f"it worsens {join_words([label(o) for o in worse])}" + (
        f"; it also costs {money(extra.value)} a year more to run" if costly else ""
    )


def _who_gains(rows: dict) -> list[str]:
    """The equity clauses; none when no ratio could be measured (said once, not four times)."""
    clauses = equity_clauses(rows)
    return [] if all(c.endswith(NOT_MEASURABLE) for c in clauses) else clauses


def _ratio_interval(row: Any) -> str:
    if not (finite_number(row.ci_low) and finite_number(row.ci_high)):
        return "no interval"  # too few replicates
    return f"95% CI {money(row.ci_low)} to {money(row.ci_high)}"


def _people(value: float) -> str:
    return change("departures_per_year", value).removesuffix(" a year").lstrip("+")
