"""docs/experiments.md stays in step with the experiment file's parser.

Every key the parser knows is in the page's tables and no other; every default the page gives
as a TOML value is the parser's; every TOML example on the page is a valid experiment.
"""

import re
import tomllib
from pathlib import Path

import pytest

from sim.experiment.sweep.policies import LEVER_DESIGNS, MEASURES, POLICY_KEYS
from sim.experiment.sweep.rules import METHODS, SAMPLER_KEYS
from sim.experiment.sweep.search_spec import SEARCH_KEYS
from sim.experiment.sweep.space import DISTRIBUTIONS
from sim.experiment.sweep.spec import TOP_KEYS, from_dict

DOC = Path(__file__).resolve().parents[1] / "docs" / "experiments.md"


def sections() -> dict[str, str]:
    """The page's text by ``##`` heading."""
    parts = re.split(r"^## (.+)$", DOC.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def table_rows(text: str, first: str) -> list[list[str]]:
    """Rows of the markdown table whose header starts with ``| first |``."""
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith(f"| {first} |"):
            inside = True
            continue
        if inside and line.startswith("|---"):
            continue
        if inside and line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif inside:
            break
    return rows


def keys_of(rows: list[list[str]]) -> list[str]:
    return [re.fullmatch(r"`([^`]+)`", row[0]).group(1) for row in rows]


def toml_default(cell: str):
    """The default as a Python value when the page gives it as a TOML literal, else None."""
    match = re.fullmatch(r"`([^`]+)`", cell)
    return tomllib.loads(f"v = {match.group(1)}")["v"] if match else None


@pytest.mark.parametrize(
    ("section", "known"),
    [
        ("Top-level keys", TOP_KEYS),
        ("[sampler]", SAMPLER_KEYS),
        ("[policies]", POLICY_KEYS),
        ("[search]", SEARCH_KEYS),
    ],
)
def test_every_key_the_parser_knows_is_documented_and_no_other(section, known):
    assert sorted(keys_of(table_rows(sections()[section], "key"))) == sorted(known)


def test_every_sampler_method_distribution_and_measure_is_documented():
    text = sections()
    assert sorted(keys_of(table_rows(text["[sampler]"], "method"))) == sorted(METHODS)
    assert sorted(keys_of(table_rows(text["Varied parameters"], "dist"))) == sorted(DISTRIBUTIONS)
    for name, needs in DISTRIBUTIONS.items():
        row = next(r for r in table_rows(text["Varied parameters"], "dist") if name in r[0])
        assert all(f"`{k}`" in row[1] for k in needs), name
    policies = text["[policies]"]
    assert all(f"`{m}`" in policies for m in MEASURES)
    assert all(f"`{d}`" in policies for d in LEVER_DESIGNS)


def parsed_defaults(tmp_path: Path) -> dict[str, object]:
    """What the parser fills in when a key is left out."""
    minimal = {"designs": ["baseline"], "uncertainties": {"mentors.skill_mean": [0.4, 0.5]}}
    grid = from_dict(minimal, source="x.toml", base=tmp_path)
    morris = from_dict(
        {**minimal, "sampler": {"method": "morris", "n": 2}}, source="x.toml", base=tmp_path
    )
    saltelli = from_dict(
        {**minimal, "sampler": {"method": "saltelli", "n": 2}}, source="x.toml", base=tmp_path
    )
    policies = from_dict({**minimal, "policies": {}}, source="x.toml", base=tmp_path).policies
    search = from_dict(
        {
            **minimal,
            "outcomes": ["net_cost", "attrition_10y"],
            "years": 16,
            "search": {"objectives": ["net_cost", "attrition_10y"]},
        },
        source="x.toml",
        base=tmp_path,
    ).search
    return {
        "Top-level keys": {
            "description": grid.description,
            "replicates": grid.replicates,
            "seed": grid.seed,
            "set": grid.fixed,
            "levers": {},
            "uncertainties": {},
        },
        "[sampler]": {
            "method": grid.sampler.method,
            "levels": (grid.sampler.levels, morris.sampler.levels),
            "scramble": saltelli.sampler.scramble,
            "second_order": saltelli.sampler.second_order,
        },
        "[policies]": {
            "levers": policies.lever_design,
            "levels": policies.levels,
            "measure": policies.measure,
            "thresholds": policies.thresholds,
        },
        "[search]": {
            "trials": search.trials,
            "population": search.population,
            "confirm_replicates": search.confirm_replicates,
            "constraints": search.constraints,
        },
    }


def test_documented_defaults_are_the_parsers(tmp_path):
    defaults = parsed_defaults(tmp_path)
    text = sections()
    checked = 0
    for section, expected in defaults.items():
        for row in table_rows(text[section], "key"):
            key = row[0].strip("`")
            if key == "levels" and section == "[sampler]":
                assert row[2] == "`3` for a grid, `4` for Morris"
                assert expected["levels"] == (3, 4)
                checked += 1
                continue
            value = toml_default(row[2])
            if value is None:
                continue
            assert key in expected, f"{section}: no parsed default to check {key} against"
            assert expected[key] == value, f"{section}: {key}"
            checked += 1
    assert checked == sum(len(v) for v in defaults.values())


def test_every_example_on_the_page_is_a_valid_experiment(tmp_path):
    examples = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(examples) >= 3
    for example in examples:
        experiment = from_dict(tomllib.loads(example), source="example", base=tmp_path)
        assert experiment.designs
