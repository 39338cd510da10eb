"""results/README.md lists every column of every table the commands write."""

from pathlib import Path

import pytest

from sim.experiment import compare, costs, robustness, sensitivity, stats, validate
from sim.experiment.effects import COLUMN as EFFECT_COLUMN

README = (Path(__file__).resolve().parents[1] / "results" / "README.md").read_text()


@pytest.mark.parametrize(
    "table, columns",
    [
        ("comparison.csv", (*stats.TABLE_COLUMNS, EFFECT_COLUMN, *compare.DESCRIBING_COLUMNS)),
        ("costs.csv", costs.COST_COLUMNS),
        ("costs.csv measures", tuple(costs.MEASURES)),
        ("validation.csv", validate.COLUMNS),
        ("sensitivity.csv", sensitivity.COLUMNS),
        ("robustness.csv", robustness.COLUMNS),
        ("robustness_drivers.csv", robustness.DRIVER_COLUMNS),
    ],
)
def test_every_column_is_listed(table, columns):
    missing = [c for c in columns if f"`{c}`" not in README]
    assert not missing, f"{table}: results/README.md does not list {missing}"
