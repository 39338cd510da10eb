"""Reading the project's TOML inputs with one kind of error for each kind of file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_toml(path: str | Path, what: str, error: type[ValueError]) -> dict[str, Any]:
    """Read a TOML file, raising ``error`` that names the file when it cannot.

    Args:
        path: The file.
        what: What the file is, for the message (e.g. "scenario file").
        error: The exception class to raise (the caller's validation error).

    Returns:
        The parsed TOML.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise error(f"{path}: cannot read {what} ({err.strerror})") from None
    except UnicodeDecodeError as err:
        raise error(
            f"{path}: not a UTF-8 text file (byte 0x{err.object[err.start]:02x} at "
            f"offset {err.start}); save the {what} as UTF-8 TOML"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(f"{path}: not valid TOML: {err}") from None
