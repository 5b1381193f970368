"""The access matrix: every declared operation, and the Socket.IO streams, for every kind of caller.

Each operation declares its `auth` kind; the rules below say which callers
each kind lets in for a resource of office `alpha`. An operation with a kind
missing here fails the matrix, so a new endpoint cannot ship without a rule.
A caller without a token gets 401 where a token is needed, one without the
right or out of scope 403, and an allowed one anything but 401 or 403
(the body is empty or minimal, so a 400 or a 409 is an allowed answer).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest

import queue_server.api
from queue_server.api.registry import OPERATIONS, Operation
from web import bearer

for module in pkgutil.iter_modules(queue_server.api.__path__):  # every module declares its operations on import
    importlib.import_module(f"queue_server.api.{module.name}")

CALLERS = (
    "anonymous", "operator", "operator_beta", "supervisor", "supervisor_beta", "manager", "admin",
    "kiosk", "kiosk_beta", "display", "agent", "partner", "node",
)
DEVICES = frozenset({"kiosk", "kiosk_beta", "display", "agent", "partner", "node"})
STAFF_OF_ALPHA = frozenset({"operator", "supervisor", "manager", "admin"})
ALL_STAFF = STAFF_OF_ALPHA | {"operator_beta", "supervisor_beta"}
EVERYONE = frozenset(CALLERS)

BOOKERS = frozenset({"anonymous", "supervisor", "supervisor_beta", "manager", "admin", "partner"})

# who each kind lets in: (for a resource of office alpha, for one of no office)
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "none": (EVERYONE, EVERYONE),
    "staff": (STAFF_OF_ALPHA, ALL_STAFF),
    "kiosk or staff": (STAFF_OF_ALPHA | {"kiosk"}, ALL_STAFF | {"kiosk", "kiosk_beta"}),
    "operator": (frozenset({"operator", "supervisor"}), frozenset()),
    "supervisor": (frozenset({"supervisor", "admin"}), frozenset({"admin"})),
    "audit reader": (frozenset({"supervisor", "manager", "admin"}), frozenset({"manager", "admin"})),
    "admin": (frozenset({"admin"}), frozenset({"admin"})),
    "display when paired": (STAFF_OF_ALPHA | {"display"}, frozenset()),
    # a token is optional; with one, a partner or an overseer (whose office, in the body, the command checks)
    "none, partner or overseer": (BOOKERS, BOOKERS),
    "overseer": (frozenset({"supervisor", "manager", "admin"}), frozenset({"manager", "admin"})),
    "office node": (frozenset({"node"}), frozenset({"node"})),
}
# an operation whose answer is for any token holder, with the reason
EXCEPTIONS: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/api/v1/auth/me"): ALL_STAFF | DEVICES,  # a kiosk asks who it is when it is paired
}
OFFICE_PARAMETERS = {"office", "desk_id", "ticket_id", "device_id", "board"}


def office_bound(op: Operation) -> bool:
    queries = {name for name, where, _ in op.parameters if where == "query"}
    return bool(OFFICE_PARAMETERS & set(op.path_parameters)) or "office" in queries


def allowed(op: Operation) -> frozenset[str]:
    if (op.method, op.rule) in EXCEPTIONS:
        return EXCEPTIONS[(op.method, op.rule)]
    in_office, anywhere = RULES[op.auth]
    return in_office if office_bound(op) else anywhere


def with_partner(app_ctx, tokens: dict[str, str]) -> dict[str, str]:
    """The callers' tokens, a partner's (the city's portal, registered at alpha), which only books, and an
    office node's (of beta, so that alpha's queue stays the centre's)."""
    from queue_server.commands.accounts import add_device
    from queue_server.commands.nodes import adopt

    _, token = add_device(app_ctx, "partner", "alpha", "portal")
    node = adopt(app_ctx, "beta", node="beta-node", address="http://10.0.0.2:8000")
    return {**tokens, "partner": token, "node": node.token}


@pytest.fixture
def tokens(app_ctx, tokens) -> dict[str, str]:
    return with_partner(app_ctx, tokens)


@pytest.fixture(scope="module")
def shared_tokens(shared_app, shared_tokens) -> dict[str, str]:
    return with_partner(shared_app.extensions["cherga"], shared_tokens)


@pytest.fixture
def alpha(app_ctx, client, tokens) -> dict[str, Any]:
    """Real alpha values for the path: a ticket waiting, a spare device to revoke."""
    from queue_server.commands.accounts import add_device

    issued = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])).get_json()
    spare, _ = add_device(app_ctx, "kiosk", "alpha", "spare")
    return {
        "office": "alpha",
        "desk_id": "alpha-1",
        "ticket_id": issued["id"],
        "device_id": spare.id,
        "board": "alpha-tv",  # a paired board
        "service": "passport",
        "token": issued["token"],
        "username": "olena",  # an operator of alpha, to unlock
        "code": "K7M3QX", "closure_id": 1, "complaint_id": 1, "call_id": 1,  # no booking, complaint or call for help has it: an allowed caller is told 404
    }


def url(op: Operation, values: dict[str, Any]) -> str:
    path = op.path
    for name in op.path_parameters:
        path = path.replace("{" + name + "}", str(values[name]))
    if any(name == "office" and where == "query" for name, where, _ in op.parameters):
        path += "?office=alpha"
    return path


def test_every_operation_has_a_rule() -> None:
    assert OPERATIONS
    unknown = sorted({f"{op.method} {op.rule}: {op.auth!r}" for op in OPERATIONS if op.auth not in RULES})
    assert not unknown, f"operations with an auth kind the matrix has no rule for: {unknown}"
    unnamed = sorted({f"{op.method} {op.rule}" for op in OPERATIONS if op.auth != "none" and not office_bound(op) and not RULES[op.auth][1] and (op.method, op.rule) not in EXCEPTIONS})
    assert not unnamed, f"operations whose kind needs an office but whose path names none: {unnamed}"


def expected_status(op: Operation, caller: str) -> str:
    if caller in allowed(op):
        return "not 401 or 403"
    return "401" if caller == "anonymous" else "403"


def answers_as_expected(op: Operation, caller: str, status: int) -> bool:
    want = expected_status(op, caller)
    return status not in (401, 403) if want == "not 401 or 403" else status == int(want)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.rule.removeprefix('/api/v1')}")
def test_access(client, tokens, alpha, op: Operation) -> None:
    """Every caller in turn against one app: the refused first, since a refusal changes nothing."""
    callers = sorted(CALLERS, key=lambda caller: caller in allowed(op))
    wrong = []
    for caller in callers:
        headers = bearer(tokens[caller]) if caller != "anonymous" else {}
        body = {} if op.method not in ("GET", "HEAD") else None
        answer = client.open(url(op, alpha), method=op.method, json=body, headers=headers)
        if not answers_as_expected(op, caller, answer.status_code):
            wrong.append(f"{caller}: {answer.status_code}, expected {expected_status(op, caller)}: {answer.get_data(as_text=True)[:200]}")
    assert not wrong, "\n".join(wrong)


# Socket.IO


@pytest.fixture
def socketio(app):
    return app.extensions["cherga.socketio"]


def connect(app, socketio, tokens, caller):
    return socketio.test_client(app, auth={"token": tokens[caller]} if caller != "anonymous" else None)


# A subscription only reads, and a refused one changes nothing: the stream tests share the module's app.


@pytest.mark.parametrize("caller", CALLERS)
def test_the_staff_stream_of_alpha(shared_app, shared_tokens, caller) -> None:
    watcher = connect(shared_app, shared_app.extensions["cherga.socketio"], shared_tokens, caller)
    assert watcher.is_connected()
    answer = watcher.emit("subscribe", {"office": "alpha", "stream": "staff"}, callback=True)
    if caller in STAFF_OF_ALPHA:
        assert answer["ok"] and answer["stream"] == "staff"
    else:
        assert not answer["ok"] and answer["error"]["code"] == "forbidden"
        assert watcher.is_connected()
    watcher.disconnect()


@pytest.mark.parametrize("caller", CALLERS)
def test_the_public_stream_is_for_everyone(shared_app, shared_tokens, caller) -> None:
    watcher = connect(shared_app, shared_app.extensions["cherga.socketio"], shared_tokens, caller)
    answer = watcher.emit("subscribe", {"office": "alpha", "stream": "public"}, callback=True)
    assert answer["ok"] and answer["stream"] == "public"
    watcher.disconnect()


@pytest.mark.parametrize("caller", ["kiosk", "display", "agent"])
def test_a_revoked_device_is_refused_at_connect(app, client, socketio, tokens, caller) -> None:
    assert connect(app, socketio, tokens, caller).is_connected()
    listed = client.get("/api/v1/devices?office=alpha", headers=bearer(tokens["admin"])).get_json()
    device = next(d["id"] for d in listed if d["kind"] == caller)
    assert client.post(f"/api/v1/devices/{device}/revoke", headers=bearer(tokens["admin"])).status_code == 200
    assert not connect(app, socketio, tokens, caller).is_connected()


def test_a_logged_out_token_is_refused_at_connect(app, client, socketio, tokens) -> None:
    client.post("/api/v1/auth/logout", headers=bearer(tokens["operator"]))
    assert not connect(app, socketio, tokens, "operator").is_connected()
