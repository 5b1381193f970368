"""Staff accounts and registered devices: create, log in, resolve a token, revoke.

Passwords are kept as scrypt hashes (slow on purpose); tokens are random and
only their SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from enum import StrEnum

from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.errors import AlreadyExists, InvalidRequest, NotAuthenticated, NotFound
from ..store import accounts as account_store
from ..store.accounts import DeviceRecord, UserRecord
from .context import Actor, CommandContext


class Role(StrEnum):
    OPERATOR = "operator"  # desk administrator
    SUPERVISOR = "supervisor"  # one office (or a few)
    MANAGER = "manager"  # the whole network
    ADMIN = "admin"  # configuration, the whole network


NETWORK_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


class DeviceKind(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    AGENT = "agent"


USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 200
DEVICE_NAME_MAX = 100
# An unknown user still costs a hash check, so timing does not reveal who exists.
_DUMMY_HASH = generate_password_hash("not a real password")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_offices(ctx: CommandContext, offices: list[str]) -> None:
    unknown = [code for code in offices if code not in ctx.network.offices]
    if unknown:
        raise NotFound(f"unknown office(s): {', '.join(unknown)}", offices=unknown)


def check_password_rules(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidRequest(
            f"a password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters", field="password"
        )


def add_user(ctx: CommandContext, username: str, password: str, role: str, offices: list[str]) -> UserRecord:
    if not USERNAME.match(username):
        raise InvalidRequest(
            "a user name has 2-60 characters: small latin letters, digits, '.', '_' or '-'",
            field="username",
        )
    try:
        parsed_role = Role(role)
    except ValueError:
        raise InvalidRequest(f"role must be one of {', '.join(r.value for r in Role)}", field="role") from None
    if parsed_role not in NETWORK_ROLES and not offices:
        raise InvalidRequest(f"a {parsed_role.value} needs at least one office", field="office")
    _check_offices(ctx, offices)
    check_password_rules(password)
    password_hash = generate_password_hash(password)
    with ctx.transaction() as tx:
        if account_store.user_by_name(tx.connection, username) is not None:
            raise AlreadyExists(f"user {username!r} already exists", username=username)
        return account_store.add_user(
            tx.connection, username, password_hash, parsed_role.value, sorted(set(offices)), tx.now
        )


def set_password(ctx: CommandContext, username: str, password: str) -> None:
    check_password_rules(password)
    password_hash = generate_password_hash(password)
    with ctx.transaction() as tx:
        user = account_store.user_by_name(tx.connection, username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        account_store.set_password(tx.connection, user.id, password_hash)


def login(ctx: CommandContext, username: str, password: str, *, lifetime: dt.timedelta) -> tuple[str, UserRecord]:
    """Check the password; return a new bearer token and the user."""
    with ctx.reading() as conn:
        user = account_store.user_by_name(conn, username)
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        raise NotAuthenticated("wrong user name or password")
    if not check_password_hash(user.password_hash, password):
        raise NotAuthenticated("wrong user name or password")
    token = secrets.token_urlsafe(32)
    with ctx.transaction() as tx:
        account_store.add_staff_token(tx.connection, hash_token(token), user.id, tx.now, tx.now + lifetime)
    return token, user


def logout(ctx: CommandContext, token: str) -> None:
    with ctx.transaction() as tx:
        account_store.revoke_staff_token(tx.connection, hash_token(token), tx.now)


def staff_actor(user: UserRecord) -> Actor:
    role = Role(user.role)
    offices = tuple(user.offices)
    return Actor(kind="staff", name=user.username, role=role.value, offices=offices, user_id=user.id)


def actor_for_token(ctx: CommandContext, token: str) -> Actor | None:
    """The staff member or device a bearer token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    digest = hash_token(token)
    with ctx.reading() as conn:
        user = account_store.user_by_token(conn, digest, ctx.clock())
        if user is not None:
            return staff_actor(user)
        device = account_store.device_by_token(conn, digest)
    if device is None:
        return None
    return Actor(kind="device", name=device.name, role=device.kind, offices=(device.office,), device_id=device.id)


def add_device(ctx: CommandContext, kind: str, office: str, name: str) -> tuple[DeviceRecord, str]:
    """Register a kiosk, display or print agent; the token is shown once and kept only hashed."""
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
    return record, token


def revoke_device(ctx: CommandContext, device_id: int) -> DeviceRecord:
    with ctx.transaction() as tx:
        record = account_store.device_by_id(tx.connection, device_id)
        if record is None:
            raise NotFound(f"no device {device_id}")
        account_store.revoke_device(tx.connection, device_id, tx.now)
        revoked = account_store.device_by_id(tx.connection, device_id)
        assert revoked is not None
        return revoked


def list_devices(ctx: CommandContext) -> list[DeviceRecord]:
    with ctx.reading() as conn:
        return account_store.list_devices(conn)
