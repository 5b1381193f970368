"""Logging in and out, a staff member's own change of password, and an unlock.

Guessing is made slow three ways: every password check costs an scrypt hash
(an unknown user name costs one too, so timing does not tell who exists); an
account is locked *for one address* after `max_failures` failed checks from
that address within `lockout`, so that even the right password waits there;
and one address may fail only `address_limit` times within `address_window`,
whatever the names it tries. A stranger who knows a user name therefore
locks only their own address out of that account: its owner, from any other
address, still logs in. Addresses of the office's own networks
(`trusted`, CHERGA_TRUSTED_NETWORKS) are never refused for the failures of
others at that address; only the account tried from there is locked. A
supervisor of the account's office (or an admin) may unlock an account at
once. The counts live in the database (`login_attempts`), so they hold
across server processes.

Every outcome is written to the audit log; a password never is, nor a user
name that belongs to nobody (it may be a password typed into the wrong
field): such a name is kept only as its keyed hash, which tells repeated
tries of one name apart without saying what was typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import ipaddress
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.errors import AccessDenied, AccountLocked, InvalidRequest, NotAuthenticated, NotFound, TooManyAttempts
from ..domain.events import timestamp
from ..store import accounts as account_store
from ..store import audit as audit_store
from ..store import logins as login_store
from ..store.accounts import UserRecord
from .accounts import audit_account, check_password_rules, hash_token, logs_of, staff_actor
from .context import Actor, CommandContext, Transaction

# An unknown user still costs a hash check, so timing does not reveal who exists.
DUMMY_HASH = generate_password_hash("not a real password")
WRONG = "wrong user name or password"
# The key of unknown names' hashes when the server gives none (the CLI, tests):
# counts of one unknown name then hold for this process only, which is harmless.
PROCESS_NAME_KEY = secrets.token_bytes(32)
UNKNOWN_PREFIX = "?"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class LoginLimits:
    max_failures: int = 10
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    address_limit: int = 30
    address_window: dt.timedelta = dt.timedelta(minutes=10)
    trusted: tuple[Network, ...] = field(default=())  # the office's own networks: no address limit

    def trusts(self, address: str | None) -> bool:
        if not address or not self.trusted:
            return False
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(parsed in network for network in self.trusted)


def masked_name(typed: str, key: bytes) -> str:
    """What is kept of a user name that belongs to nobody: a keyed hash, never the text."""
    return UNKNOWN_PREFIX + hmac.new(key, typed.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


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


def _lockout_of(
    conn: sa.Connection, account: str, address: str | None, now: dt.datetime, limits: LoginLimits
) -> dt.datetime | None:
    # a lockout still running began within `lockout`, after failures within `lockout` before that
    failures = login_store.recent_failures(
        conn, account, address, since=now - 2 * limits.lockout, limit=limits.max_failures
    )
    return locked_until(failures, limits)


def _refuse_if_throttled(
    conn: sa.Connection, account: str, address: str | None, now: dt.datetime, limits: LoginLimits
) -> None:
    if address and not limits.trusts(address):
        failures = login_store.address_failures(conn, address, since=now - limits.address_window)
        free_at = address_free_at(failures, limits)
        if free_at is not None and free_at > now:
            raise TooManyAttempts(
                "too many failed logins from this address; wait and try again", retry_after=_seconds(free_at, now)
            )
    until = _lockout_of(conn, account, address, now, limits)
    if until is not None and until > now:
        raise AccountLocked(
            "this account is locked for a while after too many failed logins from here; "
            "a supervisor can unlock it",
            retry_after=_seconds(until, now),
        )


def _failed(
    tx: Transaction,
    account: str,
    user: UserRecord | None,
    address: str | None,
    limits: LoginLimits,
    reason: str,
) -> dt.datetime | None:
    """Count and audit a failed check; returns when the lockout this failure starts ends, if it starts one.

    `account` is the user's name, or the masked name when the name belongs to nobody.
    """

    def log(action: str, details: dict[str, Any]) -> None:
        for office in logs_of(user.offices if user else ()):
            audit_store.record(
                tx.connection,
                at=tx.now,
                actor=f"user:{account}",
                role=user.role if user else None,
                action=action,
                office=office,
                details=details,
                address=address,
            )

    login_store.record(tx.connection, account, address, tx.now, ok=False)
    log("login_failed", {"reason": reason})
    until = _lockout_of(tx.connection, account, address, tx.now, limits)  # not locked before: this failure starts it
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
    name_key: bytes = PROCESS_NAME_KEY,
) -> tuple[str, UserRecord]:
    """Check the password; return a new bearer token and the user.

    The limits are checked before the (slow) hash and again in the writing
    transaction, so logins racing in parallel cannot pass `max_failures`.
    """
    with ctx.reading() as conn:
        user = account_store.user_by_name(conn, username)
        account = user.username if user is not None else masked_name(username, name_key)
        _refuse_if_throttled(conn, account, address, ctx.clock(), limits)
    known = user if user is not None and user.active else None
    matches = check_password_hash(known.password_hash if known else DUMMY_HASH, password)
    token = secrets.token_urlsafe(32)
    with ctx.transaction() as tx:
        _refuse_if_throttled(tx.connection, account, address, tx.now, limits)
        if known is not None and matches:
            login_store.record(tx.connection, account, address, tx.now, ok=True)
            account_store.add_staff_token(tx.connection, hash_token(token), known.id, tx.now, tx.now + lifetime)
            audit_account(tx, dataclasses.replace(staff_actor(known), address=address), "login", known.offices)
            login_store.forget_before(tx.connection, tx.now - 2 * max(limits.lockout, limits.address_window))
            return token, known
        reason = "wrong password" if known else ("account disabled" if user else "unknown user")
        lockout = _failed(tx, account, user, address, limits, reason)
        now = tx.now
    if lockout is not None:
        raise AccountLocked(
            f"{WRONG}; after too many failed logins the account is locked here for a while", retry_after=_seconds(lockout, now)
        )
    raise NotAuthenticated(WRONG)


def unlock(ctx: CommandContext, username: str, *, actor: Actor, office: str | None = None) -> int:
    """Forget the account's failed logins from every address, so it may log in at once; returns how many.

    Through the API a supervisor of `office` (or an admin) unlocks an account
    of that office (the caller's right is checked by the API, as for every
    office's action); the CLI names no office.
    """
    with ctx.transaction() as tx:
        user = account_store.user_by_name(tx.connection, username)
        if user is None or (office is not None and office not in user.offices):
            where = f" in office {office}" if office is not None else ""
            raise NotFound(f"no user {username!r}{where}", username=username)
        forgotten = login_store.forget_failures(tx.connection, user.username)
        audit_account(tx, actor, "account_unlocked", user.offices, {"username": user.username, "failures_forgotten": forgotten})
        return forgotten


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
    if not actor.is_staff or actor.user_id is None:
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
