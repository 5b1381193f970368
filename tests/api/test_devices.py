"""Devices over the API: an admin registers them, an admin or the office's supervisor lists and revokes them."""

from __future__ import annotations

import pytest

from web import bearer


@pytest.fixture
def reader(shared_app):
    """The module's one app, for the tests that only read or are refused (a refusal changes nothing)."""
    return shared_app.test_client()


def devices(client, token, query=""):
    return client.get(f"/api/v1/devices{query}", headers=bearer(token))


def device_id(client, tokens, name="kiosk-1", office="alpha") -> int:
    listed = devices(client, tokens["admin"]).get_json()
    return next(d["id"] for d in listed if d["name"] == name and d["office"] == office and d["kind"] == "kiosk")


def test_an_admin_sees_every_device(reader, shared_tokens) -> None:
    listed = devices(reader, shared_tokens["admin"]).get_json()
    assert {(d["office"], d["kind"], d["name"], d["active"]) for d in listed} == {
        ("alpha", "kiosk", "kiosk-1", True),
        ("alpha", "display", "display-1", True),
        ("alpha", "agent", "agent-1", True),
        ("beta", "kiosk", "kiosk-1", True),
    }
    assert set(listed[0]) == {"id", "kind", "office", "name", "created_at", "revoked_at", "active"}
    assert "token" not in str(listed)


def test_a_supervisor_sees_the_devices_of_their_office_only(reader, shared_tokens) -> None:
    mine = devices(reader, shared_tokens["supervisor"]).get_json()
    assert {d["office"] for d in mine} == {"alpha"} and len(mine) == 3
    assert devices(reader, shared_tokens["supervisor"], "?office=alpha").get_json() == mine
    assert devices(reader, shared_tokens["supervisor"], "?office=beta").status_code == 403
    assert devices(reader, shared_tokens["supervisor_beta"], "?office=alpha").status_code == 403


@pytest.mark.parametrize("query", ["?office=nowhere", "?kind=kiosk"])
def test_bad_filters(reader, shared_tokens, query) -> None:
    assert devices(reader, shared_tokens["admin"], query).status_code in (400, 404)


def test_an_admin_registers_a_device_and_sees_its_token_once(client, tokens) -> None:
    answer = client.post("/api/v1/devices", json={"kind": "display", "office": "alpha", "name": "hall-2"}, headers=bearer(tokens["admin"]))
    assert answer.status_code == 201
    created = answer.get_json()
    assert (created["kind"], created["office"], created["name"], created["active"]) == ("display", "alpha", "hall-2", True)
    assert client.get("/api/v1/auth/me", headers=bearer(created["token"])).get_json()["role"] == "display"
    assert created["token"] not in str(devices(client, tokens["admin"]).get_json())
    entries = client.get("/api/v1/offices/alpha/audit?action=device_added&actor=user:root", headers=bearer(tokens["supervisor"])).get_json()
    assert [(e["details"], e["address"]) for e in entries] == [({"device": created["id"], "kind": "display", "name": "hall-2"}, "127.0.0.1")]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"kind": "toaster", "office": "alpha", "name": "x"}, 400),
        ({"kind": "kiosk", "office": "nowhere", "name": "x"}, 404),
        ({"kind": "kiosk", "office": "alpha", "name": "  "}, 400),
        ({"kind": "kiosk", "office": "alpha", "name": "kiosk-1"}, 409),
        ({"kind": "kiosk", "office": "alpha"}, 400),
        ({"kind": "kiosk", "office": "alpha", "name": "x" * 101}, 400),
    ],
)
def test_bad_registrations(reader, shared_tokens, body, status) -> None:
    assert reader.post("/api/v1/devices", json=body, headers=bearer(shared_tokens["admin"])).status_code == status


@pytest.mark.parametrize("caller", ["supervisor", "manager", "operator", "kiosk"])
def test_only_an_admin_registers(reader, shared_tokens, caller) -> None:
    body = {"kind": "kiosk", "office": "alpha", "name": "kiosk-9"}
    assert reader.post("/api/v1/devices", json=body, headers=bearer(shared_tokens[caller])).status_code == 403


@pytest.mark.parametrize("caller", ["admin", "supervisor"])
def test_a_revoked_device_is_refused_at_once(app, client, tokens, caller) -> None:
    kiosk = device_id(client, tokens)
    answer = client.post(f"/api/v1/devices/{kiosk}/revoke", headers=bearer(tokens[caller]))
    assert answer.status_code == 200 and answer.get_json()["active"] is False and answer.get_json()["revoked_at"]
    assert client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])).status_code == 401
    socketio = app.extensions["cherga.socketio"]
    assert not socketio.test_client(app, auth={"token": tokens["kiosk"]}).is_connected()
    again = client.post(f"/api/v1/devices/{kiosk}/revoke", headers=bearer(tokens[caller]))
    assert again.status_code == 200
    entries = client.get("/api/v1/offices/alpha/audit?action=device_revoked", headers=bearer(tokens["admin"])).get_json()
    assert len(entries) == 1 and entries[0]["details"]["device"] == kiosk  # revoked once, logged once


@pytest.mark.parametrize("caller", ["supervisor_beta", "operator", "manager", "kiosk"])
def test_others_may_not_revoke(reader, shared_tokens, caller) -> None:
    kiosk = device_id(reader, shared_tokens)
    assert reader.post(f"/api/v1/devices/{kiosk}/revoke", headers=bearer(shared_tokens[caller])).status_code == 403
    assert reader.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(shared_tokens["kiosk"])).status_code == 201


def test_revoking_an_unknown_device(reader, shared_tokens) -> None:
    assert reader.post("/api/v1/devices/9999/revoke", headers=bearer(shared_tokens["admin"])).status_code == 404
    assert reader.post("/api/v1/devices/9999/revoke").status_code == 401
    assert reader.post("/api/v1/devices/abc/revoke", headers=bearer(shared_tokens["admin"])).status_code == 404
