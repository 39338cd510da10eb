"""Experiment design, execution and analysis for the mentorship simulation."""
