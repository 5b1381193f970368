"""The direction of imports, checked on the source (the layers of DESIGN.md).

The same rules stand as import-linter contracts in setup.cfg; this test keeps
them without the tool and names the offending line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IO_MODULES = ("flask", "flask_socketio", "socketio", "engineio", "sqlalchemy", "sqlite3", "gevent", "eventlet", "requests", "werkzeug", "socket", "os", "subprocess")
LAYERS = ["queue_server.domain", "queue_server.store", "queue_server.commands", "queue_server.realtime", "queue_server.api"]


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", sources("queue_server/domain"), ids=lambda p: p.name)
def test_the_domain_is_pure(path: Path) -> None:
    for line, module in imports(path):
        assert module.split(".")[0] not in IO_MODULES, f"{path.name}:{line} imports {module}"
        assert not module.startswith("queue_server.") or module.startswith("queue_server.domain"), f"{path.name}:{line} imports {module}"
    text = path.read_text(encoding="utf-8")
    clock = re.search(r"(?<![\w.])(datetime\.now|dt\.datetime\.now|time\.time|time\.monotonic|date\.today)\(", text)
    assert clock is None, f"{path.name} reads the clock: {clock.group(0) if clock else ''}"


@pytest.mark.parametrize("layer_index", range(len(LAYERS)))
def test_layers_point_down_only(layer_index: int) -> None:
    layer = LAYERS[layer_index]
    higher = LAYERS[layer_index + 1 :]
    for path in sources(layer.replace(".", "/")):
        for line, module in imports(path):
            for upper in higher:
                if upper == "queue_server.realtime" and layer == "queue_server.api":
                    continue
                assert not module.startswith(upper), f"{path.relative_to(ROOT)}:{line} ({layer}) imports {module}"


@pytest.mark.parametrize("package", ["kiosk", "display_board", "printers"])
def test_clients_talk_to_the_server_only_over_the_wire(package: str) -> None:
    for path in sources(package):
        for line, module in imports(path):
            assert not module.startswith("queue_server"), f"{path.relative_to(ROOT)}:{line} imports {module}"


def test_the_import_linter_contracts_of_setup_cfg_hold() -> None:
    import shutil
    import subprocess
    import sys

    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter, "import-linter is part of the test extras"
    result = subprocess.run([linter, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
