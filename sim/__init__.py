"""mentorsim: agent-based simulation of mentorship programs at academic medical centers."""

from importlib import metadata

# pyproject.toml is the one place the version is written; an installed package reports it.
try:
    __version__ = metadata.version("mentorsim")
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "unknown"
