"""Hall boards: a board's settings and the default board of an office.

Which calls a board shows and when it keeps quiet are the board page's
rules (display_board/static/board-rules.js), tested in Chromium by
tests/contract/test_board_rules.py.
"""

from __future__ import annotations

import dataclasses

import pytest

from factories import small_network
from queue_server.domain.boards import DEFAULT_BOARD_CODE, RESERVED_BOARD_CODES, Board, default_board
from queue_server.domain.model import DeskId, LocalizedText, Network, OfficeCode

ALPHA = OfficeCode("alpha")
DESK_1 = DeskId("alpha-1")


def board(**settings: object) -> Board:
    return Board(code="hall", office=ALPHA, **settings)  # type: ignore[arg-type]


def test_the_defaults() -> None:
    plain = board()
    assert (plain.name, plain.orientation, plain.services, plain.desks, plain.recent_calls, plain.ticker) == (None, "landscape", None, None, 6, None)
    assert (plain.paired, plain.volume, plain.muted, plain.quiet_hours, plain.english, plain.repeat_recall) == (False, 80, False, None, False, True)


def test_a_board_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        board().volume = 10  # type: ignore[misc]


# ---- the default board and the network's boards ----


def test_the_default_board_of_an_office_shows_everything_with_default_settings() -> None:
    default = default_board(ALPHA)
    assert default.code == DEFAULT_BOARD_CODE == "" and "default" in RESERVED_BOARD_CODES
    assert default == Board(code="", office=ALPHA)
    assert default.services is None and default.desks is None, "every call of the office"
    assert not default.paired and default.quiet_hours is None


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
