"""Accounts and devices: hashed passwords, tokens that resolve and expire, revocation."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from queue_server.commands import accounts, logins
from queue_server.domain.errors import AlreadyExists, InvalidRequest, NotAuthenticated, NotFound
from queue_server.store.schema import devices, staff_tokens, users

LIFETIME = dt.timedelta(hours=8)


def test_password_is_stored_as_a_slow_hash(ctx) -> None:
    accounts.add_user(ctx, "olena", "дуже-таємно-1", "operator", ["alpha"])
    with ctx.engine.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash)).scalar()
    assert "дуже" not in stored and stored.startswith("scrypt:")


def test_login_gives_a_token_that_resolves_to_the_actor(ctx) -> None:
    accounts.add_user(ctx, "olena", "password-1", "operator", ["alpha"])
    token, user = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    actor = accounts.actor_for_token(ctx, token)
    assert actor is not None and (actor.kind, actor.name, actor.role, actor.offices) == ("staff", "olena", "operator", ("alpha",))
    with ctx.engine.connect() as conn:
        assert token not in {row.token_hash for row in conn.execute(sa.select(staff_tokens))}


def test_tokens_expire_and_can_be_revoked(ctx, clock) -> None:
    accounts.add_user(ctx, "olena", "password-1", "operator", ["alpha"])
    token, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    clock.advance(8 * 60 + 1)
    assert accounts.actor_for_token(ctx, token) is None
    token, _ = logins.login(ctx, "olena", "password-1", lifetime=LIFETIME)
    logins.logout(ctx, token, actor=accounts.CONSOLE)
    assert accounts.actor_for_token(ctx, token) is None


@pytest.mark.parametrize(("username", "password"), [("olena", "wrong-password"), ("nobody", "password-1")])
def test_wrong_credentials(ctx, username, password) -> None:
    accounts.add_user(ctx, "olena", "password-1", "operator", ["alpha"])
    with pytest.raises(NotAuthenticated):
        logins.login(ctx, username, password, lifetime=LIFETIME)


@pytest.mark.parametrize(
    ("username", "password", "role", "offices", "error"),
    [
        ("Olena Bad", "password-1", "operator", ["alpha"], InvalidRequest),
        ("olena", "short", "operator", ["alpha"], InvalidRequest),
        ("olena", "password-1", "boss", ["alpha"], InvalidRequest),
        ("olena", "password-1", "operator", [], InvalidRequest),
        ("olena", "password-1", "operator", ["nowhere"], NotFound),
    ],
)
def test_bad_accounts_are_refused(ctx, username, password, role, offices, error) -> None:
    with pytest.raises(error):
        accounts.add_user(ctx, username, password, role, offices)
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(users)).scalar() == 0


def test_a_name_is_taken_once(ctx) -> None:
    accounts.add_user(ctx, "olena", "password-1", "operator", ["alpha"])
    with pytest.raises(AlreadyExists):
        accounts.add_user(ctx, "olena", "password-2", "operator", ["alpha"])


def test_managers_need_no_office(ctx) -> None:
    user = accounts.add_user(ctx, "head", "password-1", "manager", [])
    assert user.offices == ()


def test_device_tokens_resolve_until_revoked(ctx) -> None:
    record, token = accounts.add_device(ctx, "kiosk", "alpha", "kiosk-1")
    actor = accounts.actor_for_token(ctx, token)
    assert actor is not None and (actor.kind, actor.role, actor.offices) == ("device", "kiosk", ("alpha",))
    with ctx.engine.connect() as conn:
        assert token not in {row.token_hash for row in conn.execute(sa.select(devices))}
    accounts.revoke_device(ctx, record.id)
    assert accounts.actor_for_token(ctx, token) is None
    with pytest.raises(NotFound):
        accounts.revoke_device(ctx, 999)


def test_bad_devices(ctx) -> None:
    with pytest.raises(InvalidRequest):
        accounts.add_device(ctx, "toaster", "alpha", "x")
    with pytest.raises(NotFound):
        accounts.add_device(ctx, "kiosk", "nowhere", "x")
    with pytest.raises(InvalidRequest):
        accounts.add_device(ctx, "kiosk", "alpha", "  ")
    accounts.add_device(ctx, "kiosk", "alpha", "k")
    with pytest.raises(AlreadyExists):
        accounts.add_device(ctx, "kiosk", "alpha", "k")


def test_garbage_tokens_resolve_to_nobody(ctx) -> None:
    assert accounts.actor_for_token(ctx, "") is None
    assert accounts.actor_for_token(ctx, "x" * 500) is None
    assert accounts.actor_for_token(ctx, "not-a-token") is None
