"""What a refused resume says changed: plain words for each change, said once."""

from __future__ import annotations

import pytest

from sim.experiment.resume import ResumeError, changes, design_changes, read_record


def test_an_unreadable_or_odd_record_is_refused_naming_it(tmp_path):
    missing = tmp_path / "experiment.json"
    with pytest.raises(ResumeError, match="cannot read the record"):
        read_record(missing)
    missing.write_text("[1, 2]")  # JSON, but not a record
    with pytest.raises(ResumeError, match=str(missing)):
        read_record(missing)
    missing.write_text("{not json")
    with pytest.raises(ResumeError, match="run without --resume to start again"):
        read_record(missing)


def test_read_record_keeps_a_named_command(tmp_path):
    path = tmp_path / "experiment.json"
    path.write_text('{"command": "run", "seed": 3}')
    assert read_record(path) == {"command": "run", "seed": 3}
    path.write_text('{"seed": 3}')
    assert read_record(path) == {"command": "sweep", "seed": 3}


def test_changes_in_plain_words_causes_before_what_follows(tmp_path):
    before = {"seed": 1, "replicates": 4, "points": 10, "points_sha256": "a", "extra": 1}
    now = {"seed": 2, "replicates": 4, "points": 12, "points_sha256": "b", "extra": 2}
    # The points follow from the seed: only the causes are named, in the fixed order.
    assert changes(before, now, tmp_path) == ["the seed", "`extra`"]
    # When only derived keys changed they are named after all.
    assert changes({"points": 1}, {"points": 2}, tmp_path) == ["the sampled points"]


def test_an_edited_scenario_is_named_with_its_earlier_copy(tmp_path):
    before, now = {"scenario_sha256": "a"}, {"scenario_sha256": "b"}
    assert changes(before, now, tmp_path) == ["the scenario's parameters"]
    (tmp_path / "scenario.toml").write_text("")
    assert changes(before, now, tmp_path) == [
        f"the scenario's parameters (the earlier ones are in {tmp_path / 'scenario.toml'})"
    ]


def sweep_designs(*designs):
    return [{"name": n, "file": f, "scenario_sha256": s} for n, f, s in designs]


def test_design_changes_of_a_comparison_and_of_a_sweep(tmp_path):
    assert design_changes({"a": "1", "b": "2"}, {"a": "1", "c": "2"}, tmp_path) == [
        "the set of designs"
    ]
    assert design_changes({"a": "1", "b": "2"}, {"b": "2", "a": "1"}, tmp_path) == [
        "the order of the designs"
    ]
    assert design_changes({"a": "1", "b": "2"}, {"a": "1", "b": "3"}, tmp_path) == [
        "scenario b's parameters"
    ]
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "b.toml").write_text("")
    assert design_changes({"a": "1", "b": "2"}, {"a": "1", "b": "3"}, tmp_path) == [
        f"scenario b's parameters (the earlier ones are in {tmp_path / 'scenarios' / 'b.toml'})"
    ]
    assert design_changes({"a": "1", "b": "2"}, {"a": "9", "b": "3"}, tmp_path) == [
        f"the parameters of scenarios a and b (the earlier ones are in {tmp_path / 'scenarios'})"
    ]
    old = sweep_designs(("a", "a.toml", "1"), ("b", "b.toml", "2"))
    renamed = sweep_designs(("a", "a.toml", "1"), ("b", "other.toml", "2"))
    assert design_changes(old, renamed, tmp_path) == ["the scenario file names of b"]
    # Records that differ in no way these words can say still name the designs.
    assert design_changes(old, [dict(d) for d in old], tmp_path) == ["the designs"]
    assert changes({"designs": old}, {"designs": renamed}, tmp_path) == [
        "the scenario file names of b"
    ]
