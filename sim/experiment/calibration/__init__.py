"""``mentorsim calibrate``: fit the parameters the literature does not give, to all targets.

Split by concern:

- :mod:`~sim.experiment.calibration.parameters`: which parameters are fitted, within which
  bounds (the parameter file) and where the search starts;
- :mod:`~sim.experiment.calibration.objective`: band-normalised residuals and the evaluator
  that runs the targets' scenarios on common random numbers;
- :mod:`~sim.experiment.calibration.search`: the least-squares search, :func:`calibrate`;
- :mod:`~sim.experiment.calibration.identifiability`: which parameters the targets pin down;
- :mod:`~sim.experiment.calibration.files`: the result tables on disk.

The loss-history figure and the text summary are in :mod:`sim.report.documents.calibration`.
"""

from sim.experiment.calibration.files import TABLE_FILES, calibrated_toml, write_tables
from sim.experiment.calibration.identifiability import identifiability, weakest_direction
from sim.experiment.calibration.objective import (
    NAN_RESIDUAL,
    Evaluator,
    margin_penalty,
    residuals,
)
from sim.experiment.calibration.parameters import (
    CalibrationError,
    Parameter,
    load_parameters,
    load_start,
)
from sim.experiment.calibration.search import CalibrationResult, calibrate, optimise

__all__ = [
    "NAN_RESIDUAL",
    "TABLE_FILES",
    "CalibrationError",
    "CalibrationResult",
    "Evaluator",
    "Parameter",
    "calibrate",
    "calibrated_toml",
    "identifiability",
    "load_parameters",
    "load_start",
    "margin_penalty",
    "optimise",
    "residuals",
    "weakest_direction",
    "write_tables",
]
