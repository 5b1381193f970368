"""Hall boards: which calls a board shows, when it keeps quiet, the default board of an office."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from factories import small_network
from queue_server.domain.boards import DEFAULT_BOARD_CODE, RESERVED_BOARD_CODES, Board, default_board
from queue_server.domain.model import DeskId, LocalizedText, Network, OfficeCode, ServiceCode

ALPHA = OfficeCode("alpha")
PASSPORT, SOCIAL = ServiceCode("passport"), ServiceCode("social")
DESK_1, DESK_2 = DeskId("alpha-1"), DeskId("alpha-2")


def board(**settings: object) -> Board:
    return Board(code="hall", office=ALPHA, **settings)  # type: ignore[arg-type]


def test_the_defaults() -> None:
    plain = board()
    assert (plain.name, plain.orientation, plain.services, plain.desks, plain.recent_calls, plain.ticker) == (None, "landscape", None, None, 6, None)
    assert (plain.paired, plain.volume, plain.muted, plain.quiet_hours, plain.english, plain.repeat_recall) == (False, 80, False, None, False, True)


def test_a_board_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        board().volume = 10  # type: ignore[misc]


# ---- shows ----


def test_a_board_without_filters_shows_every_call_even_one_it_cannot_place() -> None:
    assert board().shows(PASSPORT, DESK_1) and board().shows(SOCIAL, DESK_2)
    assert board().shows(None, None) and board().shows(PASSPORT, None) and board().shows(None, DESK_1)


def test_a_service_filter() -> None:
    passports = board(services=frozenset({PASSPORT}))
    assert passports.shows(PASSPORT, DESK_1) and passports.shows(PASSPORT, DESK_2)
    assert not passports.shows(SOCIAL, DESK_1)
    assert not passports.shows(None, DESK_1), "a call of an unknown service is not placed on a filtered board"
    assert passports.shows(PASSPORT, None), "the board does not filter desks"


def test_a_desk_filter() -> None:
    first = board(desks=frozenset({DESK_1}))
    assert first.shows(PASSPORT, DESK_1) and first.shows(SOCIAL, DESK_1)
    assert not first.shows(PASSPORT, DESK_2)
    assert not first.shows(PASSPORT, None)
    assert first.shows(None, DESK_1)


def test_both_filters_must_pass() -> None:
    narrow = board(services=frozenset({PASSPORT}), desks=frozenset({DESK_1}))
    assert narrow.shows(PASSPORT, DESK_1)
    assert not narrow.shows(SOCIAL, DESK_1) and not narrow.shows(PASSPORT, DESK_2) and not narrow.shows(SOCIAL, DESK_2)


def test_an_empty_filter_shows_nothing() -> None:
    """The configuration refuses such a board; the type still answers plainly."""
    assert not board(services=frozenset()).shows(PASSPORT, DESK_1)
    assert not board(desks=frozenset()).shows(PASSPORT, DESK_1)


# ---- quiet hours ----


@pytest.mark.parametrize(
    ("time", "quiet"),
    [
        (dt.time(19, 59), False),
        (dt.time(20, 0), True),  # the start is quiet
        (dt.time(23, 59, 59), True),
        (dt.time(0, 0), True),  # across midnight
        (dt.time(3, 30), True),
        (dt.time(7, 59, 59, 999999), True),
        (dt.time(8, 0), False),  # the end is not
        (dt.time(12, 0), False),
    ],
)
def test_quiet_hours_across_midnight(time, quiet) -> None:
    assert board(quiet_hours=(dt.time(20), dt.time(8))).quiet_at(time) is quiet


@pytest.mark.parametrize(
    ("time", "quiet"),
    [(dt.time(12, 59), False), (dt.time(13, 0), True), (dt.time(13, 30), True), (dt.time(14, 0), False), (dt.time(0, 0), False), (dt.time(23, 0), False)],
)
def test_quiet_hours_within_a_day(time, quiet) -> None:
    assert board(quiet_hours=(dt.time(13), dt.time(14))).quiet_at(time) is quiet


def test_quiet_hours_until_midnight_and_from_midnight() -> None:
    evening = board(quiet_hours=(dt.time(22), dt.time(0)))
    assert evening.quiet_at(dt.time(22)) and evening.quiet_at(dt.time(23, 59)) and not evening.quiet_at(dt.time(0)) and not evening.quiet_at(dt.time(6))
    night = board(quiet_hours=(dt.time(0), dt.time(6)))
    assert night.quiet_at(dt.time(0)) and night.quiet_at(dt.time(5, 59)) and not night.quiet_at(dt.time(6)) and not night.quiet_at(dt.time(23))


def test_no_quiet_hours_is_never_quiet() -> None:
    assert not any(board().quiet_at(dt.time(hour)) for hour in range(24))


def test_the_wall_clock_time_counts_not_its_zone() -> None:
    """The caller passes the office's local time; a time that still carries its zone is read as it is written."""
    aware = dt.time(21, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert board(quiet_hours=(dt.time(20), dt.time(8))).quiet_at(aware)


def test_silent_when_muted_at_zero_volume_or_in_quiet_hours() -> None:
    noon, night = dt.time(12), dt.time(23)
    assert not board().silent_at(noon)
    assert board(muted=True).silent_at(noon)
    assert board(volume=0).silent_at(noon)
    quiet = board(quiet_hours=(dt.time(20), dt.time(8)))
    assert quiet.silent_at(night) and not quiet.silent_at(noon)


# ---- the default board and the network's boards ----


def test_the_default_board_of_an_office_shows_everything_with_default_settings() -> None:
    default = default_board(ALPHA)
    assert default.code == DEFAULT_BOARD_CODE == "" and "default" in RESERVED_BOARD_CODES
    assert default == Board(code="", office=ALPHA)
    assert default.shows(PASSPORT, DESK_1) and default.shows(SOCIAL, DeskId("alpha-9"))
    assert not default.paired and not default.quiet_at(dt.time(3))


def test_a_network_has_no_named_boards_unless_given() -> None:
    network = dataclasses.replace(small_network(), boards={})
    assert network.boards == {} and network.boards_of(ALPHA) == []
    assert Network(name=network.name, offices={}, services={}, categories={}, priorities={}).boards == {}


def test_the_boards_of_an_office_by_code() -> None:
    network = small_network()
    boards = {
        "z-hall": Board("z-hall", ALPHA),
        "a-door": Board("a-door", ALPHA, name=LocalizedText("Двері", "Door"), orientation="portrait"),
        "beta-hall": Board("beta-hall", OfficeCode("beta")),
    }
    network = dataclasses.replace(network, boards=boards)
    assert [board.code for board in network.boards_of(ALPHA)] == ["a-door", "z-hall"]
    assert [board.code for board in network.boards_of(OfficeCode("beta"))] == ["beta-hall"]
    assert network.desk(DESK_1) is not None, "the desk index is rebuilt"
