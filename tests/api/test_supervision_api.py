"""The supervisor's operations over HTTP: who may call them, what they answer, and bad input."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from protocol.limits import CODE_LENGTH
from queue_server.store.schema import audit_log, desk_services, desk_states, events, tickets
from web import bearer, login_token

ISSUE = "/api/v1/offices/alpha/tickets"
CALLERS = ("anonymous", "operator", "operator_beta", "supervisor", "supervisor_beta", "manager", "admin", "kiosk", "kiosk_beta", "display", "agent")
DESK_WORKERS = {"operator", "supervisor"}
SUPERVISORS = {"supervisor", "admin"}
STAFF = {"operator", "supervisor", "manager", "admin"}
OVERSEERS = {"supervisor", "manager", "admin"}


@pytest.fixture
def callers(app_ctx, tokens) -> dict[str, str]:
    return {**tokens, "supervisor_beta": login_token(app_ctx, "sofia", "supervisor", ["beta"])}


# The module's one app, for the requests that are refused or only read: each
# such test checks that nothing changed, so they can share one waiting ticket.


@pytest.fixture(scope="module")
def shared_callers(shared_app, shared_tokens) -> dict[str, str]:
    found = {**shared_tokens, "supervisor_beta": login_token(shared_app.extensions["cherga"], "sofia", "supervisor", ["beta"])}
    issue(shared_app.test_client(), found)  # ticket 1, waiting for a passport
    return found


@pytest.fixture
def reader(shared_app):
    return shared_app.test_client()


@pytest.fixture
def shared_ctx(shared_app):
    return shared_app.extensions["cherga"]


def headers_of(callers, caller: str) -> dict[str, str]:
    return bearer(callers[caller]) if caller != "anonymous" else {}


def issue(client, callers, service: str = "passport") -> dict:
    response = client.post(ISSUE, json={"service": service}, headers=bearer(callers["kiosk"]))
    assert response.status_code == 201
    return response.get_json()


def counts(app_ctx) -> tuple[int, ...]:
    with app_ctx.engine.connect() as conn:
        return tuple(
            conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            for table in (tickets, events, desk_states, audit_log, desk_services)
        )


def assert_error(response, status: int, *words: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] and error["message"]
    for word in words:
        assert word in error["message"], error["message"]


def expected(caller: str, allowed: set[str]) -> int:
    if caller == "anonymous":
        return 401
    return 0 if caller in allowed else 403


OPERATIONS = [
    ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": 1, "reason": "r"}, DESK_WORKERS),
    ("POST", "/api/v1/offices/alpha/tickets/1/cancel", {"reason": "r"}, SUPERVISORS),
    ("POST", "/api/v1/offices/alpha/tickets/1/move", {"service": "social", "desk": None, "reason": "r"}, SUPERVISORS),
    ("POST", "/api/v1/desks/alpha-1/force-close", {"reason": "r"}, SUPERVISORS),
    ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"social": 1}}, SUPERVISORS),
    ("DELETE", "/api/v1/desks/alpha-1/services", None, SUPERVISORS),
    ("GET", "/api/v1/offices/alpha/desks/state", None, STAFF),
    ("GET", "/api/v1/desks/alpha-1/today", None, STAFF),
    ("GET", "/api/v1/offices/alpha/staff", None, OVERSEERS),
]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), OPERATIONS, ids=lambda v: v if isinstance(v, str) else "")
def test_who_may_do_what(client, app_ctx, callers, method, path, body, allowed) -> None:
    """Every caller in turn against one app: the refused first, each of them changing nothing."""
    issue(client, callers)
    for caller in sorted(CALLERS, key=lambda caller: not expected(caller, allowed)):
        want = expected(caller, allowed)
        before = counts(app_ctx)
        response = client.open(path, method=method, json=body, headers=headers_of(callers, caller))
        if want:
            assert response.status_code == want, (caller, response.get_data(as_text=True))
            assert_error(response, want)
            assert counts(app_ctx) == before, caller
        else:
            assert response.status_code not in (401, 403), (caller, response.get_data(as_text=True))


def test_unknown_office_or_desk_is_not_found_only_for_the_authenticated(reader, shared_callers) -> None:
    assert_error(reader.post("/api/v1/desks/alpha-9/force-close", json={"reason": "r"}), 401)
    assert_error(reader.post("/api/v1/desks/alpha-9/force-close", json={"reason": "r"}, headers=bearer(shared_callers["admin"])), 404, "alpha-9")
    assert_error(reader.get("/api/v1/offices/nowhere/desks/state", headers=bearer(shared_callers["admin"])), 404, "nowhere")
    assert_error(reader.get("/api/v1/offices/nowhere/staff", headers=bearer(shared_callers["manager"])), 404, "nowhere")
    assert_error(reader.get("/api/v1/desks/nowhere/today", headers=bearer(shared_callers["operator"])), 404, "nowhere")


def test_call_out_of_turn_over_http(client, callers) -> None:
    operator = bearer(callers["operator"])
    issue(client, callers)
    social = issue(client, callers, "social")
    assert client.post("/api/v1/desks/alpha-1/open", headers=operator).status_code == 200
    response = client.post("/api/v1/desks/alpha-1/call-ticket", json={"ticket": social["id"], "reason": "за рішенням керівника"}, headers=operator)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["number"] == social["number"] and answer["status"] == "called" and answer["desk"] == "alpha-1"
    again = client.post("/api/v1/desks/alpha-1/call-ticket", json={"ticket": social["id"], "reason": "r"}, headers=operator)
    assert_error(again, 409, "still has a visitor")


def test_cancel_and_move_over_http(client, callers) -> None:
    first, second = issue(client, callers), issue(client, callers)
    supervisor = bearer(callers["supervisor"])
    moved = client.post(
        f"/api/v1/offices/alpha/tickets/{first['id']}/move", json={"service": "residence", "desk": "alpha-3", "reason": "r"}, headers=supervisor
    )
    assert moved.status_code == 200
    assert moved.get_json()["service"] == "residence" and moved.get_json()["target_desk"] == "alpha-3"
    cancelled = client.post(f"/api/v1/offices/alpha/tickets/{second['id']}/cancel", json={"reason": "пішов"}, headers=bearer(callers["admin"]))
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    queue = client.get("/api/v1/offices/alpha/queue", headers=supervisor).get_json()
    assert [t["id"] for t in queue["waiting"]] == [first["id"]]


def test_force_close_over_http(client, callers) -> None:
    ticket = issue(client, callers)
    operator = bearer(callers["operator"])
    client.post("/api/v1/desks/alpha-1/open", headers=operator)
    client.post("/api/v1/desks/alpha-1/call-next", headers=operator)
    response = client.post("/api/v1/desks/alpha-1/force-close", json={"reason": "оператор пішов"}, headers=bearer(callers["supervisor"]))
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["desk"]["status"] == "closed" and [t["id"] for t in answer["requeued"]] == [ticket["id"]]
    assert answer["requeued"][0]["status"] == "waiting"
    again = client.post("/api/v1/desks/alpha-1/force-close", json={"reason": "r"}, headers=bearer(callers["supervisor"]))
    assert_error(again, 409, "closed")


def test_services_of_the_day_over_http(client, callers) -> None:
    supervisor = bearer(callers["supervisor"])
    response = client.put("/api/v1/desks/alpha-2/services", json={"weights": {"social": 2, "passport": 1.5}}, headers=supervisor)
    assert response.status_code == 200
    view = response.get_json()
    assert view["services"] == ["passport", "social"] and view["weights"] == {"passport": 1.5, "social": 2.0}
    assert view["services_changed"] is True
    state = client.get("/api/v1/offices/alpha/desks/state", headers=bearer(callers["operator"])).get_json()
    two = next(desk for desk in state if desk["id"] == "alpha-2")
    assert two["services"] == ["passport", "social"] and two["services_changed"] is True
    assert set(two) >= {"id", "number", "name", "name_en", "kind", "status", "operator", "since", "ticket", "ticket_id", "reason", "services", "weights", "services_changed"}
    public = client.get("/api/v1/offices/alpha/queue").get_json()
    public_two = next(desk for desk in public["desks"] if desk["id"] == "alpha-2")
    assert public_two["services"] == ["passport", "social"] and "weights" not in public_two
    restored = client.delete("/api/v1/desks/alpha-2/services", headers=supervisor)
    assert restored.status_code == 200 and restored.get_json()["services"] == ["passport"]


def test_desk_today_and_staff_over_http(client, callers) -> None:
    issue(client, callers)
    operator = bearer(callers["operator"])
    client.post("/api/v1/desks/alpha-1/open", headers=operator)
    client.post("/api/v1/desks/alpha-1/call-next", headers=operator)
    client.post("/api/v1/desks/alpha-1/finish", headers=operator)
    today = client.get("/api/v1/desks/alpha-1/today", headers=operator).get_json()
    assert today["called"] == 1 and today["served"] == 1 and today["waiting_for_desk"] == 0
    staff = client.get("/api/v1/offices/alpha/staff", headers=bearer(callers["manager"])).get_json()
    by_name = {member["username"]: member for member in staff}
    assert set(by_name) == {"olena", "iryna"}  # people of beta and network roles are not listed
    assert by_name["olena"]["desk"] == "alpha-1" and by_name["iryna"]["desk"] is None


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "words"),
    [
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {}, 400, ("missing",)),
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": 1}, 400, ("missing", "reason")),
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": "1", "reason": "r"}, 400, ("ticket", "whole number")),
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": 0, "reason": "r"}, 400, ("at least 1",)),
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": 1, "reason": ""}, 400, ("reason",)),
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": 1, "reason": "x" * 201}, 400, ("at most 200",)),
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": 1, "reason": "r", "force": True}, 400, ("unknown",)),
        ("POST", "/api/v1/desks/alpha-1/call-ticket", {"ticket": 1, "reason": "r"}, 409, ("closed",)),
        ("POST", "/api/v1/offices/alpha/tickets/1/cancel", {}, 400, ("missing", "reason")),
        ("POST", "/api/v1/offices/alpha/tickets/1/cancel", {"reason": "   "}, 400, ("reason",)),
        ("POST", "/api/v1/offices/alpha/tickets/1/cancel", {"reason": 5}, 400, ("reason", "a text")),
        ("POST", "/api/v1/offices/alpha/tickets/999/cancel", {"reason": "r"}, 404, ("999",)),
        ("POST", "/api/v1/offices/beta/tickets/1/cancel", {"reason": "r"}, 403, ("beta",)),
        ("POST", "/api/v1/offices/alpha/tickets/abc/cancel", {"reason": "r"}, 404, ()),
        ("POST", "/api/v1/offices/alpha/tickets/1/move", {"service": "nothing", "reason": "r"}, 404, ("nothing",)),
        ("POST", "/api/v1/offices/alpha/tickets/1/move", {"desk": "beta-1", "reason": "r"}, 404, ("beta-1",)),
        ("POST", "/api/v1/offices/alpha/tickets/1/move", {"service": "passport", "reason": "r"}, 409, ("already waits",)),
        ("POST", "/api/v1/offices/alpha/tickets/1/move", {"service": 1, "reason": "r"}, 400, ("service",)),
        ("POST", "/api/v1/desks/alpha-1/force-close", {"reason": "r"}, 409, ("closed",)),
        ("POST", "/api/v1/desks/alpha-1/force-close", None, 400, ("missing", "reason")),
        ("PUT", "/api/v1/desks/alpha-1/services", {}, 400, ("missing", "weights")),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": None}, 400, ("weights",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": []}, 400, ("weights", "object")),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {}}, 400, ("at least one",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"social": "1"}}, 400, ("number",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"social": True}}, 400, ("number",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"social": 0}}, 400, ("above 0",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"social": 11}}, 400, ("at most 10",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"nothing": 1}}, 404, ("nothing",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"x" * (CODE_LENGTH + 1): 1}}, 400, (f"at most {CODE_LENGTH}",)),
        ("PUT", "/api/v1/desks/alpha-1/services", {"weights": {"social": 1}, "extra": 1}, 400, ("unknown",)),
    ],
)
def test_bad_supervision_requests_change_nothing(reader, shared_ctx, shared_callers, method, path, body, status, words) -> None:
    before = counts(shared_ctx)
    assert before[0] == 1  # the one waiting ticket of the module's app
    if body is None:
        response = reader.open(path, method=method, headers=bearer(shared_callers["supervisor"]))
    else:
        response = reader.open(path, method=method, json=body, headers=bearer(shared_callers["supervisor"]))
    assert_error(response, status, *words)
    assert counts(shared_ctx) == before


def test_malformed_json_is_refused(reader, shared_ctx, shared_callers) -> None:
    before = counts(shared_ctx)
    response = reader.put("/api/v1/desks/alpha-1/services", data="{weights", content_type="application/json", headers=bearer(shared_callers["supervisor"]))
    assert_error(response, 400, "not valid JSON")
    assert counts(shared_ctx) == before
