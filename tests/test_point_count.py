"""A sweep's point count, said before drawing (the size check), equals the points drawn."""

import pytest

from sim.experiment.sweep import load_experiment
from sim.experiment.sweep.samplers import draw_points, point_count

EXPERIMENT = """
name = "count"
designs = ["baseline"]
replicates = 1
seed = 3
years = 8
[levers]
"program.protected_hours_per_week" = [0.0, 4.0]
[uncertainties]
"mentors.skill_mean" = "plausible"
[sampler]
{sampler}
"""


@pytest.mark.parametrize(
    "sampler, expected",
    [
        ('method = "lhs"\nn = 7', 7),
        ('method = "sobol"\nn = 16', 16),
        ('method = "saltelli"\nn = 4', 4 * (2 + 2)),  # d = 2, first order
        ('method = "saltelli"\nn = 4\nsecond_order = true', 4 * (2 * 2 + 2)),
        ('method = "morris"\nn = 3', 3 * (2 + 1)),
    ],
)
def test_the_points_counted_before_drawing_are_the_points_drawn(tmp_path, sampler, expected):
    pytest.importorskip("SALib")
    path = tmp_path / "count.toml"
    path.write_text(EXPERIMENT.format(sampler=sampler))
    experiment = load_experiment(path)
    assert point_count(experiment) == expected
    points, _ = draw_points(experiment)
    assert len(points) == expected


def test_a_sobol_sample_that_is_not_a_power_of_two_is_refused_with_the_nearest(tmp_path):
    from sim.experiment.sweep.rules import ExperimentError

    path = tmp_path / "count.toml"
    path.write_text(EXPERIMENT.format(sampler='method = "sobol"\nn = 12'))
    with pytest.raises(ExperimentError, match=r"count.toml: sampler.n = 12 .* use 8 or 16"):
        load_experiment(path)
