"""No behavioural number is written into the model's code: every one is a scenario parameter.

Kernels, matching and the model may contain only structural numbers: 0, 1 and 2 (and their
negatives), for counting, indexing, halving and complements. Any other number must either be
a scenario parameter (with its source and plausible range in the schema) or be marked as
structural on its line with a ``# structural: why`` comment (a numerical guard, the middle of
a scale, the mean of three terms). Read with ``ast``, so docstrings and comments don't count.
"""

import ast
import io
import tokenize
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"
SCANNED = sorted(
    [
        *SIM.joinpath("kernels").glob("*.py"),
        *SIM.joinpath("matching").glob("*.py"),
        *(
            SIM / name
            for name in (
                "model.py",
                "careers.py",
                "pairing.py",
                "mentoring.py",
                "roster.py",
                "population.py",
                "hiring.py",
                "agents.py",
                "year.py",
            )
        ),
    ]
)
# sim/rng.py is left out on purpose: its numbers are the hash's constants and bit widths.
STRUCTURAL = {0, 1, 2, -1, -2}


def structural_lines(source: str) -> set[int]:
    """Lines carrying a ``# structural:`` comment."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and token.string.startswith("# structural"):
            lines.add(token.start[0])
    return lines


def behavioural_literals(path: Path) -> list[str]:
    """Each number on a line not marked structural, as ``path:line: value``."""
    source = path.read_text(encoding="utf-8")
    allowed_lines = structural_lines(source)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            if node.value in STRUCTURAL or node.lineno in allowed_lines:
                continue
            found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: str(p.relative_to(SIM)))
def test_no_behavioural_number_in_model_code(path):
    found = behavioural_literals(path)
    assert not found, (
        "numbers in model code must be scenario parameters or marked "
        "'# structural: why':\n" + "\n".join(found)
    )


def test_the_scan_finds_a_planted_number(tmp_path):
    planted = tmp_path / "kernel.py"
    planted.write_text(
        "def f(x):\n    return 0.35 * x  # a behavioural number\n"
        "def g(x):\n    return x / 3.0  # structural: mean of three\n"
    )
    assert behavioural_literals(planted) == ["kernel.py:2: 0.35"]
