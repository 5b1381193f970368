"""Staff accounts and registered devices: create, resolve a token, revoke.

Passwords are kept as scrypt hashes (slow on purpose); tokens are random and
only their SHA-256 is stored. Logging in and out is in `logins.py`. Every
change is written to the audit log; the CLI acts as `CONSOLE`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from werkzeug.security import generate_password_hash

from protocol import events

from ..domain.errors import AlreadyExists, InvalidRequest, NotFound
from ..store import accounts as account_store
from ..store.accounts import DeviceRecord, UserRecord
from .context import NETWORK_ROLES, Actor, ActorKind, CommandContext, DeviceKind, DeviceMessage, StaffRole, Transaction

# What a revoked device's live connections hear before they are closed; its page says «Пристрій відкликано».
DEVICE_REVOKED = events.DEVICE_REVOKED


USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
# The one rule for a password, for the CLI, the API and the pages (the guides say the same: a test checks).
MIN_PASSWORD = 10
MAX_PASSWORD = 200
DEVICE_NAME_MAX = 100
# A device's "last seen" is written at most this often: a kiosk asks every few seconds.
LAST_SEEN_EVERY = dt.timedelta(minutes=1)
# The server's own command line (`cherga user …`, `cherga device …`, the demo):
# whoever can run it already holds the database.
CONSOLE = Actor(kind=ActorKind.CONSOLE, name="cli", role=StaffRole.ADMIN, offices=())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_offices(ctx: CommandContext, offices: list[str]) -> None:
    unknown = [code for code in offices if code not in ctx.network.offices]
    if unknown:
        raise NotFound(f"unknown office(s): {', '.join(unknown)}", offices=unknown)


def check_password_rules(password: str, field: str = "password") -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidRequest(f"a password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters", field=field)


def audit_account(
    tx: Transaction,
    actor: Actor,
    action: str,
    offices: Iterable[str],
    details: Mapping[str, Any] | None = None,
) -> None:
    """An account's event goes to the log of each of its offices (a manager's to the network's)."""
    for office in logs_of(offices):
        tx.audit(actor, action, office=office, details=details)


def logs_of(offices: Iterable[str]) -> list[str | None]:
    """The offices whose logs hear of an account: its own, or the network's (None) for a network role."""
    own: list[str | None] = [*sorted(set(offices))]
    return own or [None]


def add_user(
    ctx: CommandContext,
    username: str,
    password: str,
    role: str,
    offices: list[str],
    *,
    actor: Actor = CONSOLE,
) -> UserRecord:
    if not USERNAME.match(username):
        raise InvalidRequest(
            "a user name has 2-60 characters: small latin letters, digits, '.', '_' or '-'",
            field="username",
        )
    try:
        parsed_role = StaffRole(role)
    except ValueError:
        raise InvalidRequest(f"role must be one of {', '.join(r.value for r in StaffRole)}", field="role") from None
    if parsed_role not in NETWORK_ROLES and not offices:
        raise InvalidRequest(f"a {parsed_role.value} needs at least one office", field="office")
    _check_offices(ctx, offices)
    check_password_rules(password)
    password_hash = generate_password_hash(password)
    with ctx.transaction() as tx:
        if account_store.user_by_name(tx.connection, username) is not None:
            raise AlreadyExists(f"user {username!r} already exists", username=username)
        user = account_store.add_user(
            tx.connection, username, password_hash, parsed_role.value, sorted(set(offices)), tx.now
        )
        audit_account(tx, actor, "user_added", user.offices, {"username": user.username, "role": user.role})
        return user


def set_password(ctx: CommandContext, username: str, password: str, *, actor: Actor = CONSOLE) -> None:
    """An administrator's reset: every login of the user ends, whoever holds it."""
    check_password_rules(password)
    password_hash = generate_password_hash(password)
    with ctx.transaction() as tx:
        user = account_store.user_by_name(tx.connection, username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        account_store.set_password(tx.connection, user.id, password_hash)
        ended = account_store.revoke_user_tokens(tx.connection, user.id, tx.now)
        audit_account(tx, actor, "password_changed", user.offices, {"username": user.username, "logins_ended": ended})


def staff_actor(user: UserRecord) -> Actor:
    return Actor(kind=ActorKind.STAFF, name=user.username, role=StaffRole(user.role), offices=tuple(user.offices), user_id=user.id)


# Hashes of tokens found to be a device's: a kiosk's next request asks the
# devices first, one query instead of two. Only the order of the look-ups
# follows from it, never the answer (each request reads the token's row, so
# a revocation, by whichever process, holds at once); bounded, forgotten when full.
_DEVICE_TOKENS: dict[str, None] = {}
_DEVICE_TOKENS_KEPT = 10_000


def actor_for_token(ctx: CommandContext, token: str) -> Actor | None:
    """The staff member or device a bearer token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    digest = hash_token(token)
    with ctx.reading() as conn:
        device = account_store.device_by_token(conn, digest) if digest in _DEVICE_TOKENS else None
        if device is None:
            user = account_store.user_by_token(conn, digest, ctx.clock())
            if user is not None:
                return staff_actor(user)
            device = account_store.device_by_token(conn, digest)
    if device is None:
        return None
    if digest not in _DEVICE_TOKENS:
        if len(_DEVICE_TOKENS) >= _DEVICE_TOKENS_KEPT:
            _DEVICE_TOKENS.clear()
        _DEVICE_TOKENS[digest] = None
    now = ctx.clock()
    if device.last_seen_at is None or now - device.last_seen_at >= LAST_SEEN_EVERY:
        with ctx.transaction() as tx:
            account_store.touch_device(tx.connection, device.id, tx.now, unless_after=tx.now - LAST_SEEN_EVERY)
    return Actor(kind=ActorKind.DEVICE, name=device.name, role=DeviceKind(device.kind), offices=(device.office,), device_id=device.id)


def revoked_device(ctx: CommandContext, token: str) -> DeviceRecord | None:
    """The device a refused token was revoked from, if that is why it is refused."""
    if not token or len(token) > 200:
        return None
    with ctx.reading() as conn:
        return account_store.revoked_device_by_token(conn, hash_token(token))


def add_device(
    ctx: CommandContext, kind: str, office: str, name: str, *, actor: Actor = CONSOLE
) -> tuple[DeviceRecord, str]:
    """Register a kiosk, display, print agent or partner; the token is shown once and kept only hashed."""
    try:
        parsed = DeviceKind(kind)
    except ValueError:
        raise InvalidRequest(f"kind must be one of {', '.join(k.value for k in DeviceKind)}", field="kind") from None
    _check_offices(ctx, [office])
    name = name.strip()
    if not name or len(name) > DEVICE_NAME_MAX:
        raise InvalidRequest(f"a device name has 1 to {DEVICE_NAME_MAX} characters", field="name")
    token = secrets.token_urlsafe(32)
    with ctx.transaction() as tx:
        if account_store.device_by_name(tx.connection, office, parsed.value, name) is not None:
            raise AlreadyExists(f"{parsed.value} {name!r} of office {office} already exists")
        record = account_store.add_device(tx.connection, parsed.value, office, name, hash_token(token), tx.now)
        tx.audit(actor, "device_added", office=office, details=_device_details(record))
    return record, token


def revoke_device(ctx: CommandContext, device_id: int, *, actor: Actor = CONSOLE) -> DeviceRecord:
    """The device's token stops working at once, and its live connections are told and closed.

    The server that revokes closes them after the commit (the `device.revoked`
    message); a revocation made elsewhere (the CLI, another server process)
    is found by each server's heartbeat within a beat.
    """
    with ctx.transaction() as tx:
        record = account_store.device_by_id(tx.connection, device_id)
        if record is None:
            raise NotFound(f"no device {device_id}", device=device_id)
        if account_store.revoke_device(tx.connection, device_id, tx.now):
            tx.audit(actor, "device_revoked", office=record.office, details=_device_details(record))
            tx.tell(DeviceMessage(record.kind, record.office, record.name, DEVICE_REVOKED, {"device": record.id, "reason": "revoked"}))
        revoked = account_store.device_by_id(tx.connection, device_id)
        assert revoked is not None
        return revoked


def revoked_among(ctx: CommandContext, device_ids: Collection[int]) -> list[int]:
    """Which of these devices have been revoked: a server asks about the devices connected to it."""
    with ctx.reading() as conn:
        return account_store.revoked_among(conn, device_ids)


def device_by_id(ctx: CommandContext, device_id: int) -> DeviceRecord:
    with ctx.reading() as conn:
        record = account_store.device_by_id(conn, device_id)
    if record is None:
        raise NotFound(f"no device {device_id}", device=device_id)
    return record


def list_devices(ctx: CommandContext, offices: Collection[str] | None = None) -> list[DeviceRecord]:
    """Every registered device, or those of `offices`, revoked ones included."""
    with ctx.reading() as conn:
        return account_store.list_devices(conn, offices)


def _device_details(record: DeviceRecord) -> dict[str, Any]:
    return {"device": record.id, "kind": record.kind, "name": record.name}
