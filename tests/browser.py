"""Headless Debian Chromium driven by Playwright, for the pages' tests.

Screenshots go to test-artifacts/ (not committed) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHERGA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# Chromium's own calls home are refused on an offline machine; switch them off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # as a board's kiosk-mode browser is started: the hall hears calls without anyone touching the screen
    "--autoplay-policy=no-user-gesture-required",
]


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
