"""The workshop app without a browser: levers, presets, sessions, stories, A/B text, figures."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from sim.app import bars, contrast, figures, levers, network, stories
from sim.app.presets import load_presets, scenarios_dir
from sim.app.session import Workshop, parse_seed
from sim.scenario import GROUPS, ScenarioError, load
from sim.state import ATTRITION, EMOTIONAL_INTELLIGENCE, KEY_YEAR, MOVED


@pytest.fixture(scope="module")
def stepped(small_preset):
    """A/B session (baseline vs single_mentor, 300 people) after eight years."""
    workshop = Workshop([small_preset("baseline"), small_preset("single_mentor")], seed=3)
    workshop.set_ab(True)
    workshop.set_preset("B", "single_mentor")
    for _ in range(8):
        workshop.step()
    return workshop


# ------------------------------------------------------------------------------ levers
def test_every_program_field_is_a_lever_with_the_schema_metadata():
    for f in dataclasses.fields(GROUPS["program"]):
        lever = levers.LEVERS[f"program__{f.name}"]
        assert lever.doc == f.metadata["doc"]
        assert lever.default == f.default
        assert f.metadata["doc"] in lever.help and f.metadata["source"] in lever.help
        if f.metadata["lo"] is not None:
            assert (lever.lo, lever.hi) == (f.metadata["lo"], f.metadata["hi"])
    assert (
        levers.LEVERS["program__policy"].choices
        == GROUPS["program"].__dataclass_fields__["policy"].metadata["choices"]
    )
    assert levers.LEVERS["program__protected_hours_per_week"].label == ("Protected hours per week")
    assert levers.LEVERS["institution__leader_term_years"].label == "Leader term years"
    assert levers.LEVERS["mentors__willing_share"].label == "Willing share (0-1)"


def test_a_value_out_of_range_is_refused_with_the_schema_message():
    design = load(scenarios_dir() / "baseline.toml")
    with pytest.raises(
        ScenarioError,
        match=r"Informal seek rate \(0-1\): program\."
        r"informal_seek_rate = 5 is not allowed; expected "
        r"a number in \[0.0, 1.0\]",
    ):
        levers.apply(design, "program__informal_seek_rate", 5)
    with pytest.raises(ScenarioError, match="'lots' is not a number"):
        levers.parse(levers.LEVERS["program__informal_seek_rate"], "lots")
    with pytest.raises(ScenarioError, match="not a whole number"):
        levers.parse(levers.LEVERS["program__mentors_per_mentee"], "2.5")


def test_coupled_settings_follow_and_say_so():
    design = load(scenarios_dir() / "baseline.toml")
    formal, note = levers.apply(design, "program__formal", True)
    assert formal.program.policy == "compatibility" and "Policy set to compatibility" in note
    committee, note = levers.apply(formal, "program__policy", "committee")
    assert committee.program.mentors_per_mentee == 3 and "Mentors per mentee" in note
    back, _ = levers.apply(committee, "program__formal", False)
    assert back.program.policy == "informal"


# ----------------------------------------------------------------------------- presets
def test_every_shipped_scenario_is_a_preset_with_a_description(tmp_path):
    presets, errors = load_presets()
    assert errors == []
    assert presets[0].name == "baseline"
    names = {p.name for p in presets}
    assert {"coaching", "grow_leaders", "hire_leaders", "fill_to_cap", "scarce_mentors"} <= names
    assert all(p.description for p in presets)
    (tmp_path / "bad.toml").write_text('name = "bad"\n[program]\npolcy = "x"\n')
    presets, errors = load_presets(tmp_path)
    assert [p.name for p in presets] == ["default"]
    assert "did you mean 'policy'" in errors[0]


# ----------------------------------------------------------------------------- session
def test_ab_designs_hire_the_same_people(stepped):
    a, b = stepped.runs["A"].model, stepped.runs["B"].model
    assert a.design.program.formal is False and b.design.program.formal is True
    hires = {}
    for side, model in (("A", a), ("B", b)):
        p = model.people
        rows = np.flatnonzero(p.hire_year == 1)
        # Emotional intelligence develops with mentoring; the other traits are drawn once.
        fixed = [k for k in range(p.traits.shape[1]) if k != EMOTIONAL_INTELLIGENCE]
        hires[side] = (p.key[rows], p.traits[rows][:, fixed], p.woman[rows], p.urm[rows])
    for x, y in zip(hires["A"], hires["B"], strict=True):
        np.testing.assert_array_equal(x, y)
    assert stepped.runs["A"].first_hires() == stepped.runs["B"].first_hires()
    assert re.match(r"^[^()]+ \(#1-0\): ", stepped.runs["A"].first_hires()[0])


def test_bad_lever_or_seed_changes_nothing(small_preset):
    workshop = Workshop([small_preset()], seed=5)
    workshop.step()
    before = workshop.sides["A"].design
    with pytest.raises(ScenarioError):
        workshop.set_lever("A", "mentors__hard_cap", 500)
    with pytest.raises(ScenarioError, match="Seed: -1 is below zero"):
        workshop.set_seed("-1")
    with pytest.raises(ScenarioError, match="not a whole number"):
        parse_seed("seven")
    assert workshop.sides["A"].design is before and workshop.seed == 5 and workshop.year == 1
    assert workshop.set_lever("A", "mentors__hard_cap", 12) == ""
    assert workshop.year == 0 and workshop.sides["A"].changed == {"mentors__hard_cap": 12}
    assert workshop.sides["A"].title.endswith("(changed)")


def test_a_run_stops_at_its_last_year(small_preset):
    workshop = Workshop([small_preset(years=3, warmup_years=1)], seed=1)
    for _ in range(5):
        workshop.step()
    assert workshop.year == 3 and workshop.finished


# ------------------------------------------------------------------------------ stories
def test_labels_round_trip():
    for key in (0, 17, 3 * KEY_YEAR + 12, (1 << 40) + 5 * KEY_YEAR):
        assert stories.parse_label(stories.person_label(key)) == key
    assert stories.person_label(3 * KEY_YEAR + 12) == "#3-12"
    assert stories.parse_label("3 - 12") == 3 * KEY_YEAR + 12
    assert stories.parse_label("Bob") is None


def test_story_of_someone_who_left(stepped):
    run = stepped.runs["A"]
    row = stories.pick_left(run.model)
    p = run.model.people
    assert p.exit_reason[row] in (ATTRITION, MOVED)
    went = "left academic medicine" if p.exit_reason[row] == ATTRITION else "moved to another"
    story = stories.build_story(run.model, run.history, row)
    assert story.why[0].lower().startswith(went)
    assert f"in year {p.exit_year[row]}" in story.why[0]
    assert story.yearly["year"].iloc[-1] == p.exit_year[row]
    assert not story.yearly["active"].iloc[-1]
    assert went in story.events[-1]
    assert set(story.traits) == {
        "ability",
        "work_ethic",
        "teamwork",
        "emotional_intelligence",
        "receptiveness",
        "proactiveness",
    }
    assert list(story.skills.columns) == [
        "year",
        "clinical",
        "research",
        "teaching",
        "leadership",
        "business law regulation",
        "technology",
        "ethics",
    ]
    assert story.skills["year"].tolist() == story.yearly["year"].tolist()
    other = stories.pick_left(run.model, skip=1)
    assert other != row


def test_story_of_someone_promoted_early(stepped):
    run = stepped.runs["B"]
    row = stories.pick_promoted_early(run.model)
    story = stories.build_story(run.model, run.history, row)
    assert any(line.startswith("Promoted to associate professor") for line in story.why)
    assert any("promoted to associate professor" in e for e in story.events)
    # The record quoted against the committee's bar is the one the bar is in: the portfolio
    # the person had built by the year before (it restarts at zero on promotion).
    year = int(run.model.people.associate_year[row])
    before = run.history.snapshots[year - 1].people["portfolio"][row]
    bar = run.model.design.career.promotion_bar_assistant
    assert any(
        f"academic portfolio (output summed over their years as assistant professor) "
        f"was {before:.2f} the year before, against the committee's bar of {bar:.2f}" in line
        for line in story.why
    )
    assert stories.find_row(run.model, story.label) == row


# ------------------------------------------------------------------------------- A/B text
def test_plain_language_lines(stepped):
    lines = contrast.contrasts(stepped.runs["A"].model, stepped.runs["B"].model)
    texts = [c.text for c in lines]
    assert texts[0].startswith("After 8 years, ") and "junior faculty have left" in texts[0]
    assert any("program has cost" in t for t in texts)
    same = contrast.contrasts(stepped.runs["A"].model, stepped.runs["A"].model)
    assert all("same" in c.text for c in same)
    assert contrast._count_line(10, 45, 31, "junior faculty have left", "count") == (
        "After 10 years, 14 fewer junior faculty have left under B (31 vs 45)."
    )
    assert contrast.money(67308) == "$67.3M" and contrast.money(660) == "$660k"
    frame = contrast.differences(stepped.runs["A"].model, stepped.runs["B"].model)
    assert len(frame) == 9 and (frame.loc[0, list(contrast.DIFFERENCE_METRICS)] == 0).all()


# ------------------------------------------------------------------------------ drawing
def test_figures_draw(stepped):
    models = {side: run.model for side, run in stepped.runs.items()}
    frames = {side: run.yearly() for side, run in stepped.runs.items()}
    for fig in (
        figures.timeseries(frames, 30),
        bars.pipeline(models),
        bars.loads(models),
        figures.difference(contrast.differences(models["A"], models["B"]), 30),
    ):
        assert figures.png(fig, dpi=40).startswith(b"\x89PNG")


def test_network_of_one_department(stepped):
    model = stepped.runs["B"].model
    options = network.department_options(model)
    assert len(options) == model.n_departments + 1
    assert network.department_of(options[1]) == 1 and network.department_of(options[-1]) is None
    positions = network.layout(model, 1)
    p, r = model.people, model.relationships
    inside = set(np.flatnonzero(p.active & (p.department == 1)).tolist())
    assert inside <= set(positions)
    linked = r.active & np.isin(r.mentee, list(inside))
    assert set(r.mentor[linked].tolist()) <= set(positions)
    assert network.describe(model, 1).startswith(
        f"Mentoring network, department 2, year {model.year}: "
    )
    assert network.describe(model, None, "B").startswith(
        f"Mentoring network, whole institution, design B, year {model.year}: "
    )
    assert figures.png(network.draw(model, 1), dpi=40).startswith(b"\x89PNG")
