"""Who may do what, and where: one place for the REST API, Socket.IO and the commands alike.

The policy functions below (`require_…`, `in_scope`, `oversees`) are the
only spelling of each rule. An API operation declares one `Access` value
(`PUBLIC`, `DESK_WORKER`, `SUPERVISOR`, …): its label goes into the OpenAPI
document, its `office` says where the request's office is found, and its
check is one of these functions; the API registry applies it before the
handler runs. A command that the CLI or Socket.IO calls as well checks
again with the same function.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ..domain.errors import AccessDenied, NotAuthenticated
from .context import Actor, DeviceKind, StaffRole

DESK_ROLES = frozenset({StaffRole.OPERATOR, StaffRole.SUPERVISOR})


def in_scope(actor: Actor, office: str) -> bool:
    return actor.network_wide or office in actor.offices


def require_actor(actor: Actor | None) -> Actor:
    if actor is None:
        raise NotAuthenticated("this needs a staff or device token (Authorization: Bearer …)")
    return actor


def require_device_or_staff(actor: Actor | None, office: str, device: DeviceKind, refusal: str) -> Actor:
    """A device of this kind registered to the office, or any staff member working in it."""
    actor = require_actor(actor)
    if actor.is_device():
        allowed = actor.is_device(device) and office in actor.offices
    else:
        allowed = actor.is_staff and in_scope(actor, office)
    if not allowed:
        raise AccessDenied(refusal)
    return actor


def require_device(actor: Actor | None, kind: DeviceKind) -> Actor:
    """A registered device of `kind` (a print agent reporting, a kiosk asking for its print results)."""
    if actor is None or not actor.is_device(kind):
        raise AccessDenied(f"this needs a {kind} device token")
    return actor


def require_issue_ticket(actor: Actor | None, office: str) -> Actor:
    """A kiosk of the office, or any staff member working in it."""
    return require_device_or_staff(actor, office, DeviceKind.KIOSK, f"not allowed to issue tickets in office {office}")


def require_desk_work(actor: Actor | None, office: str) -> Actor:
    """An operator (or supervisor) of the desk's own office."""
    actor = require_actor(actor)
    if not actor.has_role(*DESK_ROLES) or office not in actor.offices:
        raise AccessDenied(f"only an operator of office {office} may work its desks")
    return actor


def may_watch_staff_stream(actor: Actor | None, office: str) -> bool:
    return actor is not None and actor.is_staff and in_scope(actor, office)


def require_board_viewer(actor: Actor | None, office: str) -> Actor:
    """A display device of the office, or staff working in it: what a paired board asks for."""
    refusal = f"this board of office {office} needs a display token of that office"
    return require_device_or_staff(actor, office, DeviceKind.DISPLAY, refusal)


def require_staff(actor: Actor | None) -> Actor:
    """Any staff member (a device has no login to manage)."""
    actor = require_actor(actor)
    if not actor.is_staff:
        raise AccessDenied("this is for a staff member's login, not a device's")
    return actor


def require_staff_of(actor: Actor | None, office: str) -> Actor:
    """Any staff member whose offices include `office` (managers and admins: every office)."""
    actor = require_actor(actor)
    if not actor.is_staff or not in_scope(actor, office):
        raise AccessDenied(f"only staff of office {office} may see this")
    return actor


def require_supervisor(actor: Actor | None, office: str | None) -> Actor:
    """A supervisor of `office`, or an admin: who may rearrange that office's queue, desks and devices.

    `office` None (a listing of no one office) lets in an admin or any
    supervisor, who then sees only their own offices.
    """
    actor = require_actor(actor)
    supervisor = actor.has_role(StaffRole.SUPERVISOR) and (office is None or office in actor.offices)
    if not (supervisor or actor.has_role(StaffRole.ADMIN)):
        who = f"a supervisor of office {office}" if office is not None else "a supervisor"
        raise AccessDenied(f"only {who} (or an admin) may do this")
    return actor


def require_booker(actor: Actor | None) -> Actor | None:
    """Who may book a time: the public (no token), a partner's token, or a supervisor, a manager or an admin.

    A staff member books on a caller's behalf (a phone call to the hotline);
    whether the office is theirs is the command's check, as the office is in
    the body (`require_office_overseer`).
    """
    if actor is None or actor.is_device(DeviceKind.PARTNER) or oversees(actor, None, own_offices=True):
        return actor
    raise AccessDenied("a booking is made without a token, or with a partner's token, or by a supervisor, a manager or an admin")


def require_admin(actor: Actor | None, what: str = "do this") -> Actor:
    actor = require_actor(actor)
    if not actor.has_role(StaffRole.ADMIN):
        raise AccessDenied(f"only an admin may {what}")
    return actor


def oversees(actor: Actor, office: str | None, *, own_offices: bool = False) -> bool:
    """A manager or an admin oversees every office; a supervisor their own.

    `office` None asks for the whole network: only managers and admins,
    unless `own_offices` lets a supervisor mean all of their own offices.
    """
    if actor.network_wide:
        return True
    if not actor.has_role(StaffRole.SUPERVISOR):
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


def require_record_reader(actor: Actor | None, office: str | None) -> Actor:
    """An office's records (audit log, reports): its supervisor, a manager or an admin; the network's: the latter two."""
    if office is None:
        return require_overseer(actor, None, "the records of the whole network are for managers and admins; a supervisor names an office")
    return require_office_overseer(actor, office)


def require_dashboard_reader(actor: Actor | None, office: str | None) -> Actor:
    """Managers and admins: every office; a supervisor: their own offices (all of them when none is named)."""
    where = f"office {office}" if office is not None else "the offices"
    refusal = f"the dashboard of {where} is for its supervisor, a manager or an admin"
    return require_overseer(actor, office, refusal, own_offices=True)


# ---- access declared per endpoint


class OfficeFrom(StrEnum):
    """Where an operation's office is found, before its handler runs (the API registry looks it up)."""

    NONE = "none"  # the operation concerns no one office
    PATH = "office"  # the path's <office> (an unknown one is a 404, told only to a caller with a token)
    QUERY = "query"  # the query's `office`, as sent and unchecked (absent: None); the handler checks it after
    DESK = "desk_id"  # the office of the path's desk
    DEVICE = "device_id"  # the office of the path's registered device
    BOARD = "board"  # the office of the path's hall board; None for a board that is not paired


Check = Callable[[Actor | None, str | None], Actor | None]


@dataclass(frozen=True)
class Access:
    """Who may call an operation: the document's label, where the office is found, and the check.

    `check(actor, office)` returns the actor let in or raises 401/403;
    with `needs_token` a caller without a token gets 401 before the office
    is even looked up, so they learn nothing, not whether it exists.
    """

    label: str  # the document's `x-cherga-auth`; tests/api/test_access_matrix.py has the rule of each
    check: Check
    office: OfficeFrom = OfficeFrom.NONE
    needs_token: bool = True
    # Whether the staff pages' session cookie counts; False: only a bearer token does, so a member of
    # staff whose browser holds a session acts as the public on a public page (the booking page).
    session: bool = True

    @property
    def public(self) -> bool:
        """Anyone may call it, and the handler gets no actor."""
        return self.check is _anyone

    def at(self, office: OfficeFrom) -> Access:
        """The same rule, with the office found elsewhere (a desk's, a device's, the query's)."""
        return dataclasses.replace(self, office=office)

    def allow(self, actor: Actor | None, office: str | None) -> Actor | None:
        return self.check(require_actor(actor) if self.needs_token else actor, office)

    def kind_of(self, other: Access) -> bool:
        """The same declared rule, wherever the office is found."""
        return self.label == other.label and self.check is other.check and self.needs_token == other.needs_token


def _anyone(actor: Actor | None, office: str | None) -> Actor | None:
    return actor


def _token_holder(actor: Actor | None, office: str | None) -> Actor:
    return require_actor(actor)


def _staff(actor: Actor | None, office: str | None) -> Actor:
    return require_staff(actor) if office is None else require_staff_of(actor, office)


def _issuer(actor: Actor | None, office: str | None) -> Actor:
    return require_issue_ticket(actor, _named(office))


def _desk_worker(actor: Actor | None, office: str | None) -> Actor:
    return require_desk_work(actor, _named(office))


def _admin(actor: Actor | None, office: str | None) -> Actor:
    return require_admin(actor)


def _board_viewer(actor: Actor | None, office: str | None) -> Actor | None:
    return actor if office is None else require_board_viewer(actor, office)


def _booker(actor: Actor | None, office: str | None) -> Actor | None:
    return require_booker(actor)


def _office_overseer(actor: Actor | None, office: str | None) -> Actor:
    if office is None:  # an operation over several offices (the network's alert form): managers and admins
        return require_overseer(actor, None, "only a manager or an admin may act on several offices at once")
    return require_office_overseer(actor, office)


def _office_node(actor: Actor | None, office: str | None) -> Actor:
    return require_device(actor, DeviceKind.NODE)


def _named(office: str | None) -> str:
    if office is None:  # a declaration's mistake, caught by the registry when it is declared
        raise ValueError("this access needs an office")
    return office


PUBLIC = Access("none", _anyone, needs_token=False)
# Any staff member whose scope includes the office (any staff member where there is no office).
STAFF_OF_OFFICE = Access("staff", _staff)
# Any holder of a token, device or staff: who a token belongs to (a kiosk asks whether it is paired).
TOKEN_HOLDER = Access("staff", _token_holder)
KIOSK_OR_STAFF = Access("kiosk or staff", _issuer, OfficeFrom.PATH)
DESK_WORKER = Access("operator", _desk_worker, OfficeFrom.DESK)
SUPERVISOR = Access("supervisor", require_supervisor, OfficeFrom.PATH)
AUDIT_READER = Access("audit reader", require_record_reader, OfficeFrom.PATH)
# The dashboard: as AUDIT_READER, but a supervisor without an office named sees all of their own.
DASHBOARD_READER = Access("audit reader", require_dashboard_reader, OfficeFrom.PATH)
ADMIN = Access("admin", _admin)
# Booking: anyone without a token; with a bearer token, a partner or an office's overseer (never by the session cookie).
BOOKER = Access("none, partner or overseer", _booker, needs_token=False, session=False)
# An office's supervisor, a manager or an admin: who books for callers and cancels the office's bookings.
# Where the operation names no office (several at once): a manager or an admin.
OFFICE_OVERSEER = Access("overseer", _office_overseer, OfficeFrom.PATH)
# Anyone for a board that is not paired; a display of the office (or its staff) for a paired one.
DISPLAY_WHEN_PAIRED = Access("display when paired", _board_viewer, OfficeFrom.BOARD, needs_token=False)

# An office node's token (docs/nodes.md): its office is the one it adopted, found by the command.
OFFICE_NODE = Access("office node", _office_node, session=False)

DECLARED = (
    PUBLIC, STAFF_OF_OFFICE, TOKEN_HOLDER, KIOSK_OR_STAFF, DESK_WORKER, SUPERVISOR, AUDIT_READER, DASHBOARD_READER,
    ADMIN, DISPLAY_WHEN_PAIRED, BOOKER, OFFICE_OVERSEER, OFFICE_NODE,
)
LABELS = tuple(dict.fromkeys(access.label for access in DECLARED))
