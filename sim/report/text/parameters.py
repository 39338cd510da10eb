"""Scenario parameters in the reports' words: the schema's own description, short.

Each parameter of the schema carries one line saying what it means, with its unit
(``param(doc=...)``). A report cell needs its head: :func:`parameter_label` cuts the line at
the first clause break (a colon, a semicolon or an aside in brackets) that leaves a phrase of
its own, so ``mentors.willing_share`` reads "chance a senior faculty member is willing to
mentor" and ``career.promotion_hr_women`` "residual promotion hazard ratio, women vs men".
:func:`parameter_words` rewrites the keys inside an ensemble's ``hinges_on`` or
``ensemble_verdict`` text the same way, keeping each key in brackets so that the number can
be traced back to the scenario file.
"""

from __future__ import annotations

import re
from functools import cache

from sim.scenario.schema import parameter_fields

#: A clause break nearer the start than this leaves too little to read on its own
#: ("spread (log scale) of ..." keeps its aside).
_SHORTEST = 25

_KEY = re.compile(r"\b[a-z_]+\.[a-z_0-9]+\b")


@cache
def _docs() -> dict[str, str]:
    return {key: str(f.metadata.get("doc", "")) for key, f in parameter_fields().items()}


def parameter_label(key: str) -> str:
    """The head of a parameter's description in the schema, or the key when it has none.

    Args:
        key: A key path of the scenario schema (``group.name``).
    """
    doc = _docs().get(key, "").strip()
    if not doc:
        return key
    cuts = [doc.find(mark, _SHORTEST) for mark in (":", ";", " (")]
    cut = min((c for c in cuts if c != -1), default=len(doc))
    return doc[:cut].rstrip(" ,.")


def parameter_words(text: str) -> str:
    """``text`` with every schema key in it written as its label, the key in brackets.

    ``"depends on mentors.willing_share"`` becomes ``"depends on chance a senior faculty
    member is willing to mentor [mentors.willing_share]"``; words that are not schema keys
    are left as they are.
    """
    docs = _docs()
    return _KEY.sub(
        lambda m: (
            f"{parameter_label(m.group(0))} [{m.group(0)}]" if m.group(0) in docs else m.group(0)
        ),
        text,
    )
