"""The one kind of error for input that is refused before anything runs.

Every loader and planner raises a subclass (a bad scenario, targets file, calibration file,
comparison plan, or a data file missing from the installation), with a message that names the
file or option, the key, the bad value and what is allowed; the CLI prints it and exits 2.
"""


class InputError(ValueError):
    """An input (file, option, override) that is refused before anything runs."""


class InputWarning(UserWarning):
    """An input that is allowed but will not do what its author probably meant."""
