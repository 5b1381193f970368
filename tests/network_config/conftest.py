"""A private copy of the bundled configuration that a test breaks on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from queue_server.domain.model import Network
from queue_server.network_config import DEFAULT_CONFIG_DIR, ConfigError, load_network


class ConfigCopy:
    """The bundled files in a temporary folder, edited by exact text so a test shows its one defect."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def edit(self, file: str, old: str, new: str) -> ConfigCopy:
        path = self.folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self

    def append(self, file: str, text: str) -> ConfigCopy:
        path = self.folder / file
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
        return self

    def load(self) -> Network:
        return load_network(self.folder)

    def error(self) -> ConfigError:
        with pytest.raises(ConfigError) as raised:
            load_network(self.folder)
        return raised.value

    def message(self) -> str:
        return str(self.error())

    def refused(self, *words: str) -> str:
        """The error's text, which names every word: the file, the key path, the offending value."""
        message = self.message()
        for word in words:
            assert word in message, f"{word!r} missing from:\n{message}"
        return message


@pytest.fixture
def config(tmp_path: Path) -> ConfigCopy:
    folder = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, folder)
    return ConfigCopy(folder)

