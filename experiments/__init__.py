"""Calibration targets and parameters (TOML); installed as ``sim.data.experiments``."""
