"""What the public screens read for an air-raid alert: the office's shelter directions and the spoken alert."""

from __future__ import annotations

import io
import wave

import pytest

from web import bearer

CALLERS = ("anonymous", "operator", "supervisor", "kiosk", "display", "kiosk_beta")


@pytest.fixture
def app(shared_app):
    """Reads only: one app for the module."""
    return shared_app


@pytest.fixture
def tokens(shared_tokens):
    return shared_tokens


def seconds(sound: bytes) -> float:
    with wave.open(io.BytesIO(sound)) as audio:
        return audio.getnframes() / audio.getframerate()


def test_an_office_without_directions_says_null_so_the_pages_show_their_general_line(client) -> None:
    office = client.get("/api/v1/offices/alpha").get_json()
    assert office["shelter"] is None and office["shelter_en"] is None
    board = client.get("/api/v1/offices/alpha/boards/default").get_json()
    assert board["shelter"] is None and board["shelter_en"] is None


def test_the_office_and_its_boards_carry_the_configured_directions(app, client) -> None:
    import dataclasses

    from queue_server.domain.model import LocalizedText

    ctx = app.extensions["cherga"]
    network = ctx.network
    before = network.offices["alpha"]
    network.offices["alpha"] = dataclasses.replace(before, shelter=LocalizedText("Підвал, вхід з двору", "The basement, from the yard"))
    try:
        office = client.get("/api/v1/offices/alpha").get_json()
        board = client.get("/api/v1/offices/alpha/boards/alpha-windows").get_json()
        listed = {entry["code"]: entry for entry in client.get("/api/v1/offices").get_json()}
    finally:
        network.offices["alpha"] = before
    assert (office["shelter"], office["shelter_en"]) == ("Підвал, вхід з двору", "The basement, from the yard")
    assert (board["shelter"], board["shelter_en"]) == ("Підвал, вхід з двору", "The basement, from the yard")
    assert listed["alpha"]["shelter"] == "Підвал, вхід з двору" and listed["beta"]["shelter"] is None


def test_the_spoken_alert_is_a_real_wav_with_english_where_the_board_says(client) -> None:
    start = client.get("/api/v1/offices/alpha/boards/default/alert.wav?state=start")
    assert start.status_code == 200 and start.mimetype == "audio/wav"
    both = client.get("/api/v1/offices/alpha/boards/alpha-windows/alert.wav?state=start")
    end = client.get("/api/v1/offices/alpha/boards/alpha-windows/alert.wav?state=end")
    assert both.status_code == 200 and end.status_code == 200
    assert 2.0 < seconds(start.data) < 10.0  # chime and «Увага! Повітряна тривога. Пройдіть до укриття.»
    assert seconds(both.data) > seconds(start.data) + 1.5  # and "Attention! Air raid alert. …"
    assert end.data != both.data


@pytest.mark.parametrize("query", ["", "state=begin", "state=START", "state=%3Cscript%3E"])
def test_a_bad_alert_request_is_a_clear_400(client, query) -> None:
    answer = client.get(f"/api/v1/offices/alpha/boards/default/alert.wav?{query}")
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"]


@pytest.mark.parametrize("caller", CALLERS)
def test_a_paired_boards_alert_needs_a_token_of_its_office(client, tokens, caller) -> None:
    answer = client.get("/api/v1/offices/alpha/boards/alpha-tv/alert.wav?state=end", headers=bearer(tokens[caller]) if caller != "anonymous" else {})
    expected = {"anonymous": 401, "operator": 200, "supervisor": 200, "display": 200}.get(caller, 403)
    assert answer.status_code == expected
    assert client.get("/api/v1/offices/zeta/boards/default/alert.wav?state=end").status_code == 404
