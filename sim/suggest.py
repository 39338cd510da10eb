"""Suggestions for misspelt names: the nearest known key, outcome, target or scenario.

Every loader that refuses an unknown name (scenario keys, targets, calibration parameters,
compared outcomes) words its hint with :func:`did_you_mean`, so the hints read alike everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# How alike two names must be (difflib's ratio) to be suggested: low enough to catch a
# dropped or swapped letter, high enough not to suggest an unrelated name.
CUTOFF = 0.5


def did_you_mean(word: str, known: Iterable[str], *, fallback: str = "") -> str:
    """Return ``"; did you mean 'NAME'?"`` for the known name nearest ``word``.

    Args:
        word: The name that was not recognised.
        known: The names that would have been.
        fallback: Returned when no known name is near enough (e.g. a list of them).

    Returns:
        The hint, ready to append to an error message, or ``fallback``.
    """
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=CUTOFF)
    return f"; did you mean {close[0]!r}?" if close else fallback
