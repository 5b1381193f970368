"""Logging in and out, and a staff member's own change of password.

Guessing is made slow three ways: every password check costs an scrypt hash
(an unknown user name costs one too, so timing does not tell who exists); an
account is locked for a while after `max_failures` failed checks within
`lockout`, so that even the right password waits; and one address may fail
only `address_limit` times within `address_window`, whatever the names it
tries. The counts live in the database (`login_attempts`), so they hold
across server processes. Every outcome is written to the audit log; a
password never is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.events import timestamp
from ..domain.errors import AccessDenied, AccountLocked, InvalidRequest, NotAuthenticated, TooManyAttempts
from ..store import accounts as account_store
from ..store import audit as audit_store
from ..store import logins as login_store
from ..store.accounts import UserRecord
from .accounts import audit_account, check_password_rules, hash_token, logs_of, staff_actor
from .context import Actor, CommandContext, Transaction

# An unknown user still costs a hash check, so timing does not reveal who exists.
DUMMY_HASH = generate_password_hash("not a real password")
WRONG = "wrong user name or password"


@dataclass(frozen=True)
class LoginLimits:
    max_failures: int = 10
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    address_limit: int = 30
    address_window: dt.timedelta = dt.timedelta(minutes=10)


def locked_until(failures: Sequence[dt.datetime], limits: LoginLimits) -> dt.datetime | None:
    """When the lockout that `failures` (newest first, since the last success) impose ends, if any.

    `max_failures` failures within `lockout` of each other lock the account
    for `lockout` from the last of them. Refused attempts are not counted,
    so once the lockout is over a guesser needs `max_failures` new failures
    for the next one, and the owner is not kept out for ever.
    """
    if len(failures) < limits.max_failures:
        return None
    newest, oldest = failures[0], failures[limits.max_failures - 1]
    if newest - oldest >= limits.lockout:
        return None
    return newest + limits.lockout


def address_free_at(failures: Sequence[dt.datetime], limits: LoginLimits) -> dt.datetime | None:
    """When an address over its limit may try again: `failures` are its failures in the window, oldest first."""
    if len(failures) < limits.address_limit:
        return None
    return failures[len(failures) - limits.address_limit] + limits.address_window


def _seconds(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def _lockout_of(conn: sa.Connection, username: str, now: dt.datetime, limits: LoginLimits) -> dt.datetime | None:
    # a lockout still running began within `lockout`, after failures within `lockout` before that
    failures = login_store.recent_failures(conn, username, since=now - 2 * limits.lockout, limit=limits.max_failures)
    return locked_until(failures, limits)


def _refuse_if_throttled(
    conn: sa.Connection, username: str, address: str | None, now: dt.datetime, limits: LoginLimits
) -> None:
    if address:
        failures = login_store.address_failures(conn, address, since=now - limits.address_window)
        free_at = address_free_at(failures, limits)
        if free_at is not None and free_at > now:
            raise TooManyAttempts(
                "too many failed logins from this address; wait and try again", retry_after=_seconds(free_at, now)
            )
    until = _lockout_of(conn, username, now, limits)
    if until is not None and until > now:
        raise AccountLocked(
            "this account is locked for a while after too many failed logins", retry_after=_seconds(until, now)
        )


def _failed(
    tx: Transaction,
    typed: str,
    user: UserRecord | None,
    address: str | None,
    limits: LoginLimits,
    reason: str,
) -> dt.datetime | None:
    """Count and audit a failed check; returns when the lockout this failure starts ends, if it starts one."""

    def log(action: str, details: dict[str, Any]) -> None:
        for office in logs_of(user.offices if user else ()):
            audit_store.record(
                tx.connection,
                at=tx.now,
                actor=f"user:{typed}",  # as typed: the name may belong to nobody
                role=user.role if user else None,
                action=action,
                office=office,
                details=details,
                address=address,
            )

    login_store.record(tx.connection, typed, address, tx.now, ok=False)
    log("login_failed", {"reason": reason})
    until = _lockout_of(tx.connection, typed, tx.now, limits)  # not locked before this failure: it starts any lockout
    if until is not None:
        log("locked_out", {"until": timestamp(until), "failures": limits.max_failures})
    return until


def login(
    ctx: CommandContext,
    username: str,
    password: str,
    *,
    lifetime: dt.timedelta,
    address: str | None = None,
    limits: LoginLimits = LoginLimits(),
) -> tuple[str, UserRecord]:
    """Check the password; return a new bearer token and the user.

    The limits are checked before the (slow) hash and again in the writing
    transaction, so logins racing in parallel cannot pass `max_failures`.
    """
    with ctx.reading() as conn:
        _refuse_if_throttled(conn, username, address, ctx.clock(), limits)
        user = account_store.user_by_name(conn, username)
    known = user if user is not None and user.active else None
    matches = check_password_hash(known.password_hash if known else DUMMY_HASH, password)
    token = secrets.token_urlsafe(32)
    with ctx.transaction() as tx:
        _refuse_if_throttled(tx.connection, username, address, tx.now, limits)
        if known is not None and matches:
            login_store.record(tx.connection, username, address, tx.now, ok=True)
            account_store.add_staff_token(tx.connection, hash_token(token), known.id, tx.now, tx.now + lifetime)
            audit_account(tx, dataclasses.replace(staff_actor(known), address=address), "login", known.offices)
            login_store.forget_before(tx.connection, tx.now - 2 * max(limits.lockout, limits.address_window))
            return token, known
        lockout = _failed(tx, username, known, address, limits, "wrong password" if known else "unknown user")
        now = tx.now
    if lockout is not None:
        raise AccountLocked(
            f"{WRONG}; after too many failed logins the account is locked for a while", retry_after=_seconds(lockout, now)
        )
    raise NotAuthenticated(WRONG)


def logout(ctx: CommandContext, token: str, *, actor: Actor, reason: str | None = None) -> None:
    """End one login; `reason` says why when it is not the person's own click (an idle session)."""
    with ctx.transaction() as tx:
        account_store.revoke_staff_token(tx.connection, hash_token(token), tx.now)
        audit_account(tx, actor, "logout", actor.offices, {"reason": reason} if reason else None)


def change_password(
    ctx: CommandContext,
    current_password: str,
    new_password: str,
    *,
    actor: Actor,
    token: str | None,
    limits: LoginLimits = LoginLimits(),
) -> int:
    """The staff member's own change: every other login of theirs ends; returns how many did.

    A wrong current password counts as a failed login, so a stolen session
    cannot be used to guess it.
    """
    if actor.kind != "staff" or actor.user_id is None:
        raise AccessDenied("only a staff member has a password to change")
    check_password_rules(new_password, field="new_password")
    if new_password == current_password:
        raise InvalidRequest("the new password must differ from the current one", field="new_password")
    with ctx.reading() as conn:
        _refuse_if_throttled(conn, actor.name, actor.address, ctx.clock(), limits)
        user = account_store.user_by_id(conn, actor.user_id)
    if user is None:
        raise NotAuthenticated("no such user any more")
    matches = check_password_hash(user.password_hash, current_password)
    new_hash = generate_password_hash(new_password) if matches else None
    with ctx.transaction() as tx:
        _refuse_if_throttled(tx.connection, actor.name, actor.address, tx.now, limits)
        if new_hash is not None:
            account_store.set_password(tx.connection, user.id, new_hash)
            keep = hash_token(token) if token else None
            ended = account_store.revoke_user_tokens(tx.connection, user.id, tx.now, keep=keep)
            audit_account(tx, actor, "password_changed", user.offices, {"username": user.username, "logins_ended": ended})
            return ended
        lockout = _failed(tx, user.username, user, actor.address, limits, "wrong current password")
        now = tx.now
    if lockout is not None:
        raise AccountLocked(
            "the current password is not right; the account is locked for a while", retry_after=_seconds(lockout, now)
        )
    raise InvalidRequest("the current password is not right", field="current_password")
