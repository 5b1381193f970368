"""Where a request's resource lives: the office of a path's office, desk, device or hall board.

The registry asks this before an operation's handler runs, to check the
caller's right in that office (see `commands.access.OfficeFrom`); an
unknown one is a 404.
"""

from __future__ import annotations

from typing import Any

from ..commands import accounts
from ..commands.access import OfficeFrom
from ..domain.boards import Board, default_board
from ..domain.errors import NotFound
from .actors import command_context

DEFAULT_BOARD = "default"


def find_board(office: str, board: str) -> Board:
    found = command_context().office(office)
    if board == DEFAULT_BOARD:
        return default_board(found.code)
    named = command_context().network.boards.get(board)
    if named is None or named.office != found.code:
        raise NotFound(f"office {found.code} has no board {board!r}", office=found.code, board=board)
    return named


def office_of(source: OfficeFrom, arguments: dict[str, Any], query_office: str | None = None) -> str | None:
    """The office named by the request, found as `source` says (None: no one office).

    `query_office` is the query string's `office` as sent, before the query
    is parsed: the right to it is checked first, so who may not read an
    office learns nothing from a malformed query either.
    """
    if source is OfficeFrom.NONE:
        return None
    if source is OfficeFrom.QUERY:
        return query_office
    if source is OfficeFrom.PATH:
        return command_context().office(arguments["office"]).code
    if source is OfficeFrom.DESK:
        return command_context().desk(arguments["desk_id"]).office
    if source is OfficeFrom.DEVICE:
        return accounts.device_by_id(command_context(), arguments["device_id"]).office
    board = find_board(arguments["office"], arguments["board"])  # OfficeFrom.BOARD
    return board.office if board.paired else None
