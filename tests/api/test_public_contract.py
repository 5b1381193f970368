"""The public contract of issue 2, call by call."""

from __future__ import annotations

from web import bearer


def test_healthz(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_login(client, tokens) -> None:
    ok = client.post("/api/v1/auth/login", json={"username": "olena", "password": "password-1"})
    assert ok.status_code == 200 and ok.get_json()["token"]
    wrong = client.post("/api/v1/auth/login", json={"username": "olena", "password": "wrong-one"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "not_authenticated"


def test_offices_services_desks(client) -> None:
    offices = client.get("/api/v1/offices").get_json()
    assert [o["code"] for o in offices] == ["alpha", "beta"] and offices[0]["name"] == "Альфа"
    services = client.get("/api/v1/offices/alpha/services").get_json()
    assert {s["code"] for s in services} == {"passport", "residence", "social"}
    assert all(s["name"] and s["name_en"] for s in services)
    desks = client.get("/api/v1/offices/alpha/desks").get_json()
    assert desks[0]["id"] == "alpha-1" and desks[0]["services"] == ["passport", "residence"]
    assert client.get("/api/v1/offices/nowhere/desks").status_code == 404


def test_issue_and_status(client, tokens) -> None:
    response = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport", "lang": "uk"}, headers=bearer(tokens["kiosk"]))
    assert response.status_code == 201
    body = response.get_json()
    assert body["number"] == "П001" and body["position"] == 1
    assert body["estimated_wait_minutes"] is None and body["estimate"] == "no_desk_open"  # no desk open yet
    assert body["status_url"].endswith(f"/t/{body['token']}")
    status = client.get(f"/api/v1/tickets/{body['token']}").get_json()
    assert status["number"] == "П001" and status["status"] == "waiting" and status["position"] == 1
    page = client.get(f"/t/{body['token']}")
    assert page.status_code == 200 and "П001" in page.get_data(as_text=True)
    assert client.get("/t/unknown-token").status_code == 404


def test_queue_snapshot_matches_the_socket_shape(client, tokens) -> None:
    client.post("/api/v1/offices/alpha/tickets", json={"service": "passport", "priority": "veteran"}, headers=bearer(tokens["kiosk"]))
    public = client.get("/api/v1/offices/alpha/queue").get_json()
    assert set(public) == {"office", "seq", "waiting", "calls", "desks", "air_raid", "paper_mode"} and public["seq"] == 1
    assert public["air_raid"] == {"active": False, "since": None}
    assert public["paper_mode"] == {"active": False, "since": None}
    assert "priority" not in public["waiting"][0]
    staff = client.get("/api/v1/offices/alpha/queue", headers=bearer(tokens["supervisor"])).get_json()
    assert staff["waiting"][0]["priority"] == "veteran"


def test_desk_flow_over_http(client, tokens) -> None:
    auth = bearer(tokens["operator"])
    assert client.post("/api/v1/desks/alpha-1/open", headers=auth).get_json()["status"] == "open"
    assert client.post("/api/v1/desks/alpha-1/call-next", headers=auth).status_code == 204
    client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"]))
    called = client.post("/api/v1/desks/alpha-1/call-next", headers=auth)
    assert called.status_code == 200 and called.get_json()["number"] == "П001" and called.get_json()["desk"] == "alpha-1"
    for action, status in (("recall", "called"), ("start", "serving"), ("finish", "done")):
        response = client.post(f"/api/v1/desks/alpha-1/{action}", headers=auth)
        assert response.status_code == 200 and response.get_json()["status"] == status, action
    paused = client.post("/api/v1/desks/alpha-1/pause", json={"reason": "lunch"}, headers=auth).get_json()
    assert paused["status"] == "paused" and paused["reason"] == "lunch"
    assert client.post("/api/v1/desks/alpha-1/resume", headers=auth).get_json()["status"] == "open"
    assert client.post("/api/v1/desks/alpha-1/close", headers=auth).get_json()["status"] == "closed"


def test_transfer_hold_return_no_show_over_http(client, tokens) -> None:
    auth = bearer(tokens["operator"])
    kiosk = bearer(tokens["kiosk"])
    client.post("/api/v1/desks/alpha-1/open", headers=auth)
    for _ in range(3):
        client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=kiosk)
    first = client.post("/api/v1/desks/alpha-1/call-next", headers=auth).get_json()
    moved = client.post("/api/v1/desks/alpha-1/transfer", json={"service": "social", "note": "довідка", "ticket": first["id"]}, headers=auth)
    assert moved.status_code == 200 and moved.get_json()["service"] == "social"
    second = client.post("/api/v1/desks/alpha-1/call-next", headers=auth).get_json()
    held = client.post("/api/v1/desks/alpha-1/hold", headers=auth).get_json()
    assert held["held"] is True
    client.post("/api/v1/desks/alpha-1/call-next", headers=auth)
    assert client.post("/api/v1/desks/alpha-1/no-show", headers=auth).get_json()["status"] == "no_show"
    back = client.post("/api/v1/desks/alpha-1/return", json={"ticket": second["id"]}, headers=auth)
    assert back.status_code == 200 and back.get_json()["status"] == "called"


def test_rating_once(client, tokens) -> None:
    auth = bearer(tokens["operator"])
    issued = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])).get_json()
    client.post("/api/v1/desks/alpha-1/open", headers=auth)
    client.post("/api/v1/desks/alpha-1/call-next", headers=auth)
    client.post("/api/v1/desks/alpha-1/finish", headers=auth)
    url = f"/api/v1/tickets/{issued['token']}/rating"
    assert client.post(url, json={"score": 5, "comment": "Дякую"}).status_code == 201
    second = client.post(url, json={"score": 1})
    assert second.status_code == 409 and "already" in second.get_json()["error"]["message"]


def test_idempotency_key_returns_the_same_ticket(client, tokens) -> None:
    headers = {**bearer(tokens["kiosk"]), "Idempotency-Key": "tap-42"}
    first = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=headers)
    again = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json()["token"] == again.get_json()["token"]
    assert again.headers["Idempotent-Replayed"] == "true"


def test_login_also_sets_a_strict_http_only_session_cookie(client, tokens) -> None:
    response = client.post("/api/v1/auth/login", json={"username": "olena", "password": "password-1"})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("cherga_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    token = response.get_json()["token"]
    assert client.get("/api/v1/auth/me", headers=bearer(token)).get_json()["name"] == "olena"
    assert client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401


def test_status_url_uses_the_public_address_when_set(settings, network, clock, tmp_path) -> None:
    from dataclasses import replace

    from queue_server import create_app
    from queue_server.commands.accounts import add_device

    app = create_app(replace(settings, public_url="https://cherga.example.org"), clock=clock, network=network)
    try:
        _, kiosk = add_device(app.extensions["cherga"], "kiosk", "alpha", "k")
        body = app.test_client().post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(kiosk)).get_json()
        assert body["status_url"] == f"https://cherga.example.org/t/{body['token']}"
    finally:
        app.extensions["cherga"].engine.dispose()
