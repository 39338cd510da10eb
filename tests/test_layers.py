"""The package's layers depend one way: nothing imports a higher layer, and no module cycle.

Bottom to top: state, keyed draws and the scenario schema; kernels and matching; outcomes
(functions of the state tables) and new people; the model; experiments; reports; the command
line and the app. Read with ``ast`` from the source, so the test sees every import, including
the ones inside functions.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sim"

# Module name prefix -> layer. The longest matching prefix decides.
LAYERS = {
    "sim": 0,
    "sim.state": 0,
    "sim.tally": 0,
    "sim.rng": 0,
    "sim.scenario": 0,
    "sim.tomlfile": 0,
    "sim.suggest": 0,
    "sim.words": 0,
    "sim.kernels": 1,
    "sim.matching": 1,
    "sim.outcomes": 2,
    "sim.population": 2,
    "sim.year": 3,
    "sim.hiring": 3,
    "sim.budget": 3,
    "sim.services": 3,
    "sim.sponsorship": 3,
    "sim.careers": 3,
    "sim.pairing": 3,
    "sim.agents": 3,
    "sim.roster": 3,
    "sim.mentoring": 3,
    "sim.model": 3,
    "sim.experiment": 4,
    "sim.report": 5,
    "sim.cli": 6,
    "sim.workflows": 6,
    "sim.app": 6,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(name: str) -> int | None:
    matches = [prefix for prefix in LAYERS if name == prefix or name.startswith(prefix + ".")]
    return LAYERS[max(matches, key=len)] if matches else None


def imports_of(path: Path) -> set[str]:
    """The ``sim`` modules a source file imports (absolute and relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            # "from sim import kernels" imports the module sim.kernels.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "sim" or name.startswith("sim.")}


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def existing(name: str) -> str | None:
    """The module an import refers to (``sim.x.y`` may name an attribute of ``sim.x``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_has_a_layer_and_imports_nothing_above_it(name):
    own = layer_of(name)
    assert own is not None, f"{name} has no layer: add it to LAYERS"
    for target in sorted(imports_of(MODULES[name])):
        module = existing(target)
        if module is None or module == "sim":
            continue
        assert layer_of(module) <= own, (
            f"{name} (layer {own}) imports {module} (layer {layer_of(module)})"
        )


def test_no_import_cycle_between_modules():
    graph = {
        name: {existing(t) for t in imports_of(path)} - {None, "sim", name}
        for name, path in MODULES.items()
    }
    # A package's __init__ re-exporting its own submodules is not a cycle of concerns.
    for name in graph:
        graph[name] = {
            t
            for t in graph[name]
            if not (MODULES[name].name == "__init__.py" and t.startswith(name + "."))
        }
    for name in graph:
        graph[name] = {
            t
            for t in graph[name]
            if not (MODULES[t].name == "__init__.py" and name.startswith(t + "."))
        }
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
