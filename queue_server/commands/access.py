"""Who may do what, and where: one place for the REST API and Socket.IO alike."""

from __future__ import annotations

from ..domain.errors import AccessDenied, NotAuthenticated
from .accounts import NETWORK_ROLES, DeviceKind, Role
from .context import Actor

DESK_ROLES = frozenset({Role.OPERATOR, Role.SUPERVISOR})


def in_scope(actor: Actor, office: str) -> bool:
    if actor.kind == "staff" and actor.role in NETWORK_ROLES:
        return True
    return office in actor.offices


def require_actor(actor: Actor | None) -> Actor:
    if actor is None:
        raise NotAuthenticated("this needs a staff or device token (Authorization: Bearer …)")
    return actor


def require_device_or_staff(actor: Actor | None, office: str, device: DeviceKind, refusal: str) -> Actor:
    """A device of this kind registered to the office, or any staff member working in it."""
    actor = require_actor(actor)
    if actor.kind == "device":
        allowed = actor.role == device and office in actor.offices
    else:
        allowed = in_scope(actor, office)
    if not allowed:
        raise AccessDenied(refusal)
    return actor


def require_issue_ticket(actor: Actor | None, office: str) -> Actor:
    """A kiosk of the office, or any staff member working in it."""
    return require_device_or_staff(actor, office, DeviceKind.KIOSK, f"not allowed to issue tickets in office {office}")


def require_desk_work(actor: Actor | None, office: str) -> Actor:
    """An operator (or supervisor) of the desk's own office."""
    actor = require_actor(actor)
    if actor.kind != "staff" or actor.role not in DESK_ROLES or office not in actor.offices:
        raise AccessDenied(f"only an operator of office {office} may work its desks")
    return actor


def may_watch_staff_stream(actor: Actor | None, office: str) -> bool:
    return actor is not None and actor.kind == "staff" and in_scope(actor, office)


def require_board_viewer(actor: Actor | None, office: str) -> Actor:
    """A display device of the office, or staff working in it: what a paired board asks for."""
    refusal = f"this board of office {office} needs a display token of that office"
    return require_device_or_staff(actor, office, DeviceKind.DISPLAY, refusal)


def require_staff_of(actor: Actor | None, office: str) -> Actor:
    """Any staff member whose offices include `office` (managers and admins: every office)."""
    actor = require_actor(actor)
    if actor.kind != "staff" or not in_scope(actor, office):
        raise AccessDenied(f"only staff of office {office} may see this")
    return actor


def require_supervisor(actor: Actor | None, office: str) -> Actor:
    """A supervisor of `office`, or an admin: who may rearrange that office's queue and desks."""
    actor = require_actor(actor)
    supervisor = actor.role == Role.SUPERVISOR and office in actor.offices
    if actor.kind != "staff" or not (supervisor or actor.role == Role.ADMIN):
        raise AccessDenied(f"only a supervisor of office {office} (or an admin) may do this")
    return actor


def oversees(actor: Actor, office: str | None, *, own_offices: bool = False) -> bool:
    """A manager or an admin oversees every office; a supervisor their own.

    `office` None asks for the whole network: only managers and admins,
    unless `own_offices` lets a supervisor mean all of their own offices.
    """
    if actor.kind != "staff":
        return False
    if actor.role in NETWORK_ROLES:
        return True
    if actor.role != Role.SUPERVISOR:
        return False
    return own_offices if office is None else office in actor.offices


def require_overseer(actor: Actor | None, office: str | None, refusal: str, *, own_offices: bool = False) -> Actor:
    """The actor, if they oversee `office` (see `oversees`); otherwise `refusal` as a 403."""
    actor = require_actor(actor)
    if not oversees(actor, office, own_offices=own_offices):
        raise AccessDenied(refusal)
    return actor


def require_office_overseer(actor: Actor | None, office: str) -> Actor:
    """A supervisor of `office`, a manager or an admin: who reads an office's staff and records."""
    return require_overseer(actor, office, f"only a supervisor of office {office}, a manager or an admin may see this")
