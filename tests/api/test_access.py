"""The access matrix of the API: every protected operation for every kind of caller."""

from __future__ import annotations

import pytest

import queue_server.api.desks  # noqa: F401  (declares the desk operations)
import queue_server.api.paper_roll  # noqa: F401  (declares paper-ticket, a desk operation too)
import queue_server.api.supervision  # noqa: F401  (declares call-ticket, a desk operation too)
from queue_server.api.registry import OPERATIONS
from web import bearer

CALLERS = ("anonymous", "operator", "operator_beta", "supervisor", "manager", "admin", "kiosk", "kiosk_beta", "display", "agent")

# who may issue a ticket in office alpha
ISSUE_ALLOWED = {"operator", "supervisor", "manager", "admin", "kiosk"}
# who may work desk alpha-1
DESK_ALLOWED = {"operator", "supervisor"}


def expected(caller: str, allowed: set[str]) -> int:
    if caller == "anonymous":
        return 401
    return 0 if caller in allowed else 403


@pytest.mark.parametrize("caller", CALLERS)
def test_issue_ticket(request, caller) -> None:
    """A refusal changes nothing, so the refused share the module's app; an issuing caller gets its own."""
    refused = expected(caller, ISSUE_ALLOWED) != 0
    client = request.getfixturevalue("shared_app" if refused else "app").test_client()
    tokens = request.getfixturevalue("shared_tokens" if refused else "tokens")
    headers = bearer(tokens[caller]) if caller != "anonymous" else {}
    response = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=headers)
    want = expected(caller, ISSUE_ALLOWED)
    assert response.status_code == (201 if want == 0 else want)


DESK_ACTIONS = sorted(
    op.rule.rsplit("/", 1)[-1] for op in OPERATIONS if op.rule.startswith("/api/v1/desks/") and op.auth == "operator"
)


@pytest.mark.parametrize("action", DESK_ACTIONS)
def test_desk_actions(client, tokens, action) -> None:
    """Every caller in turn against one app: the refused first, since a refusal changes nothing."""
    for caller in sorted(CALLERS, key=lambda caller: not expected(caller, DESK_ALLOWED)):
        headers = bearer(tokens[caller]) if caller != "anonymous" else {}
        response = client.post(f"/api/v1/desks/alpha-1/{action}", json={}, headers=headers)
        want = expected(caller, DESK_ALLOWED)
        if want:
            assert response.status_code == want, caller
        else:  # allowed: whatever the desk's state says, never a refusal of access
            assert response.status_code not in (401, 403), caller


def test_every_declared_operation_has_a_known_auth_kind() -> None:
    assert {op.auth for op in OPERATIONS} <= {
        "none", "staff", "kiosk or staff", "operator", "display when paired", "supervisor", "audit reader", "admin",
        "none, partner or overseer", "overseer", "office node",
    }
    assert len(DESK_ACTIONS) == 18  # the contract's eleven, return, call-ticket, take-over, a visit's skip-step, add-step, end-visit, and paper-ticket


@pytest.mark.parametrize("path", ["/api/v1/offices", "/api/v1/offices/alpha/services", "/api/v1/offices/alpha/desks", "/api/v1/offices/alpha/queue", "/api/v1/offices/alpha/categories", "/api/v1/priorities"])
def test_public_reads_need_no_token(shared_app, path) -> None:
    assert shared_app.test_client().get(path).status_code == 200


@pytest.mark.parametrize("caller", ["supervisor", "manager", "admin"])
def test_staff_in_scope_see_the_staff_snapshot(client, tokens, caller) -> None:
    client.post("/api/v1/offices/alpha/tickets", json={"service": "passport", "priority": "veteran"}, headers=bearer(tokens["kiosk"]))
    staff = client.get("/api/v1/offices/alpha/queue", headers=bearer(tokens[caller])).get_json()
    assert staff["waiting"][0]["priority"] == "veteran"


@pytest.mark.parametrize("caller", ["operator_beta", "kiosk", "display", "anonymous"])
def test_others_see_the_public_snapshot(client, tokens, caller) -> None:
    client.post("/api/v1/offices/alpha/tickets", json={"service": "passport", "priority": "veteran"}, headers=bearer(tokens["kiosk"]))
    headers = bearer(tokens[caller]) if caller != "anonymous" else {}
    public = client.get("/api/v1/offices/alpha/queue", headers=headers).get_json()
    assert "priority" not in public["waiting"][0]
