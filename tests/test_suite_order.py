"""The order ``make test`` hands test files to its workers: the longest files first."""

from pathlib import Path
from types import SimpleNamespace

from tests import conftest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def test_every_listed_long_file_exists_once():
    assert len(set(conftest.LONGEST_FILES)) == len(conftest.LONGEST_FILES)
    missing = [name for name in conftest.LONGEST_FILES if not (TESTS / name).is_file()]
    assert not missing, f"tests/conftest.py LONGEST_FILES names files that do not exist: {missing}"


def test_make_keeps_the_conftest_order():
    # xdist's default reorders files by their number of tests, which would send the longest
    # test (alone in its file) last.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    command = makefile.split("PYTEST :=", 1)[1].split("\n\n", 1)[0]
    assert "--dist loadfile" in command and "--no-loadscope-reorder" in command


def _item(name: str, slow: bool) -> SimpleNamespace:
    return SimpleNamespace(path=TESTS / name, keywords={"slow": True} if slow else {}, name=name)


def test_listed_files_go_first_then_slow_tests_then_the_rest(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    monkeypatch.setattr(conftest, "_NO_JIT", False)  # these stand-ins take no skip marks
    items = [
        _item("test_stats.py", slow=False),
        _item("test_search.py", slow=True),
        _item("test_levers.py", slow=False),
        _item("test_wheel.py", slow=True),
        _item("test_stats.py", slow=False),
    ]
    conftest.pytest_collection_modifyitems(None, items)  # type: ignore[arg-type]
    order = [(item.name, "slow" in item.keywords) for item in items]
    assert order == [
        ("test_wheel.py", True),
        ("test_levers.py", False),
        ("test_search.py", True),
        ("test_stats.py", False),
        ("test_stats.py", False),
    ]
