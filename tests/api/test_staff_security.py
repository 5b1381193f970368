"""Staff security over HTTP: lockout and rate limit, sessions that end, CSRF, headers, change of password."""

from __future__ import annotations

import dataclasses

import pytest
from flask import render_template_string

from queue_server import create_app
from web import PASSWORD, bearer

NEW_PASSWORD = "a-new-password"


def login(client, username="olena", password=PASSWORD, **extra):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password}, **extra)


def desk_status(client, tokens) -> str:
    snapshot = client.get("/api/v1/offices/alpha/queue", headers=bearer(tokens["supervisor"])).get_json()
    return next(desk["status"] for desk in snapshot["desks"] if desk["id"] == "alpha-1")


# lockout and rate limit


def test_ten_failures_lock_the_account_even_for_the_right_password(client, tokens, clock) -> None:
    answers = [login(client, password="wrong-password") for _ in range(10)]
    assert [answer.status_code for answer in answers] == [401] * 9 + [423]
    locked = login(client)
    assert locked.status_code == 423 and locked.get_json()["error"]["code"] == "account_locked"
    assert locked.headers["Retry-After"] == str(15 * 60)
    clock.advance(15)
    assert login(client).status_code == 200


def test_one_address_gets_429_after_many_failures_whatever_the_names(client, tokens, clock) -> None:
    for number in range(30):
        assert login(client, username=f"guess-{number}", password="wrong-password").status_code == 401
    refused = login(client)
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) == 10 * 60
    assert login(client, environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    clock.advance(10)
    assert login(client).status_code == 200


def test_a_stranger_cannot_lock_staff_out(client, tokens) -> None:
    stranger = {"REMOTE_ADDR": "203.0.113.66"}
    answers = [login(client, password="wrong-password", environ_base=stranger).status_code for _ in range(11)]
    assert answers == [401] * 9 + [423, 423]
    assert login(client, environ_base=stranger).status_code == 423  # the stranger's address stays locked
    assert login(client).status_code == 200  # olena at her own desk logs in


def unlock(client, tokens, caller, username="olena", office="alpha"):
    return client.post(f"/api/v1/offices/{office}/staff/{username}/unlock", headers=bearer(tokens[caller]) if caller else {})


def test_a_supervisor_unlocks_an_account_of_the_office_and_it_is_audited(client, tokens) -> None:
    assert [login(client, password="wrong-password").status_code for _ in range(10)][-1] == 423
    answer = unlock(client, tokens, "supervisor")
    assert answer.status_code == 200 and answer.get_json() == {"username": "olena", "unlocked": True, "failures_forgotten": 10}
    assert login(client).status_code == 200
    entries = client.get("/api/v1/offices/alpha/audit?action=account_unlocked", headers=bearer(tokens["supervisor"])).get_json()
    assert [(entry["actor"], entry["details"]) for entry in entries] == [("user:iryna", {"username": "olena", "failures_forgotten": 10})]


@pytest.mark.parametrize(
    ("caller", "username", "office", "status"),
    [
        (None, "olena", "alpha", 401),
        ("operator", "olena", "alpha", 403),
        ("supervisor_beta", "olena", "alpha", 403),
        ("manager", "olena", "alpha", 403),
        ("kiosk", "olena", "alpha", 403),
        ("supervisor", "petro", "alpha", 404),  # an operator of beta, not of alpha
        ("supervisor_beta", "olena", "beta", 404),
        ("supervisor", "nobody", "alpha", 404),
        ("admin", "olena", "alpha", 200),
    ],
)
def test_who_may_unlock(client, tokens, caller, username, office, status) -> None:
    assert unlock(client, tokens, caller, username, office).status_code == status


def test_trusted_networks_are_a_setting(settings, network, clock) -> None:
    from queue_server.settings import Settings, SettingsError

    parsed = Settings.from_env({"CHERGA_TRUSTED_NETWORKS": "10.20.0.0/16, 192.168.5.0/24"}, config_dir=settings.config_dir)
    assert [str(block) for block in parsed.trusted_networks] == ["10.20.0.0/16", "192.168.5.0/24"]
    with pytest.raises(SettingsError, match="CHERGA_TRUSTED_NETWORKS.*office-lan"):
        Settings.from_env({"CHERGA_TRUSTED_NETWORKS": "10.20.0.0/16 office-lan"}, config_dir=settings.config_dir)
    trusting = dataclasses.replace(settings, login_address_limit=5, trusted_networks=parsed.trusted_networks)
    app = create_app(trusting, clock=clock, network=network)
    try:
        from web import login_token

        login_token(app.extensions["cherga"], "olena", "operator", ["alpha"])
        client = app.test_client()
        office = {"REMOTE_ADDR": "10.20.1.2"}
        for number in range(6):
            assert login(client, username=f"typo-{number}", password="wrong-password", environ_base=office).status_code == 401
        assert login(client, environ_base=office).status_code == 200
    finally:
        app.extensions["cherga"].engine.dispose()


def test_the_thresholds_are_settings(settings, network, clock, tmp_path) -> None:
    strict = dataclasses.replace(settings, login_max_failures=3, login_lockout_minutes=5)
    app = create_app(strict, clock=clock, network=network)
    try:
        from web import login_token

        login_token(app.extensions["cherga"], "olena", "operator", ["alpha"])
        client = app.test_client()
        assert [login(client, password="wrong-password").status_code for _ in range(3)] == [401, 401, 423]
        assert login(client).headers["Retry-After"] == "300"
    finally:
        app.extensions["cherga"].engine.dispose()


# sessions


def test_login_answers_a_csrf_token_and_sets_a_strict_httponly_cookie(client, tokens) -> None:
    answer = login(client)
    assert answer.status_code == 200 and len(answer.get_json()["csrf_token"]) >= 32
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_a_change_with_the_cookie_needs_the_csrf_header(client, tokens) -> None:
    csrf = login(client).get_json()["csrf_token"]
    refused = client.post("/api/v1/desks/alpha-1/open", json={})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "csrf_failed"
    wrong = client.post("/api/v1/desks/alpha-1/open", json={}, headers={"X-CSRF-Token": "x" + csrf[1:]})
    assert wrong.status_code == 403 and wrong.get_json()["error"]["code"] == "csrf_failed"
    assert desk_status(client, tokens) == "closed"
    opened = client.post("/api/v1/desks/alpha-1/open", json={}, headers={"X-CSRF-Token": csrf})
    assert opened.status_code == 200 and opened.get_json()["status"] == "open"


def test_a_read_with_the_cookie_needs_no_csrf_header(client, tokens) -> None:
    login(client)
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.get_json()["name"] == "olena"


def test_a_bearer_token_needs_no_csrf_header(app, tokens) -> None:
    cookieless = app.test_client(use_cookies=False)
    assert cookieless.post("/api/v1/desks/alpha-1/open", json={}, headers=bearer(tokens["operator"])).status_code == 200


def test_a_bearer_header_wins_over_the_cookie(client, tokens) -> None:
    login(client)  # olena's session
    me = client.get("/api/v1/auth/me", headers=bearer(tokens["supervisor"]))
    assert me.get_json()["name"] == "iryna"
    assert client.get("/api/v1/auth/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_the_session_ends_with_its_token(client, tokens, clock) -> None:
    token = login(client).get_json()["token"]
    assert client.get("/api/v1/auth/me").status_code == 200
    client.post("/api/v1/auth/logout", headers=bearer(token))  # the same login, ended elsewhere
    assert client.get("/api/v1/auth/me").status_code == 401
    login(client)
    for _ in range(13):  # used all day, yet the login lasts its lifetime (12 hours)
        clock.advance(59)
        client.get("/api/v1/auth/me")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_an_idle_session_ends_and_its_login_with_it(client, tokens, clock) -> None:
    token = login(client).get_json()["token"]
    clock.advance(50)
    assert client.get("/api/v1/auth/me").status_code == 200
    clock.advance(50)
    assert client.get("/api/v1/auth/me").status_code == 200  # 50 minutes since the last use
    clock.advance(61)
    assert client.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401


def test_logout_with_the_cookie_needs_the_csrf_header_and_revokes(client, tokens) -> None:
    answer = login(client).get_json()
    assert client.post("/api/v1/auth/logout").status_code == 403
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": answer["csrf_token"]}).status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me", headers=bearer(answer["token"])).status_code == 401


def test_pages_get_the_csrf_token_from_a_template_global(app, client, tokens) -> None:
    with app.test_request_context("/desk"):
        assert render_template_string("{{ csrf_token() }}") == ""
    csrf = login(client).get_json()["csrf_token"]
    with client:
        client.get("/api/v1/auth/me")
        assert render_template_string('<meta name="csrf-token" content="{{ csrf_token() }}">') == f'<meta name="csrf-token" content="{csrf}">'


# headers


@pytest.mark.parametrize("path", ["/kiosk/alpha", "/api/v1/offices", "/api/v1/auth/me", "/healthz"])
def test_security_headers_on_every_answer(client, path) -> None:
    answer = client.get(path)
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in answer.headers["Permissions-Policy"]


def test_staff_answers_are_never_cached(client, tokens) -> None:
    for path in ("/api/v1/auth/me", "/desk", "/supervisor", "/api/v1/devices", "/api/v1/offices/alpha/audit"):
        assert client.get(path, headers=bearer(tokens["admin"])).headers.get("Cache-Control") == "no-store", path
    assert login(client).headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/offices").headers.get("Cache-Control") != "no-store"


def test_no_page_has_an_inline_script() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    templates = [*root.glob("queue_server/**/templates/*.html"), *root.glob("kiosk/templates/*.html"), *root.glob("display_board/templates/*.html")]
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        # a JSON data block (type="application/json") is data, never run, and allowed by the policy
        inline = re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", text)
        assert not inline, f"{template.name} has an inline script: {inline.group(0) if inline else ''}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{template.name} has an inline event handler"


# the address of a request


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(settings, network, clock) -> None:
    for trusted, expected in ((False, "127.0.0.1"), (True, "203.0.113.7")):
        app = create_app(dataclasses.replace(settings, trusted_proxy=trusted), clock=clock, network=network)
        try:
            from web import login_token

            login_token(app.extensions["cherga"], f"olena-{int(trusted)}", "operator", ["alpha"])
            client = app.test_client()
            client.post(
                "/api/v1/auth/login",
                json={"username": f"olena-{int(trusted)}", "password": PASSWORD},
                headers={"X-Forwarded-For": "203.0.113.7"},
            )
            supervisor = login_token(app.extensions["cherga"], f"iryna-{int(trusted)}", "supervisor", ["alpha"])
            entries = client.get("/api/v1/offices/alpha/audit?action=login", headers=bearer(supervisor)).get_json()
            assert entries[0]["address"] == expected
        finally:
            app.extensions["cherga"].engine.dispose()


# change of password


def test_a_change_of_password(app, client, tokens) -> None:
    first = login(client).get_json()
    second = login(client).get_json()
    cookieless = app.test_client(use_cookies=False)
    changed = cookieless.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(first["token"]),
    )
    assert changed.status_code == 200 and changed.get_json()["other_logins_ended"] >= 2
    assert cookieless.get("/api/v1/auth/me", headers=bearer(second["token"])).status_code == 401
    assert cookieless.get("/api/v1/auth/me", headers=bearer(tokens["operator"])).status_code == 401
    assert cookieless.get("/api/v1/auth/me", headers=bearer(first["token"])).status_code == 200
    assert login(cookieless).status_code == 401
    assert login(cookieless, password=NEW_PASSWORD).status_code == 200
    entries = cookieless.get("/api/v1/offices/alpha/audit?action=password_changed", headers=bearer(tokens["supervisor"])).get_json()
    assert [(entry["actor"], entry["address"]) for entry in entries] == [("user:olena", "127.0.0.1")]
    assert NEW_PASSWORD not in str(entries) and PASSWORD not in str(entries)


def test_a_change_of_password_with_the_cookie_needs_the_csrf_header(client, tokens) -> None:
    csrf = login(client).get_json()["csrf_token"]
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/password", json=body).status_code == 403
    assert client.post("/api/v1/auth/password", json=body, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.get("/api/v1/auth/me").status_code == 200  # the session that asked stays


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"current_password": "wrong-password", "new_password": NEW_PASSWORD}, 400),
        ({"current_password": PASSWORD, "new_password": "short"}, 400),
        ({"current_password": PASSWORD}, 400),
        ({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "extra": 1}, 400),
    ],
)
def test_a_bad_change_of_password_changes_nothing(client, tokens, body, status) -> None:
    assert client.post("/api/v1/auth/password", json=body, headers=bearer(tokens["operator"])).status_code == status
    assert client.get("/api/v1/auth/me", headers=bearer(tokens["operator"])).status_code == 200
    assert login(client).status_code == 200


def test_a_device_has_no_password_to_change(client, tokens) -> None:
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/password", json=body, headers=bearer(tokens["kiosk"])).status_code == 403
    assert client.post("/api/v1/auth/password", json=body).status_code == 401
