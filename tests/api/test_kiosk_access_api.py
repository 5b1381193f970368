"""The kiosk's accessible mode on the server: its spoken sentences, and a visitor's call for help.

The voice is the boards' (espeak-ng where it is installed, as in tests/api/test_boards.py);
the call for help goes from a kiosk to the office's staff and is answered once.
"""

from __future__ import annotations

import pytest

from display_board.voice import espeak_available, phrase_text
from web import bearer

SPEECH = "/api/v1/offices/alpha/kiosk-speech.wav"
HELP = "/api/v1/offices/alpha/help-requests"


def seq(client) -> int:
    return int(client.get("/api/v1/offices/alpha/queue").get_json()["seq"])


def test_a_ticket_number_is_said_in_words_and_nothing_reads_as_an_option() -> None:
    assert phrase_text("Ваш номер П015. Чекайте", "uk") == "Ваш номер пе п'ятнадцять. Чекайте"
    assert phrase_text("Your number ВА7", "en") == "Your number VA7"
    assert phrase_text("--help\x07 me", "uk") == "help me"
    assert phrase_text("Підʼєднання", "uk") == "Під'єднання"
    with pytest.raises(ValueError):
        phrase_text(" -- ", "uk")
    with pytest.raises(ValueError):
        phrase_text("a" * 401, "uk")


@pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")
def test_a_kiosk_hears_its_sentence_and_a_stranger_does_not(client, tokens) -> None:
    answer = client.get(SPEECH, query_string={"text": "Оберіть послугу"}, headers=bearer(tokens["kiosk"]))
    assert answer.status_code == 200 and answer.mimetype == "audio/wav" and answer.data[:4] == b"RIFF"
    again = client.get(SPEECH, query_string={"text": "Оберіть послугу"}, headers=bearer(tokens["kiosk"]))
    assert again.data == answer.data  # from the boards' cache
    english = client.get(SPEECH, query_string={"text": "Your number П015", "lang": "en"}, headers=bearer(tokens["kiosk"]))
    assert english.status_code == 200 and english.data != answer.data
    assert client.get(SPEECH, query_string={"text": "Оберіть послугу"}).status_code == 401
    assert client.get(SPEECH, query_string={"text": "-"}, headers=bearer(tokens["kiosk"])).status_code == 400
    assert client.get(SPEECH, query_string={"text": "x" * 401}, headers=bearer(tokens["kiosk"])).status_code == 400
    assert client.get(SPEECH, query_string={"text": "x", "lang": "de"}, headers=bearer(tokens["kiosk"])).status_code == 400


def test_a_kiosk_calls_for_help_once_and_staff_answer_it_once(client, tokens) -> None:
    before = seq(client)
    asked = client.post(HELP, json={}, headers=bearer(tokens["kiosk"]))
    assert asked.status_code == 200, asked.get_json()
    call = asked.get_json()
    assert call["office"] == "alpha" and call["kiosk"] and call["handled_at"] is None
    assert client.post(HELP, json={}, headers=bearer(tokens["kiosk"])).get_json()["id"] == call["id"]  # a second tap: the same call
    assert seq(client) == before + 1  # one event: office.help_requested
    listed = client.get(HELP, headers=bearer(tokens["operator"]))
    assert listed.status_code == 200, listed.get_json()
    assert [each["id"] for each in listed.get_json()] == [call["id"]]
    assert client.get(HELP, headers=bearer(tokens["kiosk"])).status_code == 403  # the kiosk does not read the staff's list
    assert client.get(HELP).status_code == 401

    answered = client.post(f"{HELP}/{call['id']}/handled", json={}, headers=bearer(tokens["operator"]))
    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["handled_by"] and answered.get_json()["handled_at"]
    assert client.get(HELP, headers=bearer(tokens["supervisor"])).get_json() == []
    assert client.post(f"{HELP}/{call['id']}/handled", json={}, headers=bearer(tokens["supervisor"])).status_code == 409
    assert client.post(f"{HELP}/99999/handled", json={}, headers=bearer(tokens["supervisor"])).status_code == 404
    assert client.post(f"{HELP}/{call['id']}/handled", json={}, headers=bearer(tokens["kiosk"])).status_code == 403
    assert seq(client) == before + 2  # and one office.help_handled; the refusals changed nothing
    again = client.post(HELP, json={}, headers=bearer(tokens["kiosk"])).get_json()
    assert again["id"] != call["id"]  # answered: a new tap is a new call
