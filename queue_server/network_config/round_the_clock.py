"""A copy of a configuration folder whose offices are open round the clock, every day, without a holiday.

The server honours the offices' hours on the real clock, and it never runs on
a fake one. Whoever needs the offices open whatever the hour — the demo and
its simulator at night or on a Sunday, a test of the kiosk — runs the server
on such a copy instead: the same offices, services, desks and boards, only
the hours widened. Services given only in some hours are given whenever the
office is open. The copy is made by editing the TOML text, so the comments
of every file stay as they were.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import DEFAULT_CONFIG_DIR

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROUND_THE_CLOCK = "\n".join(f'{day} = "00:00-24:00"' for day in WEEKDAYS)
WEEKDAY_LINE = re.compile(r'^(?:mon|tue|wed|thu|fri|sat|sun) = "[^"]*"\n', re.M)


def round_the_clock_config(folder: Path, source: Path = DEFAULT_CONFIG_DIR) -> Path:
    """Copy `source` (the bundled «Віза» network by default) to `folder`, a new folder, open round the clock; returns `folder`."""
    shutil.copytree(source, folder)
    offices = WEEKDAY_LINE.sub("", (folder / "offices.toml").read_text(encoding="utf-8"))
    offices = re.sub(r"^(\[schedules\.[a-z0-9-]+\]\n)", lambda found: found.group(1) + ROUND_THE_CLOCK + "\n", offices, flags=re.M)
    offices = re.sub(r"^hours = \{[^}]*\}$", "hours = { " + ROUND_THE_CLOCK.replace("\n", ", ") + " }", offices, flags=re.M)
    offices = re.sub(r"^calendar = \{.*\}$\n", "", offices, flags=re.M)
    (folder / "offices.toml").write_text(offices, encoding="utf-8")
    network = (folder / "network.toml").read_text(encoding="utf-8")
    network = re.sub(r"^holidays = .*$", "holidays = []", network, flags=re.M)
    network = re.sub(r"^shortened = .*$", "shortened = {}", network, flags=re.M)
    (folder / "network.toml").write_text(network, encoding="utf-8")
    services = (folder / "services.toml").read_text(encoding="utf-8")
    (folder / "services.toml").write_text(re.sub(r"^hours = \{[^}]*\}$\n", "", services, flags=re.M), encoding="utf-8")
    return folder
