"""The comparison report's design table, size assumptions, appendix and glossary, by hand.

Each is a pure function of small inputs, so the expected text is written out in full here
rather than read back from a written report (which the slow end-to-end tests do).
"""

import pandas as pd

from sim.report.documents.appendix import add_appendix
from sim.report.documents.base import Report
from sim.report.tables.comparison import designs_block
from sim.report.tables.designs import (
    design_rows,
    differences,
    flat_parameters,
    read_scenarios,
    show,
)
from sim.report.tables.sizes import size_assumptions
from sim.report.text.glossary import GLOSSARY, glossary_block


def test_parameters_are_flattened_to_dotted_keys_without_the_name_and_description():
    scenario = {"name": "x", "description": "d", "years": 30, "program": {"formal": True}}
    assert flat_parameters(scenario) == {"years": 30, "program.formal": True}


def test_differences_list_changed_added_and_removed_parameters_in_file_order():
    scenario = {"program": {"formal": True, "budget": 10}}
    baseline = {"program": {"formal": False}, "years": 30}
    assert differences(scenario, baseline) == [
        ("program.formal", True, False),
        ("program.budget", 10, None),
        ("years", None, 30),
    ]
    assert differences(baseline, baseline) == []


def test_values_are_shown_as_they_read_in_toml():
    assert show(None) == "(not set)"
    assert show(True) == "true" and show(False) == "false"
    assert show("compatibility") == '"compatibility"'
    assert show([1, "b", False]) == '[1, "b", false]'
    assert show(2.0) == "2.0"


def test_design_rows_name_the_reference_each_change_a_twin_and_a_missing_file():
    base = {"description": "B", "program": {"formal": False}}
    scenarios = {
        "base": base,
        "formal": {"description": "F", "program": {"formal": True}},
        "copy": {"name": "copy", "description": "same", "program": {"formal": False}},
        "gone": None,
    }
    assert design_rows(scenarios, "base") == [
        ("base", "B", ["the reference every other design is compared with"]),
        ("formal", "F", ["program.formal = true (base: false)"]),
        (
            "copy",
            "same",
            [
                "no parameter differs",
                "every parameter is the same as base's: the results are identical",
            ],
        ),
        ("gone", "", ["(resolved scenario missing from the results)"]),
    ]


def test_scenarios_are_read_from_the_results_and_a_missing_one_is_none(tmp_path):
    (tmp_path / "a.toml").write_text('description = "A"\n[program]\nformal = true\n')
    found = read_scenarios(tmp_path, ["a", "b"])
    assert found == {"a": {"description": "A", "program": {"formal": True}}, "b": None}


def test_the_design_table_escapes_its_cells_and_carries_the_size_column_when_given():
    scenarios = {"a": {"description": "x<y"}, "b": {"description": "p|q", "years": 3}}
    html, md = designs_block(scenarios, "a", {"a": "hiring <fixed>"})
    assert "<td>x&lt;y</td>" in html and "<td>hiring &lt;fixed&gt;</td>" in html
    assert "| b | p\\|q | years = 3 (a: (not set)) |  |" in md
    assert "| design | what it is | parameters that differ from a | size assumption |" in md
    html, md = designs_block(scenarios, "a")
    assert "size assumption" not in html and "size assumption" not in md
    assert "| a | x<y | the reference every other design is compared with |" in md


def test_size_assumptions_state_the_hiring_rule_growth_and_headcount():
    scenarios = {
        "a": {"institution": {"hiring": "positions", "positions_growth_rate": 0.02}},
        "b": {"institution": {"positions_growth_rate": "fast"}},
        "c": None,
    }
    yearly = pd.DataFrame(
        {
            "design": ["a", "a", "a", "a"],
            "year": [0, 0, 5, 5],
            "faculty": [200.0, 210.0, 220.0, 230.0],
        }
    )
    runs = pd.DataFrame({"design": ["a", "a", "b"], "faculty_size": [211.0, 213.0, 300.0]})
    found = size_assumptions(scenarios, yearly, runs, ["a", "b", "c"])
    assert found == {
        # Year 0 and the last year are means over replicates: (200 + 210) / 2, (220 + 230) / 2.
        "a": 'hiring "positions", positions growth 2% a year; faculty 205 at year 0, 225 at '
        "year 5 (mean 212 after the warm-up)",
        # No yearly rows: the mean size alone; a growth rate that is not a number as given.
        "b": "positions growth fast a year; faculty mean 300 after the warm-up",
        "c": "",
    }
    # Tables without the columns leave the headcount out.
    bare = size_assumptions(scenarios, pd.DataFrame({"design": []}), pd.DataFrame(), ["a"])
    assert bare == {"a": 'hiring "positions", positions growth 2% a year'}


def _appendix_markdown(tmp_path, scenarios, manifest, designs) -> str:
    report = Report("T")
    add_appendix(report, scenarios, manifest, designs)
    _, md_path = report.write(tmp_path)
    return md_path.read_text(encoding="utf-8")


def test_the_appendix_shows_scenarios_the_manifest_and_wall_times(tmp_path):
    manifest = {
        "seeds": [1, 2],
        "versions": {"numpy": "2.0"},
        "wall_seconds_per_run": {"a/0": 1.0, "b/0": 3.0, "a/1": 2.0},
    }
    md = _appendix_markdown(tmp_path, [("a", 'name = "a"\n'), ("b", None)], manifest, ["a", "b"])
    assert "Resolved scenarios: every parameter, defaults included" in md
    assert "### a" in md and "### b" in md
    assert 'name = "a"' in md
    assert "scenarios/b.toml is missing from the results." in md
    assert "| seeds | 1, 2 |" in md and "| versions.numpy | 2.0 |" in md
    # Wall times have their own group, not rows of the manifest table.
    assert "| wall_seconds_per_run" not in md
    assert "Wall times per run" in md
    assert md.index("Manifest: seeds") < md.index("Wall times per run")


def test_an_appendix_of_one_design_without_a_manifest_says_so(tmp_path):
    md = _appendix_markdown(tmp_path, [("a", 'name = "a"\n')], {}, ["a"])
    assert "Resolved scenario: every parameter, defaults included" in md
    assert "### a" not in md  # one design: no heading per design
    assert "manifest.json is missing from the results." in md
    assert "Wall times per run" not in md


def test_the_glossary_lists_every_term_escaped_in_html():
    html, md = glossary_block()
    assert html.startswith('<dl class="glossary">') and html.endswith("</dl>")
    assert html.count("<dt>") == len(GLOSSARY) == md.count("\n") + 1
    for term, text in GLOSSARY.items():
        assert f"- **{term}**: {text}" in md
    assert "<dt>full professors (fulls)</dt>" in html
