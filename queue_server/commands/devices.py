"""Who may see and revoke registered devices, and how a device is shown.

Registering a device hands out a token that acts in an office without a
person present, so it is an admin's job; revoking one (a stolen kiosk, a
broken board) is urgent, so the office's supervisor may do it too.
"""

from __future__ import annotations

from typing import Any

from ..domain.events import timestamp
from ..store.accounts import DeviceRecord
from . import accounts
from .access import require_supervisor
from .context import Actor, CommandContext, StaffRole


def devices_for(ctx: CommandContext, office: str | None, *, actor: Actor) -> list[DeviceRecord]:
    """An office's devices; without an office, all of them for an admin, a supervisor's offices' for a supervisor."""
    if office is not None:
        require_supervisor(actor, ctx.office(office).code)
        return accounts.list_devices(ctx, [office])
    require_supervisor(actor, None)
    return accounts.list_devices(ctx) if actor.has_role(StaffRole.ADMIN) else accounts.list_devices(ctx, actor.offices)


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
