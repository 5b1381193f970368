"""The documentation names every event type there is, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from queue_server.domain.events import CATALOGUE

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_event_type_is_documented_and_nothing_else() -> None:
    text = (DOCS / "events.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `((?:ticket|desk|printer|office)\.[a-z_]+)` \|", text, flags=re.MULTILINE))
    assert documented == set(CATALOGUE)


def test_every_setting_is_in_the_deploy_guide() -> None:
    source = (DOCS.parent / "queue_server" / "settings.py").read_text(encoding="utf-8")
    guide = (DOCS / "deploy.md").read_text(encoding="utf-8")
    variables = set(re.findall(r"\"(CHERGA_[A-Z_]+)\"", source))
    assert variables and not {name for name in variables if f"| `{name}` |" not in guide}
