"""The audit log: each staff action writes exactly its entry; supervisors read it; nobody changes it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

import queue_server.api.desks  # noqa: F401  (declares the desk operations)
from queue_server.api.registry import OPERATIONS
from queue_server.store.schema import audit_log
from web import bearer


def issue(client, tokens, service="passport") -> dict[str, Any]:
    return client.post("/api/v1/offices/alpha/tickets", json={"service": service}, headers=bearer(tokens["kiosk"])).get_json()


def desk(client, tokens, action: str, body: dict[str, Any] | None = None):
    answer = client.post(f"/api/v1/desks/alpha-1/{action}", json=body or {}, headers=bearer(tokens["operator"]))
    assert answer.status_code == 200, answer.get_json()
    return answer


def last_id(app_ctx) -> int:
    with app_ctx.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.coalesce(sa.func.max(audit_log.c.id), 0))).scalar()


def entries_after(app_ctx, after: int) -> list[dict[str, Any]]:
    with app_ctx.engine.connect() as conn:
        rows = conn.execute(sa.select(audit_log).where(audit_log.c.id > after).order_by(audit_log.c.id))
        return [dict(row._mapping) for row in rows]


# (action in the URL, what comes before it, its body, the audited action, details; with a ticket?)
DESK_ACTIONS = [
    ("open", [], {}, "open", None, False),
    ("pause", ["open"], {"reason": "lunch"}, "pause", {"reason": "lunch"}, False),
    ("resume", ["open", "pause"], {}, "resume", None, False),
    ("close", ["open"], {}, "close", None, False),
    ("call-next", ["open"], {}, "call_next", None, True),
    ("recall", ["open", "call-next"], {}, "recall", None, True),
    ("start", ["open", "call-next"], {}, "start", None, True),
    ("finish", ["open", "call-next", "start"], {}, "finish", None, True),
    ("no-show", ["open", "call-next"], {}, "no_show", None, True),
    ("transfer", ["open", "call-next"], {"service": "residence", "note": "needs a residence stamp"}, "transfer",
     {"to_service": "residence", "to_desk": None, "note": "needs a residence stamp"}, True),
    ("hold", ["open", "call-next"], {}, "hold", None, True),
    ("return", ["open", "call-next", "hold"], "ticket", "return", None, True),
]


def test_every_desk_operation_of_the_desk_api_is_audited_here() -> None:
    declared = {op.rule.rsplit("/", 1)[-1] for op in OPERATIONS if op.rule.startswith("/api/v1/desks/<desk_id>/") and op.auth == "operator"}
    assert {action for action, *_ in DESK_ACTIONS} <= declared
    assert len(DESK_ACTIONS) == 12  # the contract's eleven and return (call-ticket is the supervisor's commands')


@pytest.mark.parametrize(("action", "before", "body", "audited", "details", "with_ticket"), DESK_ACTIONS, ids=[a[0] for a in DESK_ACTIONS])
def test_a_desk_action_writes_exactly_its_entry(app_ctx, client, tokens, clock, action, before, body, audited, details, with_ticket) -> None:
    ticket = issue(client, tokens)
    for step in before:
        desk(client, tokens, step, {"reason": "break"} if step == "pause" else None)
    mark = last_id(app_ctx)
    clock.advance(3)
    desk(client, tokens, action, {"ticket": ticket["id"]} if body == "ticket" else body)
    [entry] = entries_after(app_ctx, mark)
    assert entry == {
        "id": mark + 1,
        "at": clock.now,
        "actor": "user:olena",
        "role": "operator",
        "action": audited,
        "office": "alpha",
        "desk": "alpha-1",
        "ticket": ticket["id"] if with_ticket else None,
        "ticket_number": ticket["number"] if with_ticket else None,
        "details": details,
        "address": "127.0.0.1",
    }


def test_a_recall_past_the_limit_says_it_made_a_no_show(app_ctx, client, tokens) -> None:
    issue(client, tokens)
    desk(client, tokens, "open")
    desk(client, tokens, "call-next")
    mark = last_id(app_ctx)
    while desk(client, tokens, "recall").get_json()["status"] != "no_show":
        pass
    entries = entries_after(app_ctx, mark)
    assert [entry["action"] for entry in entries] == ["recall"] * len(entries)
    assert entries[-1]["details"] == {"no_show": True}


def test_a_call_with_nobody_waiting_changes_nothing_and_writes_nothing(app_ctx, client, tokens) -> None:
    desk(client, tokens, "open")
    mark = last_id(app_ctx)
    assert client.post("/api/v1/desks/alpha-1/call-next", json={}, headers=bearer(tokens["operator"])).status_code == 204
    assert entries_after(app_ctx, mark) == []


def test_a_refused_action_writes_nothing(app_ctx, client, tokens) -> None:
    mark = last_id(app_ctx)
    assert client.post("/api/v1/desks/alpha-1/finish", json={}, headers=bearer(tokens["operator"])).status_code == 409
    assert client.post("/api/v1/desks/alpha-1/open", json={}, headers=bearer(tokens["operator_beta"])).status_code == 403
    assert entries_after(app_ctx, mark) == []


def test_tickets_issued_by_staff_are_audited_and_a_kiosks_are_not(app_ctx, client, tokens) -> None:
    mark = last_id(app_ctx)
    issue(client, tokens)
    assert entries_after(app_ctx, mark) == []
    answer = client.post(
        "/api/v1/offices/alpha/tickets", json={"service": "social", "priority": "veteran", "print": False}, headers=bearer(tokens["supervisor"])
    ).get_json()
    [entry] = entries_after(app_ctx, mark)
    assert (entry["actor"], entry["action"], entry["office"], entry["desk"], entry["ticket"], entry["ticket_number"]) == (
        "user:iryna", "issue", "alpha", None, answer["id"], answer["number"]
    )
    assert entry["details"] == {"service": "social", "priority": "veteran"} and entry["address"] == "127.0.0.1"


def test_logins_and_logouts_are_audited_for_the_users_offices(app_ctx, client, tokens) -> None:
    mark = last_id(app_ctx)
    token = client.post("/api/v1/auth/login", json={"username": "olena", "password": "password-1"}).get_json()["token"]
    client.post("/api/v1/auth/logout", headers=bearer(token))
    client.post("/api/v1/auth/login", json={"username": "head", "password": "password-1"})
    entries = entries_after(app_ctx, mark)
    assert [(e["actor"], e["action"], e["office"], e["address"]) for e in entries] == [
        ("user:olena", "login", "alpha", "127.0.0.1"),
        ("user:olena", "logout", "alpha", "127.0.0.1"),
        ("user:head", "login", None, "127.0.0.1"),  # a manager's: the network's log
    ]


# reading


def read(client, token, query="", office="alpha"):
    path = f"/api/v1/offices/{office}/audit" if office else "/api/v1/audit"
    return client.get(path + query, headers=bearer(token) if token else {})


@pytest.fixture
def day(client, tokens, clock) -> list[dict[str, Any]]:
    return work_a_day(client, tokens, clock)


@pytest.fixture(scope="module")
def shared_day(shared_app, shared_tokens) -> list[dict[str, Any]]:
    """The same day in the module's one app, for the tests that only read it or are refused."""
    return work_a_day(shared_app.test_client(), shared_tokens, shared_app.extensions["cherga"].clock)


@pytest.fixture
def reader(shared_app):
    return shared_app.test_client()


def work_a_day(client, tokens, clock) -> list[dict[str, Any]]:
    """Some work at alpha-1, a minute apart; the entries as the API gives them, newest first."""
    for _ in range(3):
        issue(client, tokens)
    for action in ("open", "call-next", "start", "finish", "call-next"):
        clock.advance(1)
        desk(client, tokens, action)
    return read(client, tokens["supervisor"]).get_json()


def test_an_entry_as_the_api_gives_it(shared_day) -> None:
    newest = shared_day[0]
    assert set(newest) == {"id", "at", "actor", "role", "action", "office", "desk", "ticket", "ticket_number", "details", "address"}
    assert (newest["action"], newest["at"], newest["desk"], newest["ticket_number"]) == ("call_next", "2026-11-24T08:05:00Z", "alpha-1", "П002")
    assert [entry["id"] for entry in shared_day] == sorted((entry["id"] for entry in shared_day), reverse=True)


@pytest.mark.parametrize("caller", ["supervisor", "manager", "admin"])
def test_readers(reader, shared_tokens, shared_day, caller) -> None:
    assert read(reader, shared_tokens[caller]).get_json() == shared_day


@pytest.mark.parametrize("caller", ["operator", "supervisor_beta", "kiosk", "display"])
def test_not_readers(reader, shared_tokens, shared_day, caller) -> None:
    assert read(reader, shared_tokens[caller]).status_code == 403


def test_the_network_log_is_for_managers_and_admins(client, tokens, day) -> None:
    client.post("/api/v1/auth/login", json={"username": "nobody", "password": "password-1"})
    network = read(client, tokens["manager"], "?action=login_failed", office=None).get_json()
    assert [(entry["actor"][:6], entry["office"]) for entry in network] == [("user:?", None)]  # a name of nobody is masked
    assert "nobody" not in repr(network)
    assert read(client, tokens["supervisor"], office=None).status_code == 403
    assert read(client, None, office=None).status_code == 401


def test_filters(reader, shared_tokens, shared_day) -> None:
    calls = read(reader, shared_tokens["supervisor"], "?action=call_next").get_json()
    assert [entry["ticket_number"] for entry in calls] == ["П002", "П001"]
    assert read(reader, shared_tokens["supervisor"], "?actor=user:olena").get_json() == [e for e in shared_day if e["actor"] == "user:olena"]
    assert read(reader, shared_tokens["supervisor"], "?actor=user:nobody").get_json() == []
    window = read(reader, shared_tokens["supervisor"], "?since=2026-11-24T08:02:00Z&until=2026-11-24T10:04:00%2B02:00").get_json()
    assert [entry["action"] for entry in window] == ["start", "call_next"]  # since is inclusive, until is not
    naive = read(reader, shared_tokens["supervisor"], "?since=2026-11-24T08:05:00").get_json()
    assert [entry["action"] for entry in naive] == ["call_next"]


def test_paging_back_with_before_and_limit(reader, shared_tokens, shared_day) -> None:
    first = read(reader, shared_tokens["supervisor"], "?limit=2").get_json()
    second = read(reader, shared_tokens["supervisor"], f"?limit=2&before={first[-1]['id']}").get_json()
    assert first + second == shared_day[:4]


@pytest.mark.parametrize(
    "query",
    ["?limit=0", "?limit=501", "?limit=ten", "?limit=-1", "?before=0", "?before=x", "?since=yesterday", "?until=2026-13-01",
     "?since=2026-11-24T10:00:00Z&until=2026-11-24T09:00:00Z", "?actor=" + "x" * 81, "?action=", "?office=beta", "?limit=1e3"],
)
def test_bad_filters_are_a_400_that_says_why(reader, shared_tokens, shared_day, query) -> None:
    answer = read(reader, shared_tokens["supervisor"], query)
    assert answer.status_code == 400, query
    assert answer.get_json()["error"]["message"]


def test_limit_up_to_500(reader, shared_tokens, shared_day) -> None:
    assert read(reader, shared_tokens["supervisor"], "?limit=500").status_code == 200


def test_unknown_office(reader, shared_tokens) -> None:
    assert read(reader, shared_tokens["admin"], office="nowhere").status_code == 404
    assert read(reader, None, office="nowhere").status_code == 401


# nobody changes it


def test_the_database_refuses_to_change_or_delete_an_entry(app_ctx, client, tokens, day) -> None:
    for statement in (audit_log.update().values(actor="user:someone-else"), audit_log.delete()):
        with pytest.raises(sa.exc.DatabaseError, match="cannot be changed"):
            with app_ctx.engine.begin() as conn:
                conn.execute(statement)
    assert read(client, tokens["supervisor"]).get_json() == day


def test_no_operation_changes_the_audit_log(app, client, tokens, day) -> None:
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert audit_rules and all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)
    assert all(op.method == "GET" for op in OPERATIONS if "audit" in op.rule)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/v1/offices/alpha/audit", headers=bearer(tokens["admin"])).status_code == 405
    assert read(client, tokens["supervisor"]).get_json() == day
