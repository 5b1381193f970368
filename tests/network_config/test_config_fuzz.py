"""Any value of the wrong shape under any key is a ConfigError naming the file, never a crash."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from queue_server.network_config import DEFAULT_CONFIG_DIR, ConfigError, load_network

WRONG_VALUES = ["[]", "{}", "true", '"zz"', "-3", "0", "[1, 2]", "{ x = 1 }", '""', "nan", "1e300", '"1-999999"', "2.5"]
PER_KEY = 5  # each key gets five of the values, in turn, so every value meets many keys and the run stays short


def first_line_of_each_key() -> list[tuple[str, int, str, list[str]]]:
    found = []
    for path in sorted(DEFAULT_CONFIG_DIR.glob("*.toml")):
        seen: set[str] = set()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            match = re.match(r"^\s*([a-z_]+|\"[a-z-]+\")\s*=", line)
            if match and match.group(1) not in seen:
                seen.add(match.group(1))
                start = len(found) * PER_KEY
                values = [WRONG_VALUES[(start + offset) % len(WRONG_VALUES)] for offset in range(PER_KEY)]
                found.append((path.name, number, match.group(1), values))
    return found


@pytest.mark.parametrize(("file", "line_number", "key", "values"), first_line_of_each_key(), ids=lambda v: str(v))
def test_wrong_values_are_refused_cleanly(tmp_path: Path, file: str, line_number: int, key: str, values: list[str]) -> None:
    folder = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, folder)
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    for wrong in values:
        lines[line_number] = f"{key} = {wrong}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            load_network(folder)
        except ConfigError as error:
            assert file in str(error) and error.problems
