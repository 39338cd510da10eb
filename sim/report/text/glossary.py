"""The glossary of the comparison report: every technical word it uses, in plain words.

The report says things plainly first; where a table or a paragraph needs a technical word
(a Bonferroni adjustment, Fieller's interval, P(best)), the glossary at the end says what it
means for a reader who does not do statistics.
"""

from __future__ import annotations

import html

from sim.report.text.outcomes import SCORE_ANCHOR

#: Term -> meaning, in the order a reader meets them.
GLOSSARY: dict[str, str] = {
    "design": "a mentoring program: its levers (who is matched with whom, how many mentors, "
    "training, protected time, evaluation, budget). A scenario file with kind = 'design'.",
    "context": "the institution a design runs in: its size, its people, how many seniors "
    "are willing to mentor. A scenario file with kind = 'context', given with --context.",
    "baseline": "the design every other is compared with; the report says why it was "
    "chosen (the design the others change, the first given, or --baseline).",
    "replicate": "one simulated history of the institution (one seed). Each design runs "
    "the same replicates, so differences come from the design and not from luck.",
    "common random numbers": "replicate r of every design meets the same people and the "
    "same chance events; differences are taken replicate by replicate (paired).",
    "percentage points (points)": "the difference of two percentages: from 60% to 63% is "
    "+3 points (and +5% of the baseline).",
    "0-1 score": SCORE_ANCHOR + ".",
    "ratio (women to men, URM to non-URM)": "one group's rate over the other's; 1 is "
    "parity, below 1 the first group is behind.",
    "95% interval": "the range of differences consistent with the replicates; a wider "
    "one means less certainty. It narrows with more replicates.",
    "Bonferroni adjustment": "with several designs, each interval is made wider so that "
    "all of one outcome's intervals together hold with 95% confidence.",
    "verdict": "better or worse when the whole interval lies on one side of zero; no "
    "difference (no detectable difference) when it includes zero: the replicates cannot "
    "tell the design from the baseline on that outcome.",
    "holds across the evidence / depends on": "verdicts of a comparison run over a "
    "calibrated ensemble: whether a difference keeps its sign for every parameter set the "
    "evidence allows, or which assumption it hinges on.",
    "standardized effect": "a difference divided by how much the outcome varies between "
    "replicates; it lets outcomes in different units be set side by side.",
    "P(best)": "how often, over resamples of the replicates, a design comes out best on an "
    "outcome; a share of 1 spread over the designs compared.",
    "warm-up": "the first years of a run, left out of the outcomes while the synthetic "
    "starting population settles.",
    "program cost": "what the program spends a year (training, protected time, "
    "administration, coaching), in thousands of dollars.",
    "turnover cost": "what refilling the posts of faculty who leave costs a year.",
    "net cost": "program cost plus turnover cost: a design that keeps faculty can cost "
    "less overall than its program costs.",
    "cost per departure avoided": "the extra program cost a year over the departures a "
    "year the design avoids; none when it avoids none.",
    "Fieller's interval": "the interval of a ratio of two uncertain means (a cost per "
    "departure avoided); it has no upper end when the design may avoid no departures.",
    "variance reduction": "how much narrower pairing makes an interval than comparing "
    "unpaired runs would.",
    "Kaplan-Meier curve": "the share of a cohort still at the institution after each "
    "year, counting people followed for fewer years correctly.",
    "URM": "under-represented in medicine (racial and ethnic groups).",
    "full professors (fulls)": "the most senior faculty rank, from which most mentors and "
    "leaders come.",
}


def glossary_block() -> tuple[str, str]:
    """The glossary as (HTML definition list, Markdown list)."""
    esc = html.escape
    items = "".join(f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>" for term, text in GLOSSARY.items())
    markdown = "\n".join(f"- **{term}**: {text}" for term, text in GLOSSARY.items())
    return f'<dl class="glossary">{items}</dl>', markdown


GLOSSARY_CSS = """\
dl.glossary dt { font-weight: bold; margin-top: .4rem; }
dl.glossary dd { margin: 0 0 0 1.2rem; }
"""
