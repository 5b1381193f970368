"""Hall boards: a board's settings, the spoken announcement of a call, and of an air-raid alert.

The board page (display_board/) knows only its office and board code; it
asks here for what to show and how to speak, so a change of `boards.toml`
reaches every board at its next load. A paired board's settings and voice
need a display token of its office, so a stray browser cannot pose as it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from display_board.voice import VoiceMaker, VoiceUnavailable

from ..commands.access import DISPLAY_WHEN_PAIRED
from ..domain.boards import Board
from ..domain.errors import InvalidRequest
from ..domain.model import DeskId
from ..views import board as views
from .actors import command_context
from .errors import error_response
from .parameters import AlertAnnouncement, Announcement
from .places import DEFAULT_BOARD, find_board
from .registry import operation

blueprint = Blueprint("boards_api", __name__)
TAG = "boards"


def board_json(board: Board) -> dict[str, Any]:
    office = command_context().network.offices[board.office]
    return views.board_json(views.BoardView.of(board, office, default_code=DEFAULT_BOARD))


@operation(
    blueprint,
    "/offices/<office>/boards",
    "GET",
    summary="The office's named hall boards (the default board is always there as 'default')",
    tag=TAG,
    responses={200: "OK", 404: "Unknown office"},
)
def list_boards(office: str) -> Any:
    found = command_context().office(office)
    named = [board for board in command_context().network.boards.values() if board.office == found.code]
    return jsonify([views.board_summary_json(views.BoardSummaryView.of(board)) for board in named])


@operation(
    blueprint,
    "/offices/<office>/boards/<board>",
    "GET",
    summary="A hall board's settings: what it shows and how it speaks",
    tag=TAG,
    auth=DISPLAY_WHEN_PAIRED,
    responses={200: "OK", 401: "A paired board without a token", 403: "Another office's token", 404: "Unknown office or board"},
)
def get_board(office: str, board: str, actor: Any) -> Any:
    return jsonify(board_json(find_board(office, board)))


@operation(
    blueprint,
    "/offices/<office>/boards/<board>/announcement.wav",
    "GET",
    summary="The spoken call of a ticket to a desk: a chime, Ukrainian, and English where the board says so",
    tag=TAG,
    auth=DISPLAY_WHEN_PAIRED,
    responses={
        200: "A WAV file",
        400: "A malformed ticket number or a desk of another office",
        401: "A paired board without a token",
        404: "Unknown office or board",
        503: "No voice on this server (espeak-ng missing and no recorded clips)",
    },
    query=Announcement,
    media="audio/wav",
)
def announcement(office: str, board: str, actor: Any, query: Announcement) -> Any:
    found = find_board(office, board)
    number = query.number
    desk = command_context().network.desk(DeskId(query.desk))
    if desk is None or desk.office != found.office:
        raise InvalidRequest(f"desk: expected a desk of office {found.office}, such as {found.office}-1", field="desk")
    voice: VoiceMaker = current_app.extensions["cherga.voice"]
    languages = ("uk", "en") if found.english else ("uk",)
    try:
        audio = voice.announcement(number, desk.number, desk.kind, languages=languages)
    except VoiceUnavailable as error:
        return error_response(503, "voice_unavailable", str(error))
    response = Response(audio, mimetype="audio/wav")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@operation(
    blueprint,
    "/offices/<office>/boards/<board>/alert.wav",
    "GET",
    summary="The spoken beginning or end of an air-raid alert: a chime, Ukrainian, and English where the board says so",
    tag=TAG,
    auth=DISPLAY_WHEN_PAIRED,
    responses={
        200: "A WAV file",
        400: "A state other than start or end",
        401: "A paired board without a token",
        404: "Unknown office or board",
        503: "No voice on this server (espeak-ng missing and no recorded clips)",
    },
    query=AlertAnnouncement,
    media="audio/wav",
)
def alert_announcement(office: str, board: str, actor: Any, query: AlertAnnouncement) -> Any:
    found = find_board(office, board)
    voice: VoiceMaker = current_app.extensions["cherga.voice"]
    languages = ("uk", "en") if found.english else ("uk",)
    try:
        audio = voice.alert(query.state.value, languages=languages)
    except VoiceUnavailable as error:
        return error_response(503, "voice_unavailable", str(error))
    response = Response(audio, mimetype="audio/wav")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
