"""The complaints' REST operations: bad input is a clear 4xx that changes nothing; who may do what."""

from __future__ import annotations

import pytest


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def ticket(client, tokens) -> dict:
    return client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])).get_json()


def register(client, tokens) -> list[dict]:
    answer = client.get("/api/v1/offices/alpha/complaints", headers=bearer(tokens["supervisor"]))
    assert answer.status_code == 200
    return answer.get_json()


def test_the_visitor_files_from_the_ticket_page_without_a_token(client, tokens, ticket) -> None:
    filed = client.post(f"/api/v1/tickets/{ticket['token']}/complaint", json={"text": "Довго чекала"})
    assert filed.status_code == 201, filed.get_json()
    assert set(filed.get_json()) == {"id", "status", "received_at", "due"}  # nothing of the staff's
    [row] = register(client, tokens)
    assert (row["channel"], row["ticket_id"], row["status"], row["overdue"]) == ("ticket_page", ticket["id"], "received", False)
    again = client.post(f"/api/v1/tickets/{ticket['token']}/complaint", json={"text": "Ще"})
    assert again.status_code == 409 and "already has an open complaint" in again.get_json()["error"]["message"]
    assert len(register(client, tokens)) == 1


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "я" * 2001}, {"text": 5}, {"text": "x", "extra": 1}, {"text": "   "}])
def test_bad_bodies_are_400_and_change_nothing(client, tokens, ticket, body) -> None:
    answer = client.post(f"/api/v1/tickets/{ticket['token']}/complaint", json=body)
    assert answer.status_code == 400, answer.get_json()
    assert register(client, tokens) == []


def test_unknown_ticket_office_and_complaint_are_404(client, tokens) -> None:
    assert client.post("/api/v1/tickets/no-such/complaint", json={"text": "x"}).status_code == 404
    headers = bearer(tokens["manager"])
    assert client.post("/api/v1/offices/gamma/complaints", json={"channel": "hotline", "text": "x"}, headers=headers).status_code == 404
    assert client.post("/api/v1/offices/alpha/complaints/77/withdraw", headers=headers).status_code == 404
    entered = client.post("/api/v1/offices/beta/complaints", json={"channel": "hotline", "text": "x"}, headers=headers).get_json()
    assert client.post(f"/api/v1/offices/alpha/complaints/{entered['id']}/withdraw", headers=headers).status_code == 404  # beta's


@pytest.mark.parametrize(
    ("body", "field"),
    [({"channel": "ticket_page", "text": "x"}, "channel"), ({"channel": "hotline", "text": "x", "desk": "beta-1"}, "desk"), ({"channel": "hotline"}, "text")],
)
def test_staff_entry_bad_input(client, tokens, body, field) -> None:
    answer = client.post("/api/v1/offices/alpha/complaints", json=body, headers=bearer(tokens["supervisor"]))
    assert answer.status_code == 400, answer.get_json()
    assert field in answer.get_data(as_text=True)
    assert register(client, tokens) == []


def test_the_life_cycle_over_http_and_409_after_the_answer(client, tokens) -> None:
    headers = bearer(tokens["supervisor"])
    entered = client.post("/api/v1/offices/alpha/complaints", json={"channel": "written", "text": "Лист"}, headers=headers).get_json()
    base = f"/api/v1/offices/alpha/complaints/{entered['id']}"
    assert client.post(base + "/assign", json={"assignee": "petro"}, headers=headers).status_code == 400  # beta's operator
    assigned = client.post(base + "/assign", json={"assignee": "olena"}, headers=headers).get_json()
    assert (assigned["status"], assigned["assignee"]) == ("in_progress", "olena")
    answered = client.post(base + "/answer", json={"text": "Відповідь"}, headers=headers).get_json()
    assert answered["status"] == "answered" and answered["answer"] == "Відповідь"
    refused = client.post(base + "/withdraw", headers=headers)
    assert refused.status_code == 409 and "answered" in refused.get_json()["error"]["message"]
    assert client.post(base + "/answer", json={"text": "Інша"}, headers=headers).status_code == 409
    [row] = register(client, tokens)
    assert (row["status"], row["answer"]) == ("answered", "Відповідь")
    assert client.get("/api/v1/offices/alpha/complaints?overdue=maybe", headers=headers).status_code == 400
    assert client.get("/api/v1/offices/alpha/complaints?status=lost", headers=headers).status_code == 400


@pytest.mark.parametrize(
    ("who", "path", "allowed"),
    [
        ("operator", "/api/v1/offices/alpha/complaints", False),
        ("supervisor_beta", "/api/v1/offices/alpha/complaints", False),
        ("kiosk", "/api/v1/offices/alpha/complaints", False),
        ("supervisor", "/api/v1/offices/alpha/complaints", True),
        ("manager", "/api/v1/offices/alpha/complaints", True),
        ("supervisor", "/api/v1/complaints/overdue", False),
        ("manager", "/api/v1/complaints/overdue", True),
        ("admin", "/api/v1/complaints/overdue", True),
    ],
)
def test_who_reads_the_register(client, tokens, who, path, allowed) -> None:
    answer = client.get(path, headers=bearer(tokens[who]))
    assert answer.status_code == (200 if allowed else 403), answer.get_json()
    assert client.get(path).status_code == 401
