"""What every command needs: the database, the network, the clock, the publisher.

It is built once in `create_app` (or by the CLI) and passed to commands, so a
test can give a command a fixed clock and a recording publisher.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa

from ..domain.errors import NotFound
from ..domain.events import Event
from ..domain.model import Desk, DeskId, Network, Office, OfficeCode
from ..reads.presence import NoPresence, Presence
from ..store import audit as audit_store
from ..store import outbox
from ..store.engine import READ_ONLY

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceMessage:
    """A message for one registered device (a print job for a kiosk's agent, a print
    result for a kiosk page): not part of an office's event stream, sent after the commit."""

    kind: str  # the receiving device's kind: "agent" or "kiosk"
    office: str
    name: str
    event: str
    data: dict[str, Any]


class Publisher(Protocol):
    """Sends a committed transaction's events and device messages to whoever follows them."""

    def publish(self, messages: Sequence[dict[str, Any]]) -> None: ...

    def deliver(self, messages: Sequence[DeviceMessage]) -> None: ...


def send_committed(publisher: Publisher, messages: Sequence[dict[str, Any]], device_messages: Sequence[DeviceMessage]) -> None:
    """Send one committed transaction's messages; a failure is logged, not raised: the commit stands and clients resync from the outbox."""
    try:
        if messages:
            publisher.publish(messages)
        if device_messages:
            publisher.deliver(device_messages)
    except Exception:
        log.exception("publishing after a commit failed")


class NoPublisher:
    """For the CLI and for tests that read the outbox themselves."""

    def publish(self, messages: Sequence[dict[str, Any]]) -> None:
        return None

    def deliver(self, messages: Sequence[DeviceMessage]) -> None:
        return None


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class ActorKind(StrEnum):
    """Who asks, in kind: the strings are the ones the audit log and the API have always carried."""

    STAFF = "staff"
    DEVICE = "device"
    CONSOLE = "console"  # the CLI on the server itself
    VISITOR = "visitor"  # a member of the public, from their own phone (a remote ticket): no account


class StaffRole(StrEnum):
    OPERATOR = "operator"  # desk administrator
    SUPERVISOR = "supervisor"  # one office (or a few)
    MANAGER = "manager"  # the whole network
    ADMIN = "admin"  # configuration, the whole network


class DeviceKind(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    AGENT = "agent"
    PARTNER = "partner"  # the city's portal, the resident's cabinet, an app: books on a person's behalf (docs/booking.md)
    NODE = "node"  # an office node: serves its office's queue on the office's LAN and syncs with the centre (docs/nodes.md)


class VisitorRole(StrEnum):
    VISITOR = "visitor"  # no powers: a visitor acts only through the public operations


# The roles whose scope is every office (they have no offices of their own).
NETWORK_ROLES = frozenset({StaffRole.MANAGER, StaffRole.ADMIN})


@dataclass(frozen=True)
class Actor:
    """Who asks: a staff member (`user:NAME`), a registered device (`device:ID`), or the console.

    `kind` and `role` are enums (plain strings given are turned into them),
    so a misspelt role is an error where the actor is made, not a silent
    "no" wherever it is compared.
    """

    kind: ActorKind
    name: str
    role: StaffRole | DeviceKind | VisitorRole  # staff role (the console acts as an admin), the device kind, or a visitor
    offices: tuple[str, ...]
    user_id: int | None = None
    device_id: int | None = None
    address: str | None = None  # where the request came from, for the audit log

    def __post_init__(self) -> None:
        kind = ActorKind(self.kind)
        object.__setattr__(self, "kind", kind)
        role_kind = {ActorKind.DEVICE: DeviceKind, ActorKind.VISITOR: VisitorRole}.get(kind, StaffRole)
        object.__setattr__(self, "role", role_kind(self.role))

    @property
    def is_staff(self) -> bool:
        return self.kind is ActorKind.STAFF

    def is_device(self, kind: DeviceKind | None = None) -> bool:
        """A registered device (of `kind`, when given)."""
        return self.kind is ActorKind.DEVICE and (kind is None or self.role is kind)

    def has_role(self, *roles: StaffRole) -> bool:
        """A staff member holding one of `roles`."""
        return self.kind is ActorKind.STAFF and self.role in roles

    @property
    def network_wide(self) -> bool:
        """A manager or an admin: every office is theirs."""
        return self.has_role(*NETWORK_ROLES)

    @property
    def ref(self) -> str:
        if self.kind is ActorKind.STAFF:
            return f"user:{self.name}"
        if self.kind is ActorKind.DEVICE:
            return f"device:{self.device_id}"
        return f"{self.kind}:{self.name}"  # e.g. `console:cli`, the server's own command line


def is_audited(actor: Actor) -> bool:
    """Staff and the server's console answer for their actions; a device does not.

    What a kiosk or a print agent does is the public's own (a visitor takes
    a ticket, a printer reports), and so is what a visitor does from their
    own phone; the audit log is for people who act.
    """
    return not actor.is_device() and actor.kind is not ActorKind.VISITOR


@dataclass
class Transaction:
    """One command's transaction; `emit` writes an event to the outbox at once."""

    connection: sa.Connection
    now: dt.datetime
    messages: list[dict[str, Any]] = field(default_factory=list)
    device_messages: list[DeviceMessage] = field(default_factory=list)

    def emit(self, office: OfficeCode, event: Event) -> dict[str, Any]:
        message = outbox.append(self.connection, office, event.type, self.now, event.data)
        self.messages.append(message)
        return message

    def tell(self, message: DeviceMessage) -> None:
        """Send `message` to its device once this transaction has committed."""
        self.device_messages.append(message)

    def audit(
        self,
        actor: Actor,
        action: str,
        *,
        office: str | None,
        desk: str | None = None,
        ticket: int | None = None,
        ticket_number: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Write the action to the audit log in this transaction: it stands or falls with the change.

        Whether an actor is audited is decided here, once (`is_audited`), so
        a command calls this for every action and never asks who acts.
        """
        if not is_audited(actor):
            return
        audit_store.record(
            self.connection,
            at=self.now,
            actor=actor.ref,
            role=actor.role,
            action=action,
            office=office,
            desk=desk,
            ticket=ticket,
            ticket_number=ticket_number,
            details=details,
            address=actor.address,
        )


@dataclass
class CommandContext:
    engine: sa.Engine
    network: Network
    publisher: Publisher = field(default_factory=NoPublisher)
    clock: Callable[[], dt.datetime] = utc_now
    # One writer at a time inside this process: on SQLite a second BEGIN
    # IMMEDIATE would wait inside the driver and, under gevent, stall the hub.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # Who is connected now (boards' pages, print agents): the Socket.IO layer
    # puts its own here when it starts (`realtime/presence.live_presence`).
    presence: Presence = field(default_factory=NoPresence)
    # Committed transactions' messages in commit order, waiting to be published
    # (`_publish_in_order`); whoever holds `_publishing` sends them, one at a time.
    _outgoing: deque[tuple[list[dict[str, Any]], list[DeviceMessage]]] = field(default_factory=deque, init=False, repr=False)
    _publishing: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @contextmanager
    def transaction(self, *, office: str | None = None, as_writer: str | None = None, bookings: bool = False) -> Iterator[Transaction]:
        """One command's transaction; its events are published after the commit.

        With `office`, the office's write lock is taken first (its row in
        `office_sequences`, see `outbox.lock_office`), so two commands of
        one office never decide on the same tickets and desks at once, on
        SQLite and on PostgreSQL alike. A command that reads or writes an
        office's queue names it here, and never takes the lock itself. An
        office another server writes is refused here (`WrittenElsewhere`);
        `as_writer` is that server, applying what it sent. With `bookings`
        the command touches only the office's bookings, which stay the
        centre's when a node serves the office's queue.

        The committed messages join the queue of this process's outgoing
        messages while the write lock is still held, so the queue is in
        commit order, and so in `seq` order for each office; they are sent
        after the lock is released, so the next writer does not wait for this
        one's fan-out (`_publish_in_order`). A failed publish does not undo
        the commit: the events stay in the outbox and clients catch up
        through the heartbeat's `seq` and a replay.
        """
        with self.write_lock:
            with self.engine.begin() as connection:
                if office is not None:
                    outbox.lock_office(connection, OfficeCode(office), as_writer=as_writer, bookings=bookings)
                tx = Transaction(connection, self.clock())
                yield tx
            if tx.messages or tx.device_messages:
                self._outgoing.append((tx.messages, tx.device_messages))
        self._publish_in_order()

    def _publish_in_order(self) -> None:
        """Send the queued messages, oldest first, one sender at a time.

        Whoever finds the sender's lock free sends everything queued, its own
        messages and those committed meanwhile; a transaction that finds it
        taken leaves its messages to the sender, who looks at the queue again
        after letting the lock go, so nothing queued is left behind. Without
        contention (one request at a time, a test) a command's messages are
        sent before it returns, as before.
        """
        while self._outgoing:
            if not self._publishing.acquire(blocking=False):
                return  # the sender will see ours: it looks again after releasing
            try:
                while self._outgoing:
                    send_committed(self.publisher, *self._outgoing.popleft())
            finally:
                self._publishing.release()

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A read-only transaction: a consistent view that never blocks writers."""
        with self.engine.connect() as connection:
            connection = connection.execution_options(**{READ_ONLY: True})
            with connection.begin():
                yield connection

    def office(self, code: str) -> Office:
        office = self.network.offices.get(OfficeCode(code))
        if office is None:
            raise NotFound(f"unknown office {code!r}", office=code)
        return office

    def desk(self, desk_id: str) -> Desk:
        desk = self.network.desk(DeskId(desk_id))
        if desk is None:
            raise NotFound(f"unknown desk {desk_id!r}", desk=desk_id)
        return desk
