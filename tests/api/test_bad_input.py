"""Every client mistake gets a 4xx JSON error that says what is wrong, and changes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from protocol.limits import CODE_LENGTH
from queue_server.store.schema import desk_states, events, ratings, tickets
from web import bearer

ISSUE = "/api/v1/offices/alpha/tickets"


# Every request here is refused and each test checks that nothing changed: one app for the whole module.
@pytest.fixture
def app(shared_app):
    return shared_app


@pytest.fixture
def tokens(shared_tokens):
    return shared_tokens


def counts(app_ctx) -> tuple[int, ...]:
    with app_ctx.engine.connect() as conn:
        return tuple(
            conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            for table in (tickets, events, ratings, desk_states)
        )


def assert_error(response, status: int, *words: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] and error["message"]
    for word in words:
        assert word in error["message"], error["message"]


@pytest.mark.parametrize(
    ("data", "content_type", "status", "words"),
    [
        ("{not json", "application/json", 400, ("not valid JSON",)),
        ('{"service": "passport"}', "text/plain", 400, ("Content-Type",)),
        ('["passport"]', "application/json", 400, ("JSON object",)),
        ('{"service": 5}', "application/json", 400, ("service", "a text")),
        ('{"service": null}', "application/json", 400, ("service",)),
        ("{}", "application/json", 400, ("missing", "service")),
        ('{"service": "passport", "colour": "red"}', "application/json", 400, ("unknown", "colour")),
        ('{"service": "' + "x" * (CODE_LENGTH + 1) + '"}', "application/json", 400, (f"at most {CODE_LENGTH}",)),
        ('{"service": "passport", "lang": "de"}', "application/json", 400, ("lang",)),
        ('{"service": "passport", "priority": 1}', "application/json", 400, ("priority",)),
        ('{"service": "passport", "priority": "royalty"}', "application/json", 400, ("royalty",)),
        ('{"service": "nothing"}', "application/json", 404, ("nothing",)),
        ('{"service": "' + "x" * 70000 + '"}', "application/json", 413, ()),
    ],
)
def test_bad_ticket_requests(client, app_ctx, tokens, data, content_type, status, words) -> None:
    before = counts(app_ctx)
    response = client.post(ISSUE, data=data, content_type=content_type, headers=bearer(tokens["kiosk"]))
    assert_error(response, status, *words)
    assert counts(app_ctx) == before


def test_unknown_office_and_bad_idempotency_key(client, app_ctx, tokens) -> None:
    before = counts(app_ctx)
    assert_error(client.post("/api/v1/offices/nowhere/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])), 404, "nowhere")
    headers = {**bearer(tokens["kiosk"]), "Idempotency-Key": "k" * 101}
    assert_error(client.post(ISSUE, json={"service": "passport"}, headers=headers), 400, "Idempotency-Key")
    assert counts(app_ctx) == before


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        ("/api/v1/desks/alpha-1/call-next", None, 409, ("closed",)),
        ("/api/v1/desks/alpha-1/finish", None, 409, ("no visitor",)),
        ("/api/v1/desks/alpha-9/open", None, 404, ("alpha-9",)),
        ("/api/v1/desks/alpha-1/pause", {"reason": "nap"}, 400, ("reason",)),
        ("/api/v1/desks/alpha-1/pause", {}, 400, ("missing",)),
        ("/api/v1/desks/alpha-1/finish", {"ticket": "one"}, 400, ("ticket",)),
        ("/api/v1/desks/alpha-1/finish", {"ticket": 0}, 400, ("at least 1",)),
        ("/api/v1/desks/alpha-1/transfer", {"note": "x" * 501}, 400, ("at most 500",)),
        ("/api/v1/desks/alpha-1/return", {}, 400, ("missing",)),
        ("/api/v1/desks/alpha-1/open", {"unexpected": True}, 400, ("unknown",)),
    ],
)
def test_bad_desk_requests(client, app_ctx, tokens, path, body, status, words) -> None:
    before = counts(app_ctx)
    response = client.post(path, json=body, headers=bearer(tokens["operator"])) if body is not None else client.post(path, headers=bearer(tokens["operator"]))
    assert_error(response, status, *words)
    assert counts(app_ctx) == before


def test_bad_ratings(client, app_ctx, tokens) -> None:
    issued = client.post(ISSUE, json={"service": "passport"}, headers=bearer(tokens["kiosk"])).get_json()
    url = f"/api/v1/tickets/{issued['token']}/rating"
    before = counts(app_ctx)
    assert_error(client.post(url, json={"score": 5}), 409, "after the service")
    assert_error(client.post(url, json={"score": 9}), 400, "at most 5")
    assert_error(client.post(url, json={"score": "5"}), 400, "whole number")
    assert_error(client.post(url, json={"score": True}), 400, "whole number")
    assert_error(client.post(url, json={"score": 3, "comment": "x" * 1001}), 400, "comment")
    assert_error(client.post("/api/v1/tickets/nope/rating", json={"score": 3}), 404)
    assert counts(app_ctx) == before


def test_unknown_routes_and_methods_answer_json(client) -> None:
    assert_error(client.get("/api/v1/nothing-here"), 404)
    assert_error(client.get("/api/v1/offices/alpha/tickets"), 405)
    assert_error(client.get("/api/v1/tickets/not-a-token"), 404)


def test_bad_tokens(client, app_ctx) -> None:
    before = counts(app_ctx)
    for header in ("Bearer nonsense", "Basic abc", "Bearer ", "Bearer " + "x" * 5000):
        response = client.post(ISSUE, json={"service": "passport"}, headers={"Authorization": header})
        assert_error(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert counts(app_ctx) == before
