"""mentorsim: agent-based simulation of mentorship programs at academic medical centers."""

__version__ = "0.1.0"
