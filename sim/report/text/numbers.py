"""How reports write numbers and table cells: one function for each, used everywhere.

:func:`format_value` writes a table cell, :func:`number` and :func:`signed` a number in
running text or a terminal table (fixed precision, so numbers side by side line up), and
:func:`markdown_cell` makes any text safe inside a Markdown pipe table (the reports' tables
and the generated docs tables).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def format_value(value: object, digits: int = 4) -> str:
    """Table cell text: floats to ``digits`` significant digits, NaN and None as empty.

    Large numbers keep every integer digit with thousands separators (``12,345``) rather than
    switching to scientific notation, which is hard to read for costs and headcounts.
    """
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float | np.floating):
        value = float(value)
        if math.isnan(value):
            return ""
        if math.isinf(value) or abs(value) < 10 ** (digits - 1):
            return f"{value:.{digits}g}"
        return f"{value:,.0f}"
    return str(value)


def number(value: float, digits: int = 3) -> str:
    """A number to ``digits`` significant digits, trailing zeros kept ("n/a" if NaN).

    ``0.740`` rather than ``0.74``, so numbers side by side show the same precision; large
    numbers keep every integer digit with thousands separators (``1,643``), and 0 is ``0``.
    """
    if not finite_number(value):
        return "n/a"
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 10 ** (digits - 1):
        return format_value(value, digits)
    text = f"{value:#.{digits}g}"
    return text.rstrip(".") if "e" not in text else text


def signed(value: float, digits: int = 3) -> str:
    """:func:`number` with a ``+`` on positive numbers."""
    text = number(value, digits)
    return f"+{text}" if finite_number(value) and float(value) > 0 else text


def markdown_cell(text: object) -> str:
    """Text safe for one Markdown table cell: one line, backslashes and pipes escaped."""
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")


def finite_number(value: Any) -> bool:
    """Whether ``value`` is a finite number (None, text, NaN and infinities are not)."""
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
