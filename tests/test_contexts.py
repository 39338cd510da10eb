"""A scenario is a design run in a context; a design built on another is compared with it."""

from pathlib import Path

import pytest

from sim.experiment.compare import plan
from sim.scenario import Scenario, ScenarioError, from_dict, load
from sim.scenario.shipped import load_design, shipped, shipped_contexts, shipped_designs

ROOT = Path(__file__).resolve().parents[1]


def test_every_shipped_file_declares_its_kind_and_what_it_builds_on():
    names = set(shipped())
    for name, path in shipped().items():
        s = load(path)
        assert s.kind in ("design", "context"), name
        assert not s.based_on or s.based_on in names, (name, s.based_on)
    assert shipped_contexts() == ["scarce_mentors"]
    assert "overloaded_mentors" not in names and "single_mentor" in shipped_designs()
    assert load(ROOT / "scenarios" / "coaching.toml").based_on == "single_mentor"


def test_a_context_is_refused_as_a_design_and_a_design_as_a_context():
    with pytest.raises(ScenarioError, match="--context scarce_mentors"):
        load_design("scarce_mentors")
    with pytest.raises(ScenarioError, match="not a context"):
        load_design("coaching", "single_mentor")


def test_a_design_in_a_context_keeps_its_levers_over_the_context():
    alone = load_design("fill_to_cap")
    scarce = load_design("fill_to_cap", "scarce_mentors")
    assert scarce.name == "fill_to_cap" and scarce.kind == "design"
    assert scarce.mentors.willing_share == 0.08 and scarce.mentors.hard_cap == 20
    assert alone.mentors.willing_share != 0.08
    assert scarce.program == alone.program  # the design's levers, untouched
    assert "scarce_mentors" in scarce.description


def test_the_schema_checks_kind_and_based_on():
    with pytest.raises(ScenarioError, match="kind = 'world' is not allowed"):
        from_dict({"kind": "world"}, source="f.toml")
    with pytest.raises(ScenarioError, match=r"program.formal is set in a context"):
        from_dict(
            {"kind": "context", "program": {"formal": True, "policy": "compatibility"}},
            source="f.toml",
        )
    with pytest.raises(ScenarioError, match="another design"):
        from_dict({"name": "a", "based_on": "a"}, source="f.toml")


def _design(name: str, based_on: str = "") -> Scenario:
    return Scenario().replace(name=name, based_on=based_on, years=8, warmup_years=2)


def test_designs_built_on_one_design_are_compared_against_it_added_when_missing():
    added = []

    def loader(name: str) -> Scenario:
        added.append(name)
        return _design(name, "baseline")

    p = plan(
        [_design("baseline"), _design("coaching", "single_mentor")], reps=2, load_reference=loader
    )
    assert p.baseline == "single_mentor" and added == ["single_mentor"]
    assert p.names == ["single_mentor", "baseline", "coaching"]
    assert "added" in p.baseline_reason and "--baseline baseline" in p.baseline_reason

    given = [_design("single_mentor", "baseline"), _design("coaching", "single_mentor")]
    p = plan(given, reps=2, load_reference=loader)
    assert p.baseline == "single_mentor" and added == ["single_mentor"]  # not added again
    assert "the design coaching changes" in p.baseline_reason


def test_mixed_designs_keep_the_first_and_say_which_change_another():
    demo = [
        _design("baseline"),
        _design("single_mentor", "baseline"),
        _design("multi_mentor", "single_mentor"),
        _design("trained_mentors", "single_mentor"),
    ]
    p = plan(demo, reps=2, load_reference=lambda n: pytest.fail("nothing to add"))
    assert p.baseline == "baseline"
    assert (
        "multi_mentor and trained_mentors are compared with single_mentor, the design they "
        "change" in p.baseline_reason
    )
    # Each design built on another given design is compared with that one by default.
    assert p.references == {"multi_mentor": "single_mentor", "trained_mentors": "single_mentor"}
    assert [p.reference_of(n) for n in p.names] == [
        "baseline",
        "baseline",
        "single_mentor",
        "single_mentor",
    ]
    asked = plan(demo, reps=2, baseline="single_mentor")
    assert asked.baseline == "single_mentor" and "as --baseline asked" in asked.baseline_reason
    # --baseline compares every design with it.
    assert asked.references == {}
    assert {asked.reference_of(n) for n in asked.names} == {"single_mentor"}
    told = plan(demo, reps=2, baseline="baseline")
    assert told.references == {}
    assert "multi_mentor and trained_mentors change single_mentor" in told.baseline_reason


def test_a_sweep_takes_designs_only(tmp_path):
    from sim.errors import InputError
    from sim.experiment.sweep import load_experiment

    def experiment(designs: str) -> Path:
        path = tmp_path / "e.toml"
        path.write_text(
            f'designs = {designs}\nbaseline = "baseline"\nreplicates = 1\nyears = 8\n'
            '[levers]\n"program.protected_hours_per_week" = [0.0, 4.0]\n'
            '[sampler]\nmethod = "grid"\nlevels = 2\n'
        )
        return path

    every = load_experiment(experiment('["*"]'))
    names = {d.name for d in every.designs}
    assert "scarce_mentors" not in names and "fill_to_cap" in names
    with pytest.raises(InputError, match="is a context"):
        load_experiment(experiment('["baseline", "scarce_mentors"]'))


def test_a_glob_of_every_scenario_leaves_the_contexts_out(capsys):
    from sim.cli import load_compared

    files = [str(p) for p in shipped().values()]
    designs = load_compared(files, None)
    assert "scarce_mentors" not in {d.name for d in designs}
    assert len(designs) == len(files) - 1
    assert "left out scarce_mentors" in capsys.readouterr().err
    with pytest.raises(ScenarioError, match="--context scarce_mentors"):
        load_compared(["baseline", "scarce_mentors"], None)
