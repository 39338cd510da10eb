"""The library calls its kernels by keyword, so a swapped argument at a call site cannot pass.

Kernels take up to 17 arrays, several of the same dtype and shape in a row (``satisfaction,
burnout, path_fit``): passed by position, two swapped arguments run without an error and only
change the numbers. This test reads every call of a ``sim.kernels`` function from Python (the
package's own modules are the kernels; calls inside other jitted functions are numba's, held to
plain-Python references by the matching tests) and fails on any argument passed by position.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sim.kernels
from benchmarks.keyword_calls import keyword_call_overhead

SIM = Path(sim.kernels.__file__).resolve().parent.parent
KERNEL_NAMES = {name for name in sim.kernels.__all__ if name[0].islower()}
# One-argument helpers and parameter builders, where no argument can be swapped.
SINGLE = {"places_within", "kernel_params", "all_kernels"}


def _jitted(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if getattr(target, "id", getattr(target, "attr", None)) in ("njit", "jit"):
            return True
    return False


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) == "kernels":
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def positional_kernel_calls(source: str) -> list[tuple[int, str]]:
    """(line, kernel) of each call outside jitted functions that passes an argument by position."""
    tree = ast.parse(source)
    inside_jit: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and _jitted(node):
            inside_jit |= {id(n) for n in ast.walk(node)}
    return [
        (node.lineno, name)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and id(node) not in inside_jit
        and (name := _called_name(node)) in KERNEL_NAMES - SINGLE
        and node.args
    ]


def test_kernels_are_called_by_keyword():
    found = {
        f"{path.relative_to(SIM.parent)}:{line} {name}"
        for path in sorted(SIM.rglob("*.py"))
        if "kernels" not in path.relative_to(SIM).parts
        for line, name in positional_kernel_calls(path.read_text())
    }
    assert not found, "kernel calls passing arguments by position:\n" + "\n".join(sorted(found))


def test_the_check_sees_a_positional_call():
    source = (
        "from numba import njit\n"
        "from sim import kernels\n"
        "kernels.align_values(a, b, c, d, k, out)\n"
        "kernels.align_values(alignment=a, pull=b, burnout=c, active=d, params=k, out=out)\n"
        "@njit\n"
        "def f(a):\n"
        "    return compatibility_of(1, 2, a, a, a, a, a)\n"
        "def g(a):\n"
        "    return compatibility_of(1, 2, a, a, a, a, a)\n"
    )
    assert positional_kernel_calls(source) == [(3, "align_values"), (9, "compatibility_of")]


@pytest.mark.needs_jit
def test_keyword_overhead_is_measured_for_every_kernel_the_model_calls():
    figures = keyword_call_overhead(calls=3, rounds=1)
    assert set(figures) == set(sim.kernels.all_kernels()) - {"pair_compatibility"}
    for f in figures.values():
        assert f["positional"] > 0 and f["keyword"] > 0
        assert f["extra"] == pytest.approx(f["keyword"] - f["positional"])
