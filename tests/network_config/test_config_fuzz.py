"""Any value of the wrong shape under any key is a ConfigError, never a crash."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from queue_server.network_config import DEFAULT_CONFIG_DIR, ConfigError, load_network

WRONG_VALUES = ["[]", "{}", "true", '"zz"', "-3", "0", "[1, 2]", '{ x = 1 }', '""']


def first_line_of_each_key() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(DEFAULT_CONFIG_DIR.glob("*.toml")):
        seen: set[str] = set()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            match = re.match(r"^\s*([a-z_]+|\"[a-z-]+\")\s*=", line)
            if match and match.group(1) not in seen:
                seen.add(match.group(1))
                found.append((path.name, number, match.group(1)))
    return found


@pytest.mark.parametrize(("file", "line_number", "key"), first_line_of_each_key(), ids=lambda v: str(v))
def test_wrong_values_are_refused_cleanly(tmp_path: Path, file: str, line_number: int, key: str) -> None:
    folder = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, folder)
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    original = lines[line_number]
    for wrong in WRONG_VALUES:
        lines[line_number] = f"{key} = {wrong}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            load_network(folder)
        except ConfigError as error:
            assert file in str(error)
    lines[line_number] = original
