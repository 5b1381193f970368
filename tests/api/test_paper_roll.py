"""Paper-roll operations over REST: who may, and what a bad request gets (a clear 4xx that changes nothing)."""

from __future__ import annotations

import pytest

from web import bearer

PAPER = "/api/v1/desks/alpha-1/paper-ticket"
MODE = "/api/v1/offices/alpha/paper-mode"


@pytest.fixture
def desk_open(client, tokens) -> None:
    assert client.post("/api/v1/desks/alpha-1/open", headers=bearer(tokens["operator"])).status_code == 200


def seq(client) -> int:
    return int(client.get("/api/v1/offices/alpha/queue").get_json()["seq"])


def test_a_desk_calls_a_paper_number(client, tokens, desk_open) -> None:
    answer = client.post(PAPER, json={"number": "p7", "service": "passport"}, headers=bearer(tokens["operator"]))
    assert answer.status_code == 200, answer.get_json()
    ticket = answer.get_json()
    assert (ticket["number"], ticket["status"], ticket["desk"], ticket["service"]) == ("Р007", "called", "alpha-1", "passport")
    calls = client.get("/api/v1/offices/alpha/queue").get_json()["calls"]
    assert [call["number"] for call in calls] == ["Р007"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"service": "passport"}, 400, None),
        ({"number": "", "service": "passport"}, 400, None),
        ({"number": "Р7", "service": 5}, 400, None),
        ({"number": "Р501", "service": "passport"}, 400, "invalid_request"),
        ({"number": "Ж7", "service": "passport"}, 400, "invalid_request"),
        ({"number": "Р7", "service": "social"}, 400, "invalid_request"),
        ({"number": "Р7", "service": "nothing"}, 400, "invalid_request"),
        ({"number": "x" * 21, "service": "passport"}, 400, None),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, tokens, desk_open, body, status, code) -> None:
    before = seq(client)
    answer = client.post(PAPER, json=body, headers=bearer(tokens["operator"]))
    assert answer.status_code == status, answer.get_json()
    if code:
        assert answer.get_json()["error"]["code"] == code
    assert seq(client) == before


def test_a_number_used_today_is_a_conflict(client, tokens, desk_open) -> None:
    headers = bearer(tokens["operator"])
    first = client.post(PAPER, json={"number": "Р012", "service": "passport"}, headers=headers).get_json()
    client.post("/api/v1/desks/alpha-1/finish", json={"ticket": first["id"]}, headers=headers)
    again = client.post(PAPER, json={"number": "012", "service": "residence"}, headers=headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "paper_number_used"


@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("kiosk", 403), ("operator_beta", 403), ("display", 403)])
def test_only_an_operator_of_the_office_calls_a_paper_number(client, tokens, desk_open, caller, status) -> None:
    headers = bearer(tokens[caller]) if caller != "anonymous" else {}
    assert client.post(PAPER, json={"number": "Р1", "service": "passport"}, headers=headers).status_code == status


@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("kiosk", 403), ("operator", 403), ("supervisor_beta", 403), ("supervisor", 200), ("manager", 200), ("admin", 200)])
def test_the_office_overseers_switch_paper_mode(client, tokens, caller, status) -> None:
    headers = bearer(tokens[caller]) if caller != "anonymous" else {}
    assert client.post(MODE, json={"active": True}, headers=headers).status_code == status


def test_paper_mode_refuses_the_kiosk_with_its_code_and_lets_staff_issue(client, tokens) -> None:
    assert client.get(MODE).get_json() == {"office": "alpha", "active": False, "since": None, "series": "Р001–Р500"}
    on = client.post(MODE, json={"active": True}, headers=bearer(tokens["supervisor"]))
    assert on.get_json()["active"] is True and on.get_json()["since"]
    assert client.get(MODE).get_json()["active"] is True
    refused = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"]))
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "paper_mode"
    staff = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport", "print": False}, headers=bearer(tokens["operator"]))
    assert staff.status_code == 201
    twice = client.post(MODE, json={"active": True}, headers=bearer(tokens["supervisor"]))
    assert twice.status_code == 409
    assert client.post(MODE, json={"active": "yes"}, headers=bearer(tokens["supervisor"])).status_code == 400
    assert client.post(MODE, json={"active": False}, headers=bearer(tokens["manager"])).get_json()["active"] is False
    assert client.get("/api/v1/offices/nowhere/paper-mode").status_code == 404
