"""Build tools beside the library (not installed with it): run from the repository root."""
