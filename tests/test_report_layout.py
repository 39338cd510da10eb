"""The report package stays grouped by what a reader sees.

Its modules live in five sub-packages (decision, tables, figures, text, documents); a new
module goes into one of them, so nothing but ``__init__.py`` sits at the top of
``sim/report/``. (``tests/test_data.py`` holds every package to pyproject's list.)
"""

from pathlib import Path

import sim.report

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "sim" / "report"
GROUPS = {"decision", "documents", "figures", "tables", "text"}


def test_no_module_at_the_top_of_the_report_package():
    top = sorted(path.name for path in REPORT.glob("*.py") if path.name != "__init__.py")
    assert top == [], f"put {top} into one of sim/report/{sorted(GROUPS)}"


def test_the_report_package_has_exactly_its_groups():
    found = {path.parent.name for path in REPORT.glob("*/__init__.py")}
    assert found == GROUPS
    strays = [path.name for path in REPORT.iterdir() if path.is_dir() and path.name not in GROUPS]
    assert [name for name in strays if name != "__pycache__"] == []


def test_the_package_exposes_every_name_it_lists():
    missing = [name for name in sim.report.__all__ if not hasattr(sim.report, name)]
    assert missing == []
    assert len(set(sim.report.__all__)) == len(sim.report.__all__)
