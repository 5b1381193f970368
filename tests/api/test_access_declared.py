"""Access is declared once per endpoint, and an actor's kind and role are enums.

Each operation holds one `Access` value from commands/access.py: the
document's `x-cherga-auth` is its label, the registry finds the office
where it says and applies its check before the handler runs.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import pytest

import queue_server.api
from queue_server.api.registry import OPERATIONS, Operation, check_access
from queue_server.commands import access
from queue_server.commands.access import DECLARED, LABELS, Access, OfficeFrom
from queue_server.commands.context import Actor, ActorKind, DeviceKind, StaffRole
from queue_server.domain.errors import AccessDenied, NotAuthenticated
from web import bearer

for module in pkgutil.iter_modules(queue_server.api.__path__):  # every module declares its operations on import
    importlib.import_module(f"queue_server.api.{module.name}")

NAMED = {
    "PUBLIC", "STAFF_OF_OFFICE", "KIOSK_OR_STAFF", "DESK_WORKER", "SUPERVISOR", "AUDIT_READER", "ADMIN", "DISPLAY_WHEN_PAIRED",
    "BOOKER", "OFFICE_OVERSEER", "OFFICE_NODE",
}


def test_the_named_rules_are_declared() -> None:
    assert {name for name in NAMED if getattr(access, name) in DECLARED} == NAMED
    assert set(LABELS) == {
        "none", "staff", "kiosk or staff", "operator", "supervisor", "audit reader", "admin", "display when paired",
        "none, partner or overseer", "overseer", "office node",
    }


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.rule.removeprefix('/api/v1')}")
def test_every_operation_holds_a_declared_access_whose_office_it_names(op: Operation) -> None:
    assert isinstance(op.access, Access)
    assert any(op.access.kind_of(known) for known in DECLARED), op.access
    assert op.auth == op.access.label
    source = op.access.office
    if source is OfficeFrom.QUERY:
        assert any(name == "office" and where == "query" for name, where, _ in op.parameters)
    elif source is OfficeFrom.BOARD:
        assert {"office", "board"} <= set(op.path_parameters)
    elif source is not OfficeFrom.NONE:
        assert source.value in op.path_parameters
    check_access(op)  # what the registry asked when it was declared


def test_the_documents_auth_comes_from_the_access(shared_app) -> None:
    document = shared_app.test_client().get("/api/v1/openapi.json").get_json()
    for op in OPERATIONS:
        entry = document["paths"][op.path][op.method.lower()]
        assert entry["x-cherga-auth"] == op.access.label, (op.method, op.rule)
        needs = [{"bearer": []}] if op.access.needs_token else [{}, {"bearer": []}]
        assert entry.get("security") == (None if op.access.public else needs), (op.method, op.rule)


def test_an_undeclared_access_or_an_office_the_path_does_not_name_is_refused_when_declared() -> None:
    made_up = Access("staff", lambda actor, office: actor)
    with pytest.raises(ValueError, match="not declared"):
        check_access(Operation("GET", "/api/v1/things", "", "t", access=made_up))
    with pytest.raises(ValueError, match="desk_id"):
        check_access(Operation("POST", "/api/v1/offices/<office>/open", "", "t", access=access.DESK_WORKER))
    with pytest.raises(ValueError, match="query"):
        check_access(Operation("GET", "/api/v1/things", "", "t", access=access.AUDIT_READER.at(OfficeFrom.QUERY)))
    check_access(Operation("POST", "/api/v1/desks/<desk_id>/open", "", "t", access=access.DESK_WORKER))


def test_an_access_needs_a_token_before_it_looks_at_the_office() -> None:
    with pytest.raises(NotAuthenticated):
        access.SUPERVISOR.allow(None, "alpha")
    assert access.DISPLAY_WHEN_PAIRED.allow(None, None) is None  # a board that is not paired
    with pytest.raises(NotAuthenticated):
        access.DISPLAY_WHEN_PAIRED.allow(None, "alpha")
    kiosk = Actor(kind="device", name="k", role="kiosk", offices=("alpha",), device_id=1)
    assert access.KIOSK_OR_STAFF.allow(kiosk, "alpha") is kiosk
    with pytest.raises(AccessDenied):
        access.KIOSK_OR_STAFF.allow(kiosk, "beta")
    with pytest.raises(AccessDenied):
        access.DESK_WORKER.allow(kiosk, "alpha")


def test_a_device_message_needs_a_device_of_its_kind() -> None:
    """Print agents and kiosks over Socket.IO, and the printing commands, ask the same function."""
    agent = Actor(kind="device", name="k", role="agent", offices=("alpha",), device_id=1)
    kiosk = dataclasses.replace(agent, role=DeviceKind.KIOSK)
    staff = Actor(kind="staff", name="olena", role="admin", offices=())
    assert access.require_device(agent, DeviceKind.AGENT) is agent
    for refused in (kiosk, staff, None):
        with pytest.raises(AccessDenied, match="agent device token"):
            access.require_device(refused, DeviceKind.AGENT)


def test_a_refused_call_never_reaches_the_handler(shared_app, shared_tokens) -> None:
    """The registry refuses before the view: a kiosk's unlock of a user who does not exist is a 403, not a 404."""
    client = shared_app.test_client()
    answer = client.post("/api/v1/offices/alpha/staff/nobody-here/unlock", json={}, headers=bearer(shared_tokens["kiosk"]))
    assert answer.status_code == 403
    answer = client.post("/api/v1/offices/alpha/staff/nobody-here/unlock", json={}, headers=bearer(shared_tokens["admin"]))
    assert answer.status_code == 404


# ---- the actor's enums


def test_an_actor_made_with_strings_holds_enums_that_read_as_the_same_strings() -> None:
    staff = Actor(kind="staff", name="olena", role="supervisor", offices=("alpha",), user_id=1)
    device = Actor(kind="device", name="tv", role="display", offices=("alpha",), device_id=2)
    assert staff.kind is ActorKind.STAFF and staff.role is StaffRole.SUPERVISOR
    assert device.kind is ActorKind.DEVICE and device.role is DeviceKind.DISPLAY
    assert (staff.kind, staff.role, device.role) == ("staff", "supervisor", "display")
    assert f"{staff.role}" == "supervisor" and staff.ref == "user:olena" and device.ref == "device:2"
    assert staff.is_staff and not staff.is_device() and staff.has_role(StaffRole.SUPERVISOR, StaffRole.ADMIN)
    assert device.is_device() and device.is_device(DeviceKind.DISPLAY) and not device.is_device(DeviceKind.KIOSK)
    assert not device.is_staff and not device.has_role(*StaffRole)
    assert not staff.network_wide and dataclasses.replace(staff, role=StaffRole.MANAGER).network_wide


@pytest.mark.parametrize(
    ("kind", "role"),
    [("staff", "kiosk"), ("device", "admin"), ("staf", "admin"), ("staff", "Supervisor"), ("device", "printer")],
)
def test_a_misspelt_kind_or_role_is_an_error_where_the_actor_is_made(kind: str, role: str) -> None:
    with pytest.raises(ValueError):
        Actor(kind=kind, name="x", role=role, offices=())  # type: ignore[arg-type]


def test_the_console_acts_as_an_admin_of_its_own_kind() -> None:
    from queue_server.commands.accounts import CONSOLE

    assert CONSOLE.kind is ActorKind.CONSOLE and CONSOLE.role is StaffRole.ADMIN and CONSOLE.ref == "console:cli"
    assert not CONSOLE.is_staff and not CONSOLE.network_wide
