"""Tests for sim.report: summary statistics, figures and the written HTML/Markdown report."""

import ast
import itertools
import math
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.outcomes import OUTCOMES, YEARLY
from sim.report import Report, retention_figure, summary_table, write_run_report
from sim.report.figures.common import PIPELINE_RANKS, design_colors
from sim.report.text.numbers import format_value, markdown_cell, number, signed

DESIGNS = ("baseline", "formal_program")
REPLICATES = 3
YEARS = 6
STAGES = ("associate", "full", "leader")


def _runs(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for design in DESIGNS:
        for replicate in range(REPLICATES):
            row = {
                "design": design,
                "replicate": replicate,
                "seed": np.uint64(2**63 + 1000 * replicate),
            }
            row.update({name: float(rng.random()) for name in OUTCOMES})
            rows.append(row)
    runs = pd.DataFrame(rows)
    runs.loc[0, "attrition_10y"] = np.nan  # an outcome undefined in one replicate
    runs["time_to_promotion_unmentored"] = np.nan  # undefined everywhere
    return runs


def _yearly(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for design in DESIGNS:
        for replicate in range(REPLICATES):
            for year in range(YEARS + 1):
                row = {
                    "design": design,
                    "replicate": replicate,
                    "seed": 1000 * replicate,
                    "year": year,
                }
                row.update({name: float(rng.random()) for name in YEARLY})
                row.update(
                    {
                        rank: float(rng.integers(5, 50))
                        for rank in ("trainees", "assistants", "associates", "fulls", "leaders")
                    }
                )
                rows.append(row)
    return pd.DataFrame(rows)


def _retention(rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    for design in DESIGNS:
        for replicate in range(REPLICATES):
            n = 40
            frames.append(
                pd.DataFrame(
                    {
                        "design": design,
                        "replicate": replicate,
                        "woman": rng.random(n) < 0.5,
                        "urm": rng.random(n) < 0.2,
                        "duration": rng.integers(1, YEARS + 1, n).astype(float),
                        "observed": rng.random(n) < 0.3,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _loads(rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    for design in DESIGNS:
        for replicate in range(REPLICATES):
            n = 25
            frames.append(
                pd.DataFrame(
                    {
                        "design": design,
                        "replicate": replicate,
                        "stage": rng.choice(STAGES, n),
                        "load": rng.integers(1, 6, n),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _data() -> dict:
    rng = np.random.default_rng(20240611)
    return {
        "runs": _runs(rng),
        "yearly": _yearly(rng),
        "retention": _retention(rng),
        "loads": _loads(rng),
    }


@pytest.fixture
def data() -> dict:
    return _data()


MANIFEST = {
    "root_seed": 12345,
    "seeds": [11, 22, 33],
    "versions": {"mentorsim": "0.1.0", "numpy": "2.0"},
}
SCENARIO = '[institution]\nname = "Test <AMC>"\nfaculty = 400\n'


def _write(out_dir, data):
    return write_run_report(
        out_dir, title="Test report", scenario_toml=SCENARIO, manifest=MANIFEST, **data
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The fixture's report, written once for the tests that read it (a write takes seconds)."""
    out = tmp_path_factory.mktemp("report") / "out"
    html_path, md_path = _write(out, _data())
    assert (html_path, md_path) == (out / "report.html", out / "report.md")
    return out


@pytest.mark.slow
def test_write_run_report_creates_self_contained_html_and_markdown(written):
    html_path, md_path = written / "report.html", written / "report.md"
    assert html_path.is_file() and md_path.is_file()

    html = html_path.read_text(encoding="utf-8")
    md = md_path.read_text(encoding="utf-8")
    pngs = sorted((written / "figures").glob("*.png"))
    assert len(pngs) >= 8  # timeseries, pipeline, 3 retention, 2 loads, outcome parts
    assert html.count('<img src="data:image/png;base64,') == len(pngs)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "<script" not in html.lower()
    assert "<title>Test report</title>" in html

    referenced = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert len(referenced) == len(pngs)
    for ref in referenced:
        assert ref.startswith("figures/")
        assert (written / ref).is_file()


@pytest.mark.slow
def test_report_content_sections_and_appendix(written):
    html = (written / "report.html").read_text(encoding="utf-8")
    md = (written / "report.md").read_text(encoding="utf-8")
    sections = (
        "Outcomes",
        "Equity",
        "Yearly metrics",
        "Promotion pipeline",
        "Retention",
        "Mentor load",
        "Outcome distributions",
        "Appendix",
    )
    positions = [md.index(f"\n## {section}\n") for section in sections]
    assert positions == sorted(positions)
    # Equity: the ratio, the two groups' rates and the gap, per design.
    equity = md[md.index("## Equity") : md.index("## Yearly metrics")]
    assert "| promotion, women vs men | baseline |" in equity and "women " in equity
    # The appendix is collapsed.
    assert "<details><summary>Resolved scenario: every parameter" in md
    # The scenario is shown verbatim in a <pre> block, HTML-escaped.
    assert "<pre>[institution]\nname = &quot;Test &lt;AMC&gt;&quot;" in html
    assert "Test <AMC>" not in html
    # Manifest: nested keys become dotted, lists are joined.
    assert "| versions.numpy | 2.0 |" in md
    assert "| seeds | 11, 22, 33 |" in md
    # Summary rows carry the outcome's unit and definition.
    outcome = OUTCOMES["mentored_share"]
    assert outcome.definition in md
    line = next(row for row in md.splitlines() if row.startswith("| mentored_share |"))
    assert f"| {outcome.unit} |" in line
    # The replicate with a NaN attrition_10y is dropped and counted.
    line = next(row for row in md.splitlines() if row.startswith("| attrition_10y |"))
    assert "(n=2)" in line


def test_summary_table_hand_checked_interval():
    runs = pd.DataFrame(
        {
            "design": ["a", "a", "a", "a", "b", "b", "b"],
            "replicate": [0, 1, 2, 3, 0, 1, 2],
            "burnout_share": [1.0, 2.0, 3.0, np.nan, 5.0, 5.0, 5.0],
        }
    )
    table = summary_table(runs)
    assert list(table["outcome"]) == ["burnout_share", "burnout_share"]
    assert list(table["design"]) == ["a", "b"]
    a = table.iloc[0]
    # values 1, 2, 3: mean 2, sd 1, half-width t(0.975, 2) / sqrt(3) = 4.302653 / 1.732051
    half = 4.302652729911275 / math.sqrt(3)
    assert a["n"] == 3
    assert a["mean"] == pytest.approx(2.0)
    assert a["sd"] == pytest.approx(1.0)
    assert a["ci_low"] == pytest.approx(2.0 - half)
    assert a["ci_high"] == pytest.approx(2.0 + half)
    assert half == pytest.approx(stats.t.ppf(0.975, 2) / math.sqrt(3))
    b = table.iloc[1]
    assert (b["mean"], b["ci_low"], b["ci_high"], b["n"]) == (5.0, 5.0, 5.0, 3)


def test_summary_table_defaults_to_outcome_order_and_handles_small_n():
    runs = pd.DataFrame(
        {
            "design": ["z", "y"],
            "replicate": [0, 0],
            "net_cost": [1.0, np.nan],
            "burnout_share": [0.5, 0.25],
            "not_an_outcome": [1.0, 2.0],
        }
    )
    table = summary_table(runs)
    # OUTCOMES order (burnout_share before net_cost), designs by first appearance.
    assert list(table["outcome"]) == ["burnout_share"] * 2 + ["net_cost"] * 2
    assert list(table["design"]) == ["z", "y", "z", "y"]
    one = table.iloc[0]
    assert one["n"] == 1 and one["mean"] == 0.5 and math.isnan(one["ci_low"])
    empty = table.iloc[3]
    assert empty["n"] == 0 and math.isnan(empty["mean"])
    with pytest.raises(KeyError):
        summary_table(runs, ["missing_outcome"])


@pytest.mark.slow
def test_writing_twice_is_byte_identical(tmp_path, written, data):
    # The second write, in this process after the first: same tables, same bytes.
    second_html, second_md = _write(tmp_path / "second", data)
    assert (written / "report.md").read_bytes() == second_md.read_bytes()
    assert (written / "report.html").read_bytes() == second_html.read_bytes()
    first_pngs = sorted((written / "figures").glob("*.png"))
    assert first_pngs
    assert [p.name for p in first_pngs] == sorted(
        p.name for p in (tmp_path / "second" / "figures").glob("*.png")
    )
    for png in first_pngs:
        assert png.read_bytes() == (tmp_path / "second" / "figures" / png.name).read_bytes()
        assert b"matplotlib" not in png.read_bytes()  # no Software metadata


def test_retention_figure_handles_group_without_events():
    retention = pd.DataFrame(
        {
            "design": ["a"] * 6 + ["b"] * 2,
            "replicate": [0] * 8,
            "woman": [True, True, True, False, False, False, True, False],
            "urm": [False] * 8,
            "duration": [1.0, 2.0, 4.0, 3.0, 5.0, 5.0, 2.0, 7.0],
            # Men of design a and everyone of design b never leave.
            "observed": [True, False, True, False, False, False, False, False],
        }
    )
    fig = retention_figure(retention, by="woman")
    # Two designs split by group: a panel per design (small multiples).
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()][:2] == ["a", "b"]
    lines = {line.get_label(): line for ax in fig.axes for line in ax.get_lines()}
    men = lines["a, men"]
    assert list(men.get_xdata()) == [0.0, 5.0]  # flat to the longest follow-up
    assert list(men.get_ydata()) == [1.0, 1.0]
    women = lines["a, women"]
    # Events at 1 (3 at risk) and 4 (1 at risk); censored at 2.
    assert list(women.get_xdata()) == [0.0, 1.0, 4.0]
    assert list(women.get_ydata()) == pytest.approx([1.0, 2 / 3, 0.0])
    assert list(lines["b, women"].get_ydata()) == [1.0, 1.0]
    assert lines["a, men"].get_color() != lines["b, men"].get_color()
    # The URM split has an empty group (nobody is URM): it is skipped, not drawn.
    urm = retention_figure(retention, by="urm")
    labels = [line.get_label() for ax in urm.axes for line in ax.get_lines()]
    assert "a, URM" not in labels and "a, non-URM" in labels


def test_report_builder_rejects_bad_figure_names_and_escapes_tables(tmp_path):
    report = Report("T")
    fig = retention_figure(pd.DataFrame({"design": ["a"], "duration": [1.0], "observed": [True]}))
    with pytest.raises(ValueError, match="must match"):
        report.add_figure("../escape", fig, "x")
    report.add_figure("ok", fig, "caption")
    with pytest.raises(ValueError, match="already used"):
        report.add_figure("ok", fig, "again")
    report.add_table(pd.DataFrame({"name": ["a|b", "<i>"], "value": [1234567.0, np.nan]}))
    html_path, md_path = report.write(tmp_path)
    md = md_path.read_text(encoding="utf-8")
    assert "| a\\|b | 1,234,567 |" in md
    assert "&lt;i&gt;" in html_path.read_text(encoding="utf-8")
    assert report.figure_names == ["ok"]


def test_design_colours_are_distinct_and_ordered():
    colours = design_colors(["b", "a", "c"])
    assert list(colours) == ["b", "a", "c"]
    assert len(set(colours.values())) == 3


def test_numbers_and_cells_are_written_one_way():
    assert number(0.74) == "0.740" and number(1643.2) == "1,643" and number(0) == "0"
    assert number(float("nan")) == "n/a" and signed(0.5) == "+0.500" and signed(-2) == "-2.00"
    assert format_value(12345.6) == "12,346" and format_value(float("nan")) == ""
    assert markdown_cell("a | b\nc") == "a \\| b c"
    assert markdown_cell("C:\\x") == "C:\\\\x"


# Importing these must leave matplotlib's backend alone and never load pyplot (a GUI toolkit).
_IMPORT_CHECK = """
import sys
import matplotlib
before = matplotlib.rcParams._get_backend_or_none()
import sim.report, sim.report.documents.calibration, sim.workflows, sim.cli
from sim.experiment import calibration
after = matplotlib.rcParams._get_backend_or_none()
print(before, after, "matplotlib.pyplot" in sys.modules)
"""


@pytest.mark.slow
def test_importing_reports_changes_no_process_wide_setting():
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_CHECK],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert done.stdout.split() == ["None", "None", "False"]


def _imported_sim_modules(path: Path) -> set[str]:
    """Every ``sim...`` module a file imports, at any depth of the file (ast, not running it)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n == "sim" or n.startswith("sim.")}


def _importers(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    root = Path(__file__).resolve().parents[1] / "sim" / folder
    found = {}
    for path in sorted(root.rglob("*.py")):
        bad = sorted(
            n
            for n in _imported_sim_modules(path)
            if any(n == f or n.startswith(f + ".") for f in forbidden)
        )
        if bad:
            found[str(path.relative_to(root.parent))] = bad
    return found


def test_layers_import_one_way():
    # experiment < report < workflows < cli: nothing below imports what is above it.
    assert _importers("experiment", ("sim.report", "sim.workflows", "sim.cli")) == {}
    assert _importers("report", ("sim.workflows", "sim.cli")) == {}


# -- yearly figures, loads, collapsed groups, the appendix --------------------------------------


def _bands(levels: dict[str, float], spread: float) -> pd.DataFrame:
    """A yearly table: each design flat at its level, replicates spread around it."""
    rows = []
    for design, level in levels.items():
        for replicate in range(5):
            for year in range(11):
                value = 0.0 if year == 0 else level + spread * (replicate - 2)
                rows.append(
                    {
                        "design": design,
                        "replicate": replicate,
                        "year": year,
                        "mentored_share": value,
                        "mentor_load_median": 3.0,
                    }
                )
    return pd.DataFrame(rows)


def test_yearly_figure_drops_year_0_marks_the_warm_up_and_labels_units():
    from sim.report.figures.yearly import metric_unit, timeseries_figure

    yearly = _bands({"a": 0.5}, 0.01)
    fig = timeseries_figure(yearly, ["mentored_share", "mentor_load_median"], warmup=3)
    ax = fig.axes[0]
    (line,) = ax.get_lines()
    assert min(line.get_xdata()) == 1  # year 0, the initial state, is not drawn
    assert ax.get_ylabel() == "share (0 to 1)" == metric_unit("mentored_share")
    assert fig.axes[1].get_ylabel() == "mentees"
    spans = [p for p in ax.patches if p.get_x() == 0.5]
    assert spans and spans[0].get_width() == 3  # years 1-3 shaded
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["a", "warm-up (years 1-3)"]
    assert metric_unit("headcount") == "people" and metric_unit("program_cost") == "$k per year"


def test_overlapping_bands_are_drawn_as_small_multiples():
    from sim.report.figures.yearly import bands_overlap, timeseries_by_design_figure

    apart = _bands({"a": 0.3, "b": 0.7}, 0.01)
    together = _bands({"a": 0.50, "b": 0.51}, 0.05)
    assert not bands_overlap(apart, "mentored_share", ["a", "b"])
    assert bands_overlap(together, "mentored_share", ["a", "b"])
    fig = timeseries_by_design_figure(together, "mentored_share", ["a", "b"], "a", warmup=2)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == ["a", "b"]
    assert len(panels[0].get_lines()) == 1  # the baseline's own panel
    dashed = [ln for ln in panels[1].get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 1  # the baseline's mean, for reference


def test_load_histograms_are_a_panel_per_design(data):
    from sim.report.figures.common import load_distribution_figure

    fig = load_distribution_figure(data["loads"], designs=list(DESIGNS))
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == list(DESIGNS)
    shares = [sum(bar.get_height() for bar in ax.patches) for ax in panels]
    assert shares == pytest.approx([1.0, 1.0])
    by_stage = load_distribution_figure(data["loads"], designs=list(DESIGNS), by_stage=True)
    titles = [ax.get_title() for ax in by_stage.axes if ax.get_visible()]
    assert titles == [f"{s} mentors" for s in STAGES]


def _one_design(data: dict) -> dict:
    """The fixture's tables cut to their first design, as a single ``mentorsim run`` gives.

    Headcounts are scaled to a real institution's, whose four-digit tick labels take room.
    """
    one = {name: frame[frame["design"] == DESIGNS[0]].copy() for name, frame in data.items()}
    ranks = list(PIPELINE_RANKS)
    one["yearly"][ranks] = one["yearly"][ranks] * 30
    return one


def test_pipeline_panel_of_a_single_design_keeps_its_size(data):
    from sim.report.figures.common import pipeline_figure

    fig = pipeline_figure(_one_design(data)["yearly"], warmup=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a collapsed layout only warns
        fig.draw_without_rendering()
    (ax,) = fig.axes
    width, height = ax.get_position().size * fig.get_size_inches()
    assert width > 1.2 and height > 1.2  # inches: a readable panel beside the rank legend
    ticks = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
    assert len(ticks) >= 2
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(ticks))  # labels do not overlap
    legend = fig.legends[0].get_window_extent()
    assert ax.get_window_extent().x1 <= legend.x0  # the legend stands beside the panel


@pytest.mark.slow
def test_run_report_of_one_design_emits_no_warnings(tmp_path, data):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_run_report(
            tmp_path,
            title="One design",
            scenario_toml="warmup_years = 5\n",
            manifest=MANIFEST,
            **_one_design(data),
        )
    assert [f"{w.filename}:{w.lineno}: {w.message}" for w in caught] == []


def test_collapsed_groups(tmp_path):
    report = Report("T")
    report.add_heading("Shown")
    report.add_heading("Appendix")
    report.open_collapsed("Details <here>")
    report.add_heading("Inside", level=2)
    report.add_paragraph("hidden until opened")
    report.close_collapsed()
    with pytest.raises(ValueError, match="without an open group"):
        report.close_collapsed()
    report.open_collapsed("left open")  # closed when written
    html_path, md_path = report.write(tmp_path)
    html, md = html_path.read_text(), md_path.read_text()
    assert "<details><summary>Details &lt;here&gt;</summary>" in html
    assert html.count("<details>") == html.count("</details>") == 2
    nav = html[html.index("<nav>") : html.index("</nav>")]
    assert "Appendix" in nav and "Inside" not in nav
    assert "<details><summary>Details &lt;here&gt;</summary>\n\n## Inside" in md


def test_wall_times_sort_numerically_by_design():
    from sim.report.documents.appendix import wall_time_summary, wall_times

    manifest = {"wall_seconds_per_run": {"b/0": 1.0, "a/10": 2.0, "a/2": 3.0, "a/0": 4.0}}
    frame = wall_times(manifest, ["a", "b"])
    assert list(zip(frame["design"], frame["replicate"], strict=True)) == [
        ("a", 0),
        ("a", 2),
        ("a", 10),
        ("b", 0),
    ]
    summary = wall_time_summary(frame).set_index("design")
    assert summary.loc["a", "runs"] == 3 and summary.loc["a", "median s"] == 3.0
    assert summary.loc["a", "total s"] == 9.0
