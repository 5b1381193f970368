"""Reporting is a vertical of its own: pure figures, and a queue that never imports it.

The same rules stand as import-linter contracts in setup.cfg
(`pure-reporting`, `queue-without-reports`, the layers); this test keeps them
without the tool and names the offending line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORTING = ROOT / "queue_server" / "reporting"
PURE = ("figures", "visits", "labels", "desk_hours", "bookings", "arithmetic", "period", "visit_table", "pauses")
IO_MODULES = ("flask", "flask_socketio", "socketio", "engineio", "sqlalchemy", "sqlite3", "gevent", "eventlet", "requests", "werkzeug", "socket", "os", "subprocess")
PURE_MAY_IMPORT = ("queue_server.domain", *(f"queue_server.reporting.{name}" for name in PURE))
CLOCK = re.compile(r"(?<![\w.])(datetime\.now|dt\.datetime\.now|time\.time|time\.monotonic|date\.today)\(")


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module the file imports, relative imports made absolute, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                found.append((node.lineno, ".".join([*base, node.module] if node.module else base)))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def test_the_reporting_package_holds_the_figures_the_reads_and_the_exports() -> None:
    present = {path.relative_to(REPORTING).as_posix() for path in REPORTING.rglob("*.py")}
    expected = {f"{name}.py" for name in (*PURE, "store", "queries")} | {f"exports/{name}.py" for name in ("csv_export", "xlsx_export", "sqlite_export", "booking_table")}
    assert expected <= present


@pytest.mark.parametrize("name", PURE)
def test_the_figures_are_pure(name: str) -> None:
    path = REPORTING / f"{name}.py"
    for line, module in imports(path):
        assert module.split(".")[0] not in IO_MODULES, f"{path.name}:{line} imports {module}"
        if module.startswith("queue_server"):
            assert module.startswith(PURE_MAY_IMPORT), f"{path.name}:{line} imports {module}"
    clock = CLOCK.search(path.read_text(encoding="utf-8"))
    assert clock is None, f"{path.name} reads the clock: {clock.group(0) if clock else ''}"


@pytest.mark.parametrize("package", ["domain", "store", "commands"])
def test_the_queue_never_imports_the_reports(package: str) -> None:
    folder = ROOT / "queue_server" / package
    for path in sorted(folder.rglob("*.py")):
        for line, module in imports(path):
            assert not module.startswith("queue_server.reporting"), f"{path.relative_to(ROOT)}:{line} imports {module}"
    leftovers = sorted(path.name for path in folder.glob("*.py") if path.stem.startswith("report") or path.stem == "desk_hours")
    assert leftovers == [], f"report modules left in queue_server/{package}: {leftovers}"


def test_reporting_imports_no_adapter() -> None:
    for path in sorted(REPORTING.rglob("*.py")):
        for line, module in imports(path):
            for adapter in ("api", "realtime", "public", "staff", "cli"):
                assert not module.startswith(f"queue_server.{adapter}"), f"{path.relative_to(ROOT)}:{line} imports {module}"
