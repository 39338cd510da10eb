"""A sweep's varied parameter given badly: refused with the file, the key and what is allowed."""

import pytest

from sim.experiment.sweep import load_experiment
from sim.experiment.sweep.rules import ExperimentError

EXPERIMENT = """
name = "bad"
designs = ["baseline"]
replicates = 1
seed = 3
years = 8
[levers]
"program.protected_hours_per_week" = [0.0, 4.0]
[uncertainties]
"mentors.skill_mean" = {spec}
[sampler]
method = "lhs"
n = 4
"""
KEY = "uncertainties.mentors.skill_mean"


@pytest.mark.parametrize(
    "spec, message",
    [
        ("{values = [0.4, 0.5], step = 1}", f"{KEY}: unknown key 'step' beside values"),
        ("{values = 0.4}", f"{KEY}: values = 0.4 is not allowed; expected a list"),
        ("[0.4]", f"{KEY} = [0.4]: a list needs at least two values (fix one value in [set])"),
        ("[0.4, 0.5, 0.4]", f"{KEY} = [0.4, 0.5, 0.4]: a value is listed twice"),
        (
            '{dist = "gauss", lo = 0.1, hi = 0.9}',
            f"{KEY}: dist = 'gauss' is not allowed (known: uniform, loguniform, triangular, "
            "normal)",
        ),
        (
            '{dist = "uniform", lo = 0.1, hi = 0.9, mode = 0.5}',
            f"{KEY}: unknown key 'mode' for dist 'uniform' (it takes lo, hi)",
        ),
        ('{dist = "uniform", lo = 0.1}', f"{KEY}: dist 'uniform' needs lo, hi; hi is missing"),
        (
            '{dist = "uniform", lo = "a", hi = 0.9}',
            f"{KEY}: lo = 'a' is not allowed; expected a number",
        ),
        (
            '{dist = "uniform", lo = 0.9, hi = 0.1}',
            f"{KEY}: needs lo < hi, got lo = 0.9, hi = 0.1",
        ),
        (
            '{dist = "loguniform", lo = 0.0, hi = 0.9}',
            f"{KEY}: a loguniform distribution needs lo > 0, got 0",
        ),
        (
            '{dist = "triangular", lo = 0.1, hi = 0.5, mode = 0.9}',
            f"{KEY}: mode = 0.9 must lie in [lo, hi] = [0.1, 0.5]",
        ),
        (
            '{dist = "normal", mean = 0.5, sd = 0.0}',
            f"{KEY}: sd = 0.0 is not allowed; expected a number > 0",
        ),
        ("true", f"{KEY} = True is not allowed; expected a range [lo, hi], a list of values"),
    ],
)
def test_a_bad_spec_is_refused_naming_file_key_value_and_what_is_allowed(tmp_path, spec, message):
    path = tmp_path / "bad.toml"
    path.write_text(EXPERIMENT.format(spec=spec))
    with pytest.raises(ExperimentError) as refused:
        load_experiment(path)
    text = str(refused.value)
    assert text.startswith(f"{path}: ") and message in text
    assert "\n" not in text  # one line
