"""The parameter groups of a scenario, one module per table of a scenario file."""
