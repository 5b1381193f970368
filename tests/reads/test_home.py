"""Reads live apart from writes: `commands/` holds the commands, `reads/` what only reads."""

from __future__ import annotations

import importlib.util

import pytest


@pytest.mark.parametrize("name", ["queries", "waits", "audit"])
def test_a_read_has_its_home_in_reads_not_in_commands(name: str) -> None:
    assert importlib.util.find_spec(f"queue_server.reads.{name}") is not None
    assert importlib.util.find_spec(f"queue_server.commands.{name}") is None


def test_a_read_imports_of_the_commands_only_their_context_and_access_policy() -> None:
    import ast
    from pathlib import Path

    reads = Path(__file__).resolve().parents[2] / "queue_server" / "reads"
    imported = {
        (path.name, node.module)
        for path in reads.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module and "commands" in node.module
    }
    assert {module for _, module in imported} <= {"commands.context", "commands.access"}, imported


def test_the_layers_contract_puts_reads_under_the_commands() -> None:
    import configparser
    from pathlib import Path

    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parents[2] / "setup.cfg", encoding="utf-8")
    layers = config["importlinter:contract:layers"]["layers"].split()
    assert layers.index("queue_server.commands") < layers.index("queue_server.reads") < layers.index("queue_server.store")


def test_the_reads_are_handed_who_is_connected_nobody_without_the_socket_layer(ctx, app) -> None:
    from queue_server.reads.presence import NoPresence
    from queue_server.realtime.presence import LivePresence

    assert isinstance(ctx.presence, NoPresence) and ctx.presence.agent_connected("alpha", "kiosk-1") is False
    assert isinstance(app.extensions["cherga"].presence, LivePresence)  # set when the Socket.IO layer starts
