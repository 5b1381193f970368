"""A configuration folder as text: what the centre hands its office nodes, and how a node takes it.

The centre keeps the text of its folder's files as it read them at start,
so a node gets the configuration the centre serves, not a file half-edited
since. A node checks what it gets as `cherga config check` would, in a
folder of its own, before it writes a file of its folder: a configuration
the node cannot load leaves the one it has, and says why.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..domain.model import Network

MOST_BYTES = 4 * 1024 * 1024  # the bundled network's files are about 200 KB


def read_files(folder: Path) -> dict[str, str]:
    """Every TOML file of the folder, by name."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(Path(folder).glob("*.toml"))}


def digest(files: dict[str, str]) -> str:
    hashed = hashlib.sha256()
    for name in sorted(files):
        hashed.update(name.encode("utf-8") + b"\0" + files[name].encode("utf-8") + b"\0")
    return hashed.hexdigest()


def take_files(folder: Path, files: dict[str, str]) -> Network:
    """Check `files` as a whole, then write them into `folder`; returns their network. `ConfigError` changes nothing."""
    from . import load_network

    if not files or any("/" in name or not name.endswith(".toml") for name in files) or sum(map(len, files.values())) > MOST_BYTES:
        raise ValueError("a configuration is a few TOML files by name")
    folder = Path(folder)
    trial = Path(tempfile.mkdtemp(prefix=".cherga-config-", dir=folder.parent))
    try:
        for name, text in files.items():
            (trial / name).write_text(text, encoding="utf-8")
        network = load_network(trial)
        for name in files:  # each file replaced whole: a reader never sees half of one
            staged = trial / name
            os.replace(staged, folder / name)
        return network
    finally:
        shutil.rmtree(trial, ignore_errors=True)
