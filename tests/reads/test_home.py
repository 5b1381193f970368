"""Reads live apart from writes: `commands/` holds the commands, `reads/` what only reads."""

from __future__ import annotations

import importlib.util

import pytest


@pytest.mark.parametrize("name", ["queries", "waits", "audit"])
def test_a_read_has_its_home_in_reads_not_in_commands(name: str) -> None:
    assert importlib.util.find_spec(f"queue_server.reads.{name}") is not None
    assert importlib.util.find_spec(f"queue_server.commands.{name}") is None
