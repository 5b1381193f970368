"""Who may see and revoke registered devices, and how a device is shown.

Registering a device hands out a token that acts in an office without a
person present, so it is an admin's job; revoking one (a stolen kiosk, a
broken board) is urgent, so the office's supervisor may do it too.
"""

from __future__ import annotations

from typing import Any

from ..domain.errors import AccessDenied
from ..domain.events import timestamp
from ..store.accounts import DeviceRecord
from . import accounts
from .access import require_actor
from .accounts import Role
from .context import Actor, CommandContext


def require_device_admin(actor: Actor | None) -> Actor:
    actor = require_actor(actor)
    if actor.kind != "staff" or actor.role != Role.ADMIN:
        raise AccessDenied("only an admin registers devices")
    return actor


def require_device_keeper(actor: Actor | None, office: str) -> Actor:
    """An admin, or a supervisor of the office."""
    actor = require_actor(actor)
    if actor.kind == "staff" and (
        actor.role == Role.ADMIN or (actor.role == Role.SUPERVISOR and office in actor.offices)
    ):
        return actor
    raise AccessDenied(f"the devices of office {office} are for its supervisor or an admin")


def devices_for(ctx: CommandContext, office: str | None, *, actor: Actor) -> list[DeviceRecord]:
    """An office's devices; without an office, all of them for an admin, a supervisor's offices' for a supervisor."""
    if office is not None:
        require_device_keeper(actor, ctx.office(office).code)
        return accounts.list_devices(ctx, [office])
    if actor.kind == "staff" and actor.role == Role.ADMIN:
        return accounts.list_devices(ctx)
    if actor.kind == "staff" and actor.role == Role.SUPERVISOR:
        return accounts.list_devices(ctx, actor.offices)
    raise AccessDenied("the devices are for a supervisor or an admin")


def device_view(record: DeviceRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "kind": record.kind,
        "office": record.office,
        "name": record.name,
        "created_at": timestamp(record.created_at),
        "revoked_at": timestamp(record.revoked_at),
        "active": record.revoked_at is None,
    }
