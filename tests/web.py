"""Helpers for tests that talk to the app: tokens and headers."""

from __future__ import annotations

import datetime as dt
import functools
import secrets

from werkzeug.security import generate_password_hash

from queue_server.commands.accounts import hash_token
from queue_server.commands.context import CommandContext
from queue_server.store import accounts as account_store

PASSWORD = "password-1"


@functools.cache
def _password_hash() -> str:
    """Hashed once per run: scrypt is slow on purpose, and most tests need a token, not a login."""
    return generate_password_hash(PASSWORD)


def login_token(ctx: CommandContext, username: str, role: str, offices: list[str]) -> str:
    """A user (password `password-1`) and a bearer token as `POST /auth/login` would give."""
    token = secrets.token_urlsafe(32)
    with ctx.transaction() as tx:
        user = account_store.add_user(tx.connection, username, _password_hash(), role, offices, tx.now)
        account_store.add_staff_token(tx.connection, hash_token(token), user.id, tx.now, tx.now + dt.timedelta(hours=1))
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
