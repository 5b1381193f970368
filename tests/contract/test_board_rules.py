"""A hall board's rules — which calls it shows, when it keeps quiet — in the page, the one place they live.

The board page (display_board/static/board-rules.js) decides from the
settings the server sends; these run its rules in headless Chromium on the
cases the board's settings allow (docs/boards.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.contract  # Chromium, as the pages' tests

RULES = Path(__file__).resolve().parents[2] / "display_board" / "static" / "board-rules.js"
DESKS = [{"id": "alpha-1"}, {"id": "alpha-2"}]


def board(**changes: Any) -> dict[str, Any]:
    """A board's settings as GET /api/v1/offices/OFFICE/boards/BOARD sends them (the fields the rules read)."""
    return {"desks": DESKS, "services": None, "muted": False, "volume": 80, "quiet_hours": None} | changes


def call(service: str | None, desk: str | None) -> dict[str, Any]:
    return {"service": service, "desk": desk}


@pytest.fixture(scope="module")
def rule(browser) -> Iterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_content("<!doctype html><title>board rules</title>")
    page.add_script_tag(path=str(RULES))
    yield lambda name, *arguments: page.evaluate("([name, args]) => window.ChergaBoardRules[name](...args)", [name, list(arguments)])
    page.close()


def test_a_board_without_a_service_filter_shows_every_call_at_its_desks(rule) -> None:
    assert rule("shows", board(), call("passport", "alpha-1")) and rule("shows", board(), call("social", "alpha-2"))
    assert rule("shows", board(), call(None, "alpha-1"))
    assert not rule("shows", board(), call("passport", "alpha-9")), "a desk the board does not name"
    assert not rule("shows", board(), call("passport", None)), "a call it cannot place"


def test_a_service_filter(rule) -> None:
    passports = board(services=["passport"])
    assert rule("shows", passports, call("passport", "alpha-1")) and rule("shows", passports, call("passport", "alpha-2"))
    assert not rule("shows", passports, call("social", "alpha-1"))
    assert not rule("shows", passports, call(None, "alpha-1")), "a call of an unknown service is not placed on a filtered board"


def test_a_desk_filter_and_both_filters(rule) -> None:
    first = board(desks=[{"id": "alpha-1"}])
    assert rule("shows", first, call("passport", "alpha-1")) and rule("shows", first, call("social", "alpha-1"))
    assert not rule("shows", first, call("passport", "alpha-2"))
    narrow = board(desks=[{"id": "alpha-1"}], services=["passport"])
    assert rule("shows", narrow, call("passport", "alpha-1"))
    assert not rule("shows", narrow, call("social", "alpha-1")) and not rule("shows", narrow, call("passport", "alpha-2"))


def test_an_empty_filter_shows_nothing(rule) -> None:
    assert not rule("shows", board(services=[]), call("passport", "alpha-1"))
    assert not rule("shows", board(desks=[]), call("passport", "alpha-1"))


@pytest.mark.parametrize(
    ("quiet_hours", "clock", "quiet"),
    [
        (["20:00", "08:00"], "19:59", False),
        (["20:00", "08:00"], "20:00", True),  # the start is quiet
        (["20:00", "08:00"], "23:59", True),
        (["20:00", "08:00"], "00:00", True),  # across midnight
        (["20:00", "08:00"], "03:30", True),
        (["20:00", "08:00"], "07:59", True),
        (["20:00", "08:00"], "08:00", False),  # the end is not
        (["20:00", "08:00"], "12:00", False),
        (["13:00", "14:00"], "12:59", False),
        (["13:00", "14:00"], "13:00", True),
        (["13:00", "14:00"], "13:30", True),
        (["13:00", "14:00"], "14:00", False),
        (["13:00", "14:00"], "00:00", False),
        (["13:00", "14:00"], "23:00", False),
        (["22:00", "00:00"], "22:00", True),  # until midnight
        (["22:00", "00:00"], "23:59", True),
        (["22:00", "00:00"], "00:00", False),
        (["22:00", "00:00"], "06:00", False),
        (["00:00", "06:00"], "00:00", True),  # from midnight
        (["00:00", "06:00"], "05:59", True),
        (["00:00", "06:00"], "06:00", False),
        (["00:00", "06:00"], "23:00", False),
    ],
)
def test_quiet_hours(rule, quiet_hours, clock, quiet) -> None:
    assert rule("quietAt", board(quiet_hours=quiet_hours), clock) is quiet


def test_no_quiet_hours_is_never_quiet(rule) -> None:
    assert not any(rule("quietAt", board(), f"{hour:02d}:00") for hour in range(24))


def test_silent_when_muted_at_zero_volume_or_in_quiet_hours(rule) -> None:
    assert not rule("silentAt", board(), "12:00")
    assert rule("silentAt", board(muted=True), "12:00")
    assert rule("silentAt", board(volume=0), "12:00")
    quiet = board(quiet_hours=["20:00", "08:00"])
    assert rule("silentAt", quiet, "23:00") and not rule("silentAt", quiet, "12:00")
