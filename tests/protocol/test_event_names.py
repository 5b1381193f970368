"""Every Socket.IO event name the pages, the agent and the server spell is one the protocol declares:
a page or a handler that spells a name of its own fails here."""

from __future__ import annotations

import re
from pathlib import Path

from protocol import events

ROOT = Path(__file__).resolve().parents[2]
BUILT_IN = {"connect", "connect_error", "disconnect"}  # Socket.IO's own, not the protocol's
SPELLED = re.compile(r"""\.(?:emit|on|call|emitWithAck)\(\s*["']([a-z_.]+)["']""")


def spelled_names(pattern: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in ROOT.glob(pattern):
        for name in SPELLED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_pages_use_only_declared_event_names() -> None:
    spelled = {}
    for pattern in ("queue_server/**/static/*.js", "kiosk/static/*.js", "display_board/static/*.js"):
        spelled.update(spelled_names(pattern))
    assert len(spelled) > 5
    unknown = {name: files for name, files in spelled.items() if name not in set(events.ALL) | BUILT_IN}
    assert unknown == {}


def test_the_python_sides_spell_no_event_name_of_their_own() -> None:
    spelled = {}
    for pattern in ("queue_server/**/*.py", "kiosk/*.py"):
        spelled.update(spelled_names(pattern))
    assert set(spelled) <= BUILT_IN, spelled  # the server and the agent use the constants of protocol.events
