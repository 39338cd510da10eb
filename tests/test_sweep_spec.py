"""Experiment files: what they may say, and a clear refusal for each kind of bad input.

Refusals come before anything runs and name the file, the key, the bad value, what is allowed
and the nearest known name.
"""

import tomllib
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.experiment.compare import KEY_OUTCOMES
from sim.experiment.sweep import ExperimentError, draw_points, load_experiment
from sim.experiment.sweep.samplers import check_points
from sim.outcomes import OUTCOMES
from sim.scenario import parameter_fields

ROOT = Path(__file__).resolve().parents[1]
GOOD = """
designs = ["baseline", "multi_mentor"]
replicates = 2
seed = 1
years = 10
outcomes = ["mentored_share", "burnout_share"]
[set]
"institution.initial_size" = 100
[levers]
"program.protected_hours_per_week" = [0.0, 4.0]
[uncertainties]
"mentors.skill_mean" = "plausible"
[sampler]
method = "lhs"
n = 8
"""


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def refused(tmp_path: Path, text: str, *needles: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    for needle in needles:
        assert needle in message, message
    return message


def with_line(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def plausible_key(prefix: str = "") -> tuple[str, tuple[float, float]]:
    for key, f in parameter_fields().items():
        if key.startswith(prefix) and f.metadata.get("plausible") is not None:
            return key, f.metadata["plausible"]
    raise AssertionError("no parameter with a plausible range")


def test_a_good_file_resolves_levers_uncertainties_and_plausible_ranges(tmp_path):
    experiment = load_experiment(write(tmp_path, GOOD))
    assert [d.name for d in experiment.designs] == ["baseline", "multi_mentor"]
    assert experiment.baseline == "baseline"
    assert [v.key for v in experiment.levers] == ["program.protected_hours_per_week"]
    (skill,) = experiment.uncertainties
    assert (skill.lo, skill.hi) == parameter_fields()["mentors.skill_mean"].metadata["plausible"]
    assert all(
        d.scenario.institution.initial_size == 100 and d.scenario.years == 10
        for d in experiment.designs
    )
    points, unit = draw_points(experiment)
    assert list(points.columns) == [
        "point",
        "program.protected_hours_per_week",
        "mentors.skill_mean",
    ]
    assert len(points) == 8 and unit.shape == (8, 2)
    # A Latin hypercube puts one point in each eighth of every range.
    bins = np.sort(np.floor(unit * 8), axis=0)
    assert (bins == np.arange(8)[:, None]).all()
    assert points["mentors.skill_mean"].between(skill.lo, skill.hi).all()


def test_the_same_file_draws_the_same_points(tmp_path):
    path = write(tmp_path, GOOD)
    first, _ = draw_points(load_experiment(path))
    second, _ = draw_points(load_experiment(path))
    assert first.equals(second)


@pytest.mark.parametrize(
    ("method", "n", "rows"),
    [
        ("sobol", 8, 8),
        ("saltelli", 8, 8 * (2 + 2)),  # N (D + 2) without second-order indices
        ("morris", 3, 3 * (2 + 1)),  # N trajectories of D + 1 points
    ],
)
def test_sampler_sizes(tmp_path, method, n, rows):
    text = with_line('method = "lhs"\nn = 8', f'method = "{method}"\nn = {n}')
    points, unit = draw_points(load_experiment(write(tmp_path, text)))
    assert len(points) == rows and unit.shape == (rows, 2)
    assert ((unit >= 0) & (unit <= 1)).all()


def test_a_grid_crosses_lists_and_range_levels(tmp_path):
    text = with_line('method = "lhs"\nn = 8', 'method = "grid"\nlevels = 3').replace(
        '"mentors.skill_mean" = "plausible"', '"program.homophily" = {values = [0.2, 0.8]}'
    )
    points, unit = draw_points(load_experiment(write(tmp_path, text)))
    assert unit is None and len(points) == 3 * 2
    assert sorted(set(points["program.protected_hours_per_week"])) == [0.0, 2.0, 4.0]


def test_lists_integers_and_distributions_map_into_their_bounds(tmp_path):
    text = GOOD.replace(
        '"mentors.skill_mean" = "plausible"',
        '"mentors.skill_mean" = {dist = "normal", mean = 0.45, sd = 0.5}\n'
        '"mentors.hard_cap" = [2, 12]',
    )
    text = text.replace(
        "[levers]", '[levers]\n"program.policy" = ["compatibility", "stable", "random"]'
    )
    text = text.replace('designs = ["baseline", "multi_mentor"]', 'designs = ["single_mentor"]')
    experiment = load_experiment(write(tmp_path, text))
    points, _ = draw_points(experiment)
    assert points["mentors.skill_mean"].between(0.0, 1.0).all()  # truncated to the schema
    assert points["mentors.hard_cap"].dtype == np.int64
    assert points["mentors.hard_cap"].between(2, 12).all()
    assert set(points["program.policy"]) <= {"compatibility", "stable", "random"}
    check_points(experiment, points)


def test_a_pattern_takes_every_plausible_parameter_but_those_a_design_sets(tmp_path):
    # A design file that sets one of the group's assumptions: it is that design's lever.
    (tmp_path / "seasoned.toml").write_text(
        'name = "seasoned"\ndescription = "Skilled mentors."\n[mentors]\nskill_mean = 0.7\n'
    )
    text = GOOD.replace('"mentors.skill_mean" = "plausible"', '"mentors.*" = "plausible"')
    text = text.replace('"baseline", "multi_mentor"', f'"baseline", "{tmp_path / "seasoned.toml"}"')
    experiment = load_experiment(write(tmp_path, text))
    keys = {v.key for v in experiment.uncertainties}
    expected = {
        k
        for k, f in parameter_fields().items()
        if k.startswith("mentors.") and f.metadata.get("plausible") is not None
    }
    held = set(experiment.skipped)
    assert "mentors.skill_mean" in held  # the design sets it
    assert keys == expected - held


def test_the_shipped_example_is_valid():
    experiment = load_experiment(ROOT / "experiments" / "sweep_example.toml")
    points, _ = draw_points(experiment)
    runs = len(points) * len(experiment.designs) * experiment.replicates
    assert runs <= 64  # small enough to run in well under two minutes on two cores
    check_points(experiment, points)


def test_the_shipped_sensitivity_example_is_a_small_morris_design():
    experiment = load_experiment(ROOT / "experiments" / "sensitivity_example.toml")
    points, unit = draw_points(experiment)
    assert experiment.sampler.method == "morris" and unit is not None
    assert len(points) == experiment.sampler.n * (len(experiment.varied) + 1)
    assert len(points) * experiment.replicates <= 100
    check_points(experiment, points)


def sweep_files() -> list[Path]:
    """The files in experiments/ that ``mentorsim sweep`` reads (those naming designs)."""
    return [
        p
        for p in sorted((ROOT / "experiments").glob("*.toml"))
        if "designs" in tomllib.loads(p.read_text(encoding="utf-8"))
    ]


def test_the_shipped_sweep_files_are_all_found():
    assert {"sweep_example", "sensitivity_example", "robustness"} <= {p.stem for p in sweep_files()}


@pytest.mark.parametrize("path", sweep_files(), ids=lambda p: p.stem)
def test_every_shipped_experiment_asks_only_for_outcomes_its_runs_compute(path):
    experiment = load_experiment(path)
    for design in experiment.designs:
        s = design.scenario
        too_short = {
            name: OUTCOMES[name].years_needed(s.warmup_years)
            for name in experiment.outcomes
            if OUTCOMES[name].years_needed(s.warmup_years) > s.years
        }
        assert not too_short, (
            f"{path.name}: design {design.name} runs {s.years} years, too few for {too_short}"
        )


@pytest.mark.parametrize("name", ["sweep_example", "sensitivity_example", "robustness"])
def test_each_example_header_states_its_true_size(name):
    path = ROOT / "experiments" / f"{name}.toml"
    experiment = load_experiment(path)
    points, _ = draw_points(experiment)
    header = " ".join(
        line.lstrip("#").strip() for line in path.read_text().splitlines() if line.startswith("#")
    )
    designs, reps = len(experiment.designs), experiment.replicates
    runs = designs * len(points) * reps
    stated = (
        f"{designs} design{'s' if designs > 1 else ''} x {len(points)} points x {reps} "
        f"replicates = {runs:,} runs"
    )
    assert stated in header, f"{path.name} should say {stated!r}"
    if experiment.sampler.method == "morris":
        k, n = len(experiment.varied), experiment.sampler.n
        assert f"{n} trajectories over the {k} " in header
        assert f"{n} x ({k} + 1) = {len(points)} points" in header


def test_the_shipped_robustness_experiment_is_valid():
    experiment = load_experiment(ROOT / "experiments" / "robustness.toml")
    shipped = {p.stem for p in (ROOT / "scenarios").glob("*.toml")}
    names = [d.name for d in experiment.designs]
    assert names[0] == "baseline" and len(names) >= 8 and set(names) <= shipped
    assert experiment.sampler.method == "lhs" and not experiment.levers
    assert len(experiment.uncertainties) >= 10
    held = {k for d in experiment.designs for k in d.sets}
    assert not held & {v.key for v in experiment.uncertainties}


BAD = [
    # (what, old text, new text, words the message must hold)
    ("unknown top-level key", "seed = 1", "seeds = 1", ["seeds", "did you mean 'seed'"]),
    (
        "unknown scenario key",
        '"mentors.skill_mean" = "plausible"',
        '"mentors.skil_mean" = "plausible"',
        ["uncertainties.mentors.skil_mean", "did you mean 'mentors.skill_mean'"],
    ),
    (
        "unknown key in [set]",
        '"institution.initial_size" = 100',
        '"institution.initial_sise" = 100',
        ["set.institution.initial_sise", "did you mean"],
    ),
    (
        "range outside the schema's bounds",
        "[0.0, 4.0]",
        "[0.0, 40.0]",
        [
            "levers.program.protected_hours_per_week",
            "40.0 is not allowed",
            "a number in [0.0, 20.0]",
        ],
    ),
    ("range the wrong way round", "[0.0, 4.0]", "[4.0, 0.0]", ["lo < hi"]),
    ("a list of one", "[0.0, 4.0]", "[2.0]", ["at least two values"]),
    (
        "a value of the wrong type",
        "[0.0, 4.0]",
        '["a", "b"]',
        ["'a' is not allowed", "expected a number"],
    ),
    (
        "plausible where the schema has none",
        "[0.0, 4.0]",
        '"plausible"',
        ["no plausible range", "program.protected_hours_per_week"],
    ),
    (
        "unknown distribution",
        "[0.0, 4.0]",
        '{dist = "gamma", lo = 0.0, hi = 4.0}',
        ["dist = 'gamma'", "uniform"],
    ),
    (
        "distribution missing a parameter",
        "[0.0, 4.0]",
        '{dist = "triangular", lo = 0.0, hi = 4.0}',
        ["needs lo, mode, hi", "mode is missing"],
    ),
    (
        "distribution with an unknown key",
        "[0.0, 4.0]",
        '{dist = "uniform", low = 0.0, hi = 4.0}',
        ["unknown key 'low'", "did you mean 'lo'"],
    ),
    ("unknown sampler", 'method = "lhs"', 'method = "latin"', ["'latin'", "known: grid"]),
    (
        "sobol size not a power of two",
        'method = "lhs"\nn = 8',
        'method = "sobol"\nn = 12',
        ["sampler.n = 12", "powers of two", "use 8 or 16"],
    ),
    (
        "saltelli size not a power of two",
        'method = "lhs"\nn = 8',
        'method = "saltelli"\nn = 100',
        ["sampler.n = 100", "use 64 or 128"],
    ),
    (
        "morris with odd levels",
        'method = "lhs"\nn = 8',
        'method = "morris"\nn = 4\nlevels = 5',
        ["sampler.levels = 5", "even"],
    ),
    ("sampler without a size", 'method = "lhs"\nn = 8', 'method = "lhs"', ["sampler.n is missing"]),
    ("grid with a size", 'method = "lhs"\nn = 8', 'method = "grid"\nn = 8', ["a grid takes no n"]),
    (
        "unknown sampler key",
        "n = 8",
        "n = 8\nscrambled = true",
        ["sampler.scrambled", "did you mean 'scramble'"],
    ),
    (
        "unknown outcome",
        '"burnout_share"]',
        '"burnout_shares"]',
        ["unknown outcome 'burnout_shares'", "did you mean 'burnout_share'"],
    ),
    (
        "unknown design",
        '"multi_mentor"]',
        '"multi_mentors"]',
        ["'multi_mentors' is not a shipped scenario", "did you mean 'multi_mentor'"],
    ),
    ("missing design file", '"multi_mentor"]', '"nowhere.toml"]', ["no such scenario file"]),
    (
        "baseline not among the designs",
        "replicates = 2",
        'replicates = 2\nbaseline = "single"',
        ["baseline: 'single' is not among the designs"],
    ),
    (
        "replicates not a positive integer",
        "replicates = 2",
        "replicates = 0",
        ["replicates = 0 is not allowed", "integer in [1,"],
    ),
    (
        "varied and fixed at once",
        '"mentors.skill_mean" = "plausible"',
        '"institution.initial_size" = [100, 200]',
        ["also fixed in [set]"],
    ),
    (
        "uncertainty a design sets",
        '"mentors.skill_mean" = "plausible"',
        '"program.mentors_per_mentee" = [2, 3]',
        ["set by design multi_mentor", "levers, not uncertainties"],
    ),
    (
        "pattern without plausible",
        '"mentors.skill_mean" = "plausible"',
        '"mentors.*" = [0.1, 0.2]',
        ["a pattern", '"plausible"'],
    ),
    (
        "pattern matching nothing",
        '"mentors.skill_mean" = "plausible"',
        '"nothing.*" = "plausible"',
        ["matches no parameter"],
    ),
    (
        "fixed value out of bounds",
        '"institution.initial_size" = 100',
        '"institution.initial_size" = 5',
        ["set:", "institution.initial_size = 5"],
    ),
]


@pytest.mark.parametrize(("what", "old", "new", "needles"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_experiment_file_is_refused_with_a_clear_message(tmp_path, what, old, new, needles):
    refused(tmp_path, with_line(old, new), *needles)


def test_an_outcome_the_runs_are_too_short_for_is_refused(tmp_path):
    # Ten-year outcomes follow cohorts joining after the 5 warm-up years: 16 years at least.
    text = with_line(
        'outcomes = ["mentored_share", "burnout_share"]',
        'outcomes = ["mentored_share", "attrition_10y", "retention_8y"]',
    )
    message = refused(
        tmp_path,
        text,
        "outcomes: retention_8y (needs years >= 14), "
        "attrition_10y (needs years >= 16) cannot be computed",
        "design 'baseline' runs 10 years",
        "after its 5 warm-up years",
        "set years = 16 or more",
        "docs/outcomes.md",
    )
    assert "\n" not in message and "mentored_share" not in message


def test_the_design_with_the_longest_warm_up_decides_the_years_needed(tmp_path):
    (tmp_path / "long_warmup.toml").write_text('name = "long_warmup"\nwarmup_years = 8\n')
    text = with_line(
        'designs = ["baseline", "multi_mentor"]', 'designs = ["baseline", "long_warmup.toml"]'
    )
    text = text.replace("years = 10", "years = 18").replace('"burnout_share"]', '"attrition_10y"]')
    refused(
        tmp_path,
        text,
        "attrition_10y (needs years >= 19)",
        "design 'long_warmup' runs 18 years",
        "after its 8 warm-up years",
        "set years = 19 or more",
    )
    load_experiment(write(tmp_path, text.replace("years = 18", "years = 19")))


def test_without_outcomes_the_key_outcomes_the_runs_compute_are_measured(tmp_path):
    short = load_experiment(
        write(tmp_path, with_line('outcomes = ["mentored_share", "burnout_share"]\n', ""))
    )
    assert "mentored_share" in short.outcomes and "attrition_10y" not in short.outcomes
    assert set(short.outcomes) < set(KEY_OUTCOMES)
    assert short.outcome_note.startswith(
        "key outcomes left out: development_index (needs years >= 11), attrition_10y, "
    )
    assert "years = 16 or more computes them" in short.outcome_note
    long = load_experiment(
        write(
            tmp_path,
            with_line('outcomes = ["mentored_share", "burnout_share"]\n', "").replace(
                "years = 10", "years = 16"
            ),
            "long.toml",
        )
    )
    assert long.outcomes == KEY_OUTCOMES and long.outcome_note == ""


def test_a_point_that_breaks_a_cross_parameter_rule_is_refused(tmp_path):
    text = with_line(
        '"mentors.skill_mean" = "plausible"', '"program.mentors_per_mentee" = {values = [1, 2]}'
    )
    text = text.replace("[uncertainties]", "").replace("[levers]", "[levers]")
    experiment = load_experiment(write(tmp_path, text))
    points, _ = draw_points(experiment)
    with pytest.raises(ExperimentError, match="not a valid scenario for design 'multi_mentor'"):
        check_points(experiment, points)


def test_not_toml_not_utf8_and_missing_files_are_refused(tmp_path, capsys):
    bad = write(tmp_path, "designs = [", "broken.toml")
    with pytest.raises(ExperimentError, match="not valid TOML"):
        load_experiment(bad)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('description = "café"\n'.encode("latin-1"))
    with pytest.raises(ExperimentError, match="not a UTF-8 text file"):
        load_experiment(latin1)
    with pytest.raises(ExperimentError, match="cannot read experiment file"):
        load_experiment(tmp_path / "missing.toml")
    # Through the command line: one line naming the file, exit 2, nothing run.
    out = tmp_path / "out"
    assert main(["sweep", str(latin1), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(latin1) in err and not out.exists()


def test_the_shipped_decision_and_search_examples_follow_five_ten_year_cohorts():
    # A run of warmup + 11 years follows one yearly cohort for ten years (about 16 new
    # assistant professors at 300 people), whose attrition is mostly its seed's luck.
    for name in ("robust_decision", "search_example"):
        experiment = load_experiment(ROOT / "experiments" / f"{name}.toml")
        assert experiment.years is not None
        for design in experiment.designs:
            cohorts = experiment.years - design.scenario.warmup_years - 10
            assert cohorts >= 5, (name, design.name, cohorts)
