"""The boards' API: settings, who may read a paired board, and the spoken call as a real WAV."""

from __future__ import annotations

import io
import wave

import pytest

from display_board.voice import VoiceMaker
from web import bearer

CALLERS = ("anonymous", "operator", "operator_beta", "supervisor", "manager", "admin", "kiosk", "kiosk_beta", "display", "agent")
PAIRED_ALLOWED = {"operator", "supervisor", "manager", "admin", "display"}


@pytest.fixture
def app(shared_app):
    """The tests here read, or are refused, and change nothing: one app for the whole module."""
    return shared_app


@pytest.fixture
def tokens(shared_tokens):
    return shared_tokens


def headers_of(tokens, caller: str) -> dict[str, str]:
    return bearer(tokens[caller]) if caller != "anonymous" else {}


def seconds(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as audio:
        return audio.getnframes() / audio.getframerate()


def test_the_default_board_shows_every_desk_of_the_office(client) -> None:
    answer = client.get("/api/v1/offices/alpha/boards/default")
    assert answer.status_code == 200
    board = answer.get_json()
    assert board["code"] == "default" and board["title"] == "Альфа" and board["title_en"] == "Alpha"
    assert [desk["id"] for desk in board["desks"]] == ["alpha-1", "alpha-2", "alpha-3"]
    assert board["desks"][2]["kind"] == "room" and board["timezone"] == "Europe/Kyiv"
    assert board["services"] is None and board["quiet_hours"] is None and board["paired"] is False


def test_a_named_board_brings_its_filters(client) -> None:
    board = client.get("/api/v1/offices/alpha/boards/alpha-windows").get_json()
    assert [desk["id"] for desk in board["desks"]] == ["alpha-1", "alpha-2"] and board["english"] is True
    listed = client.get("/api/v1/offices/alpha/boards").get_json()
    assert {entry["code"]: entry["paired"] for entry in listed} == {"alpha-windows": False, "alpha-tv": True}


@pytest.mark.parametrize("path", ["/api/v1/offices/alpha/boards/nope", "/api/v1/offices/beta/boards/alpha-windows", "/api/v1/offices/zeta/boards/default"])
def test_unknown_boards_and_offices_are_404(client, path) -> None:
    answer = client.get(path)
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("caller", CALLERS)
def test_a_paired_board_needs_a_token_of_its_office(client, tokens, caller) -> None:
    for path in ("/api/v1/offices/alpha/boards/alpha-tv", "/api/v1/offices/alpha/boards/alpha-tv/announcement.wav?number=П001&desk=alpha-1"):
        answer = client.get(path, headers=headers_of(tokens, caller))
        if caller == "anonymous":
            assert answer.status_code == 401
        elif caller in PAIRED_ALLOWED:
            assert answer.status_code in (200, 503)  # 503 only where the machine has no voice
        else:
            assert answer.status_code == 403


@pytest.mark.parametrize("caller", CALLERS)
def test_an_unpaired_board_is_public(client, tokens, caller) -> None:
    assert client.get("/api/v1/offices/alpha/boards/alpha-windows", headers=headers_of(tokens, caller)).status_code == 200


def test_the_announcement_is_a_real_wav_with_the_english_repeat_where_the_board_says(client) -> None:
    plain = client.get("/api/v1/offices/alpha/boards/default/announcement.wav?number=П015&desk=alpha-3")
    assert plain.status_code == 200 and plain.mimetype == "audio/wav"
    both = client.get("/api/v1/offices/alpha/boards/alpha-windows/announcement.wav?number=П015&desk=alpha-1")
    assert both.status_code == 200
    assert 2.0 < seconds(plain.data) < 8.0  # chime and «Талон пе п'ятнадцять, кабінет три»
    assert seconds(both.data) > seconds(plain.data) + 1.0  # and "Ticket P15, window 1"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "number=П015",
        "desk=alpha-1",
        "number=P015&desk=alpha-1",  # a Latin letter
        "number=П0155&desk=alpha-1",
        "number=%3Cscript%3E&desk=alpha-1",
        "number=П015&desk=beta-1",  # a desk of another office
        "number=П015&desk=alpha-99",
    ],
)
def test_a_bad_announcement_request_is_a_clear_400(client, query) -> None:
    answer = client.get(f"/api/v1/offices/alpha/boards/default/announcement.wav?{query}")
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"]


def test_no_voice_on_the_server_is_a_503_that_says_why(app, client, tmp_path) -> None:
    voice = app.extensions["cherga.voice"]
    app.extensions["cherga.voice"] = VoiceMaker(tmp_path / "cache", espeak="/nonexistent/espeak-ng")
    try:
        answer = client.get("/api/v1/offices/alpha/boards/default/announcement.wav?number=П015&desk=alpha-1")
    finally:
        app.extensions["cherga.voice"] = voice  # the module's app speaks again for the other tests
    assert answer.status_code == 503
    assert answer.get_json()["error"]["code"] == "voice_unavailable"


def test_the_board_pages_are_served_and_odd_addresses_are_404(client) -> None:
    assert client.get("/display/alpha").status_code == 200
    assert client.get("/display/alpha/alpha-windows").status_code == 200
    assert client.get("/display/desk/alpha-1").status_code == 200
    for path in ("/display/Alpha!", "/display/desk/alpha", "/display/alpha/<b>"):
        assert client.get(path).status_code == 404
