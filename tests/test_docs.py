"""The documentation names every event type there is, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from queue_server.domain.events import CATALOGUE

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_event_type_is_documented_and_nothing_else() -> None:
    text = (DOCS / "events.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `((?:ticket|desk|printer)\.[a-z_]+)` \|", text, flags=re.MULTILINE))
    assert documented == set(CATALOGUE)
