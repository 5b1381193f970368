"""Socket.IO with a staff page's session cookie: only from this server's own pages (no cross-site hijacking)."""

from __future__ import annotations

import pytest

from web import PASSWORD, bearer


@pytest.fixture
def socketio(app):
    return app.extensions["cherga.socketio"]


@pytest.fixture
def page(client, tokens):
    """A browser with the desk console's session (olena, operator of alpha)."""
    answer = client.post("/api/v1/auth/login", json={"username": "olena", "password": PASSWORD})
    assert answer.status_code == 200
    return client


def staff_stream(watcher) -> dict:
    return watcher.emit("subscribe", {"office": "alpha", "stream": "staff"}, callback=True)


@pytest.mark.parametrize("origin", [None, "http://localhost", "HTTP://LOCALHOST"])
def test_the_page_of_this_server_gets_the_staff_stream_with_its_cookie(app, socketio, page, origin) -> None:
    watcher = socketio.test_client(app, flask_test_client=page, headers={"Origin": origin} if origin else None)
    assert watcher.is_connected() and staff_stream(watcher)["ok"]


def test_the_public_address_is_this_server_too(settings, network, clock) -> None:
    import dataclasses

    from queue_server import create_app
    from web import login_token

    app = create_app(dataclasses.replace(settings, public_url="https://cherga.example.org"), clock=clock, network=network)
    try:
        login_token(app.extensions["cherga"], "olena", "operator", ["alpha"])
        client = app.test_client()
        client.post("/api/v1/auth/login", json={"username": "olena", "password": PASSWORD})
        socketio = app.extensions["cherga.socketio"]
        watcher = socketio.test_client(app, flask_test_client=client, headers={"Origin": "https://cherga.example.org"})
        assert staff_stream(watcher)["ok"]
    finally:
        app.extensions["cherga"].engine.dispose()


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost.evil.example", "null", "http://localhost:8000"])
def test_another_sites_page_riding_on_the_cookie_is_anonymous(app, socketio, page, origin) -> None:
    watcher = socketio.test_client(app, flask_test_client=page, headers={"Origin": origin})
    assert watcher.is_connected()
    refused = staff_stream(watcher)
    assert not refused["ok"] and refused["error"]["code"] == "forbidden"
    assert watcher.emit("subscribe", {"office": "alpha"}, callback=True)["stream"] == "public"


def test_an_ended_session_is_anonymous(app, socketio, page) -> None:
    token = page.post("/api/v1/auth/login", json={"username": "olena", "password": PASSWORD}).get_json()["token"]
    page.post("/api/v1/auth/logout", headers=bearer(token))
    watcher = socketio.test_client(app, flask_test_client=page)
    assert watcher.is_connected() and not staff_stream(watcher)["ok"]


def test_a_token_wins_over_the_cookie(app, socketio, page, tokens) -> None:
    watcher = socketio.test_client(app, flask_test_client=page, auth={"token": tokens["operator_beta"]})
    assert not staff_stream(watcher)["ok"]
