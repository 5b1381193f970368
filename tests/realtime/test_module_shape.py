"""The shape of `queue_server/realtime/`, checked on the source: no import cycle, no closures, no module-level state.

The handlers are methods of one object per audience (`namespace.py`): their
state lives on `self`, so two apps in one process never share a connection,
and no module imports back the one that imports it.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "queue_server" / "realtime"
MODULES = sorted(PACKAGE.glob("*.py"))
MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "Counter", "deque", "OrderedDict", "Lock", "RLock", "WeakValueDictionary"}


def module_name(path: Path) -> str:
    return path.stem


def realtime_imports(path: Path) -> set[str]:
    """The sibling modules of `realtime/` that `path` imports (relative or absolute)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif node.level == 0 and node.module and node.module.startswith("queue_server.realtime."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[2] for alias in node.names if alias.name.startswith("queue_server.realtime."))
    return found & {module_name(path) for path in MODULES}


def import_graph() -> dict[str, set[str]]:
    return {module_name(path): realtime_imports(path) for path in MODULES}


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` (a path that ends where it starts), else None."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return list(reversed(error.args[1]))  # graphlib names it against the arrows
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    cycle = cycle_in({"handlers": {"devices", "rooms"}, "devices": {"handlers"}, "rooms": set()})
    assert cycle is not None and set(cycle) == {"handlers", "devices"} and cycle[0] == cycle[-1]
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_realtime_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "namespace" in graph and graph["install"] >= {"namespace", "connections", "subscribers", "boards"}
    assert cycle_in(graph) is None, f"realtime/ imports in a circle: {' → '.join(cycle_in(graph) or [])}"


def test_realtime_imports_at_the_top_only() -> None:
    """An import inside a function is how a cycle hides (the old `from .handlers import answering`)."""
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))):
            inner = [node for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom))]
            assert not inner, f"{path.name}:{inner[0].lineno if inner else ''} imports inside {function.name}()"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_nested_handlers_or_lambdas(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in (node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for inner in ast.walk(function):
            if inner is not function and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                name = getattr(inner, "name", "lambda")
                raise AssertionError(f"{path.name}:{inner.lineno} defines {name} inside {function.name}(): make it a method")
    lambdas = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Lambda)]
    assert not lambdas, f"{path.name}:{lambdas[0]} has a lambda: make it a method"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_module_level_mutable_state(path: Path) -> None:
    """Whatever a module holds at its top is a constant; the live state is on the audiences' `self`."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if value is None or [getattr(target, "id", "") for target in targets] == ["__all__"]:
            continue
        assert not isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)), f"{path.name}:{node.lineno} holds a mutable container"
        if isinstance(value, ast.Call):
            called = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
            assert called not in MUTABLE_CALLS, f"{path.name}:{node.lineno} holds a {called}() at module level"
