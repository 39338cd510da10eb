import tomllib
from pathlib import Path

import pytest

from sim import scenario as sc
from sim.scenario import Scenario, ScenarioError, from_dict, load

SCENARIOS = sorted(Path(__file__).resolve().parents[1].joinpath("scenarios").glob("*.toml"))


def write(tmp_path, text, name="design.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_defaults_are_valid_and_frozen():
    s = Scenario()
    assert s.program.policy == "informal"
    with pytest.raises(AttributeError):
        s.program.policy = "random"  # frozen


def test_name_defaults_to_file_stem(tmp_path):
    s = load(write(tmp_path, "[program]\nformal = false\n", "my_design.toml"))
    assert s.name == "my_design"


def test_misspelled_key_names_file_key_and_nearest(tmp_path):
    path = write(tmp_path, '[program]\nformal = true\npolcy = "random"\n')
    with pytest.raises(ScenarioError) as err:
        load(path)
    message = str(err.value)
    assert str(path) in message
    assert "program.polcy" in message
    assert "did you mean 'policy'" in message


def test_misspelled_group_suggests_group(tmp_path):
    with pytest.raises(ScenarioError, match="did you mean 'mentors'"):
        load(write(tmp_path, "[mentor]\nhard_cap = 3\n"))


def test_out_of_range_value_names_value_and_allowed(tmp_path):
    path = write(tmp_path, "[mentors]\nhard_cap = 0\n")
    with pytest.raises(ScenarioError) as err:
        load(path)
    message = str(err.value)
    assert "mentors.hard_cap = 0" in message
    assert "an integer in [1, 50]" in message
    assert str(path) in message


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[program]\npolicy = "lottery"\nformal = true\n', "one of 'informal'"),
        ('[program]\nformal = "yes"\n', "true or false"),
        ("[career]\nattrition_rate = -0.1\n", "a number in [0.0, 1.0]"),
        ("[mentors]\nhard_cap = 2.5\n", "an integer"),
        ("[institution]\nhiring = 3\n", "one of 'positions', 'fixed', 'replace'"),
        ("years = 0\n", "years = 0"),
        ("program = 3\n", "must be a table"),
    ],
)
def test_bad_values_are_refused(tmp_path, text, fragment):
    with pytest.raises(ScenarioError, match=fragment.replace("[", r"\[").replace("(", r"\(")):
        load(write(tmp_path, text))


def test_shares_must_sum_to_one(tmp_path):
    with pytest.raises(ScenarioError, match="sum to 1"):
        load(write(tmp_path, "[population]\nshare_clinician_scientist = 0.9\n"))


def test_policy_must_agree_with_formal(tmp_path):
    with pytest.raises(ScenarioError, match="formal = false"):
        load(write(tmp_path, '[program]\npolicy = "random"\n'))
    with pytest.raises(ScenarioError, match="committee"):
        load(write(tmp_path, '[program]\nformal = true\npolicy = "committee"\n'))


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load(write(tmp_path, "[program\n"))
    with pytest.raises(ScenarioError, match="cannot read"):
        load(tmp_path / "absent.toml")


def test_round_trip_through_toml():
    s = Scenario().replace(
        **{"program.formal": True, "program.policy": "stable", "mentors__hard_cap": 7, "name": "x"}
    )
    again = from_dict(tomllib.loads(s.to_toml()))
    assert again == s
    assert again.mentors.hard_cap == 7


def test_replace_validates_overrides():
    with pytest.raises(ScenarioError, match="override: program.mentors_per_mentee = 9"):
        Scenario().replace(program__mentors_per_mentee=9)
    with pytest.raises(ScenarioError, match="did you mean 'program'"):
        Scenario().replace(progam__formal=True)


def test_every_parameter_has_doc_and_source():
    rows = sc.parameter_table()
    assert len(rows) > 60
    for row in rows:
        assert row["doc"], row["key"]
        assert row["source"], row["key"]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenarios_load_and_say_what_they_show(path):
    s = load(path)
    assert s.name == path.stem
    assert s.description
    assert path.read_text().startswith("#"), "each scenario opens with a comment"


def test_every_assumption_has_a_plausible_range_inside_its_bounds():
    from sim.scenario import parameter_fields

    missing = []
    for key, f in parameter_fields().items():
        meta = f.metadata
        numeric = isinstance(f.default, int | float) and not isinstance(f.default, bool)
        if numeric and meta["source"].startswith("assumption") and meta["plausible"] is None:
            missing.append(key)
        if meta["plausible"] is not None:
            low, high = meta["plausible"]
            assert low <= f.default <= high, key
            assert meta["lo"] is None or meta["lo"] <= low, key
            assert meta["hi"] is None or high <= meta["hi"], key
    assert not missing, f"assumptions without a plausible range: {missing}"


def test_a_plausible_range_must_hold_its_default():
    from sim.scenario import param

    with pytest.raises(ValueError, match="plausible range"):
        param(0.5, lo=0.0, hi=1.0, plausible=(0.6, 0.9))


def test_track_weights_are_parameters_in_the_tables_order():
    from sim.scenario.groups.population import WEIGHT_DOMAINS, WEIGHT_TRACKS
    from sim.state import DOMAIN_NAMES, TRACK_NAMES

    # The short names follow the model's track and domain order.
    assert [f"clinician_{t}" for t in WEIGHT_TRACKS] == list(TRACK_NAMES)
    assert [d.split("_")[0] for d in DOMAIN_NAMES] == list(WEIGHT_DOMAINS)
    weights = Scenario().population.track_weights
    assert weights.shape == (len(TRACK_NAMES), len(DOMAIN_NAMES))
    assert weights[0, 1] == Scenario().population.weight_scientist_research
    assert weights.sum(axis=1) == pytest.approx(1.0)


def test_track_weights_are_relative():
    doubled = {
        f"population.weight_educator_{d}": 2
        * getattr(Scenario().population, f"weight_educator_{d}")
        for d in (
            "clinical",
            "research",
            "teaching",
            "leadership",
            "business",
            "technology",
            "ethics",
        )
    }
    # Halved back to sum to one: the same composite as the defaults.
    base = Scenario().population.track_weights
    scaled = Scenario().replace(**{k: min(1.0, v) for k, v in doubled.items()})
    assert scaled.population.track_weights == pytest.approx(base, abs=1e-12)
    research_only = Scenario().replace(
        **{
            "population.weight_scientist_clinical": 0.0,
            "population.weight_scientist_research": 0.3,
            "population.weight_scientist_teaching": 0.0,
            "population.weight_scientist_leadership": 0.0,
            "population.weight_scientist_business": 0.0,
            "population.weight_scientist_technology": 0.0,
            "population.weight_scientist_ethics": 0.0,
        }
    )
    assert research_only.population.track_weights[0].tolist() == [0, 1, 0, 0, 0, 0, 0]


def test_a_track_with_no_weight_is_refused(tmp_path):
    text = "[population]\n" + "".join(
        f"weight_administrator_{d} = 0.0\n"
        for d in (
            "clinical",
            "research",
            "teaching",
            "leadership",
            "business",
            "technology",
            "ethics",
        )
    )
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        load(path)
    assert str(path) in str(err.value)
    assert "population.weight_administrator_*" in str(err.value)


def test_track_weights_reach_the_model():
    """What a track weighs changes who is promoted and how developed people look."""
    from sim.model import MentorshipModel

    def development(**overrides):
        model = MentorshipModel(rng=3, years=8, institution__initial_size=300, **overrides)
        model.run()
        return model.yearly()["development_index"].iloc[-1]

    research_heavy = {
        f"population__weight_educator_{d}": w
        for d, w in (("clinical", 0.05), ("research", 0.9), ("teaching", 0.05))
    }
    assert development() != development(**research_heavy)
