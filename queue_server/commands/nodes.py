"""Office nodes, at the centre: adopting and releasing an office, taking a node's batches.

An office node serves one office's queue on the office's own network and
works on through a cut link or a stopped centre (docs/nodes.md). Which
server writes an office is explicit: `adopt` gives the office to a node (a
device of kind `node` with a token of its own), after which the centre
refuses every write of the office (`outbox.lock_office`) but the node's own
batches; `release` gives it back. Both are audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from ..domain.errors import AccessDenied, InvalidRequest, InvalidTransition
from ..domain.model import OfficeCode
from ..store import accounts as account_store
from ..store import node_feed, node_ingest, outbox
from ..store import tickets as ticket_store
from ..store.schema import office_nodes, office_sequences, ticket_counters, tickets
from ..store.ticket_ids import NODE_TICKETS_SPAN, node_range
from .access import require_admin, require_device
from .accounts import CONSOLE, hash_token
from .context import Actor, ActorKind, CommandContext, DeviceKind

NODE_NAME_MAX = 100
ADDRESS_MAX = 300


@dataclass(frozen=True)
class Adoption:
    office: str
    node: str  # the node's name: the office's writer at the centre
    address: str
    device_id: int
    token: str  # shown once: the node pairs with it (`cherga node pair`)


def adopt(ctx: CommandContext, office: str, *, node: str, address: str, actor: Actor = CONSOLE) -> Adoption:
    """Give the office's queue to a node; refused while the office has a live queue (it would be split)."""
    _admin_or_console(actor, "adopt an office for a node")
    ctx.office(office)
    node = node.strip()
    if not node or len(node) > NODE_NAME_MAX or node == "centre":
        raise InvalidRequest(f"a node's name has 1 to {NODE_NAME_MAX} characters and is not «centre»", field="node")
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(address) > ADDRESS_MAX:
        raise InvalidRequest("a node's address is its http:// or https:// URL on the office's network", field="address")
    token = secrets.token_urlsafe(32)
    with ctx.transaction(office=office) as tx:
        conn = tx.connection
        live = ticket_store.live(conn, OfficeCode(office))
        if live:
            raise InvalidTransition(
                f"office {office} has {len(live)} tickets in its queue; adopt it before it opens or after it closes",
                office=office, live=len(live),
            )
        if account_store.device_by_name(conn, office, DeviceKind.NODE.value, node) is not None:
            raise InvalidRequest(f"node {node!r} of office {office} already exists", field="node")
        device = account_store.add_device(conn, DeviceKind.NODE.value, office, node, hash_token(token), tx.now)
        record = conn.execute(sa.select(office_nodes).where(office_nodes.c.office == office)).first()
        values = {
            "device_id": device.id, "address": address, "adopted_at": tx.now, "adopted_by": actor.ref,
            "released_at": None, "released_by": None, "last_contact_at": None, "waiting": 0,
            "audit_log_cursor": 0, "turned_away_cursor": 0,  # a node pairs with a new database
        }
        if record is None:
            slot = conn.execute(sa.select(sa.func.count()).select_from(office_nodes)).scalar_one()
            conn.execute(office_nodes.insert().values(office=office, tickets_from=node_range(slot)[0], **values))
        else:
            conn.execute(office_nodes.update().where(office_nodes.c.office == office).values(**values))
        conn.execute(office_sequences.update().where(office_sequences.c.office == office).values(writer=node))
        tx.audit(actor, "node_adopted", office=office, details={"node": node, "address": address, "device": device.id})
    return Adoption(office, node, address, device.id, token)


def release(ctx: CommandContext, office: str, *, actor: Actor = CONSOLE, force: bool = False) -> str:
    """Give the office back to the centre; refused while its node says events are waiting, unless `force`.

    The node's token is revoked: its next contact learns it is released and
    it refuses its office's writes from then on. Returns the node's name.
    """
    _admin_or_console(actor, "release an office from its node")
    ctx.office(office)
    with ctx.reading() as conn:
        record = conn.execute(sa.select(office_nodes).where(office_nodes.c.office == office)).first()
        writer = outbox.writer_of(conn, OfficeCode(office))
    if record is None or record.device_id is None or writer is None:
        raise InvalidTransition(f"office {office} has no office node", office=office)
    if record.waiting and not force:
        raise InvalidTransition(
            f"node {writer} said {record.waiting} events of office {office} were not sent yet; "
            "let it sync first, or release with force and lose them",
            office=office, waiting=record.waiting,
        )
    with ctx.transaction(office=office, as_writer=writer) as tx:
        conn = tx.connection
        conn.execute(office_sequences.update().where(office_sequences.c.office == office).values(writer=None))
        conn.execute(
            office_nodes.update().where(office_nodes.c.office == office)
            .values(device_id=None, released_at=tx.now, released_by=actor.ref)
        )
        account_store.revoke_device(conn, record.device_id, tx.now)
        tx.audit(actor, "node_released", office=office, details={"node": writer, "device": record.device_id, "forced": force})
    return writer


def _admin_or_console(actor: Actor, what: str) -> None:
    """The server's own command line, or an admin: who decides which server writes an office."""
    if actor.kind is not ActorKind.CONSOLE:
        require_admin(actor, what)


def _own_record(conn: sa.Connection, actor: Actor) -> Any:
    record = conn.execute(sa.select(office_nodes).where(office_nodes.c.device_id == actor.device_id)).first()
    if record is None:
        raise AccessDenied("this node has adopted no office")
    return record


def assignment(ctx: CommandContext, actor: Actor | None) -> dict[str, Any]:
    """What a node needs to start on its office: the office, its ids, the office's seq and numbers so far."""
    node = require_device(actor, DeviceKind.NODE)
    with ctx.reading() as conn:
        record = _own_record(conn, node)
        office = record.office
        top = record.tickets_from + NODE_TICKETS_SPAN
        used = conn.execute(
            sa.select(sa.func.max(tickets.c.id)).where((tickets.c.id >= record.tickets_from) & (tickets.c.id < top))
        ).scalar()
        counters = conn.execute(sa.select(ticket_counters).where(ticket_counters.c.office == office)).all()
        return {
            "office": office,
            "node": node.name,
            "tickets_from": (used or record.tickets_from - 1) + 1,
            "tickets_to": top,
            "seq": outbox.current_seq(conn, OfficeCode(office)),
            "counters": [{"day": row.day.isoformat(), "prefix": row.prefix, "last": row.last} for row in counters],
        }


def receive_batch(
    ctx: CommandContext, actor: Actor | None, *, office: str, events: Sequence[Any], rows: Sequence[Any], appended: Mapping[str, Any], waiting: int
) -> dict[str, Any]:
    """Take a node's batch in one transaction; returns the office's seq and the node's appended rows the centre now holds."""
    node = require_device(actor, DeviceKind.NODE)
    if office != node.offices[0]:
        raise AccessDenied(f"this node serves office {node.offices[0]}")
    if not isinstance(events, list) or not isinstance(rows, list) or not isinstance(appended, dict):
        raise InvalidRequest("a batch's events and rows are lists, its appended rows an object by table")
    with ctx.transaction(office=office, as_writer=node.name) as tx:
        conn = tx.connection
        record = _own_record(conn, node)
        before = outbox.current_seq(conn, OfficeCode(office))
        try:
            last, messages = node_ingest.apply_events(conn, office, before, events)
        except node_ingest.SeqGap as gap:  # the node goes on from what the centre holds, appended rows included
            gap.details["cursors"] = node_ingest.cursors_of(record)
            raise
        desks = frozenset(str(desk.id) for desk in ctx.office(office).desks)
        node_ingest.apply_rows(conn, office, desks, record.tickets_from, rows)
        cursors = node_ingest.apply_appended(conn, office, record, appended)
        conn.execute(
            office_nodes.update().where(office_nodes.c.office == office)
            .values(last_contact_at=tx.now, waiting=max(0, waiting - (last - before)))
        )
        tx.messages.extend(messages)  # the centre's own pages of the office hear them
    return {"seq": last, "cursors": cursors}


def changes_for(ctx: CommandContext, actor: Actor | None, known: dict[str, str], config: dict[str, str]) -> dict[str, Any]:
    """The configuration and the node's office's devices, accounts and bookings: each kind whose hash differs from the node's."""
    node = require_device(actor, DeviceKind.NODE)
    with ctx.reading() as conn:
        record = _own_record(conn, node)
        return node_feed.changed(conn, record.office, ctx.clock(), known, config)


def node_states(ctx: CommandContext) -> list[dict[str, Any]]:
    """Each adopted office's node: where it is, when it was last heard, what it has not sent."""
    with ctx.reading() as conn:
        rows = conn.execute(
            sa.select(office_nodes, office_sequences.c.writer, office_sequences.c.last_seq)
            .join(office_sequences, office_sequences.c.office == office_nodes.c.office, isouter=True)
            .where(office_nodes.c.device_id.is_not(None))
            .order_by(office_nodes.c.office)
        ).all()
    return [
        {
            "office": row.office, "node": row.writer, "address": row.address,
            "adopted_at": row.adopted_at, "last_contact_at": row.last_contact_at,
            "waiting": row.waiting, "seq": row.last_seq or 0,
        }
        for row in rows
    ]

