"""At the centre: a node's batch written in the command's transaction, exactly once and in order.

The office's `seq` says what the centre holds: an event at or below it is
one already taken (a batch sent again after a lost answer) and is skipped;
one beyond the next is refused with the seq the centre wants, and the node
sends again from there. Rows are written by their key, so a row sent twice
is the same row; appended rows go after the node's cursor, kept with its
record (`office_nodes`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..domain.errors import InvalidRequest, InvalidTransition
from . import node_rows
from .node_rows import APPENDED, BY_NAME, SyncedTable
from .outbox import as_message
from .schema import events, office_nodes, office_sequences
from .ticket_ids import NODE_TICKETS_SPAN


class SeqGap(InvalidTransition):
    """A batch begins past the event the centre wants next (HTTP 409, `want` in the details)."""

    code = "seq_gap"


def apply_events(conn: sa.Connection, office: str, last_seq: int, sent: list[dict[str, Any]]) -> tuple[int, list[dict[str, Any]]]:
    """Append the events the centre does not hold; returns the office's seq after and the messages to publish."""
    messages: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for event in sent:
        seq = event.get("seq") if isinstance(event, dict) else None
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise InvalidRequest("an event's seq is a whole number")
        if seq <= last_seq:
            continue
        if seq != last_seq + 1:
            raise SeqGap(f"the centre holds office {office}'s events up to {last_seq}; send from {last_seq + 1}", want=last_seq + 1)
        kind, data = event.get("type"), event.get("data")
        at = node_rows.parse_value(events.c.at, event.get("at"))
        if not isinstance(kind, str) or not 0 < len(kind) <= 40 or not isinstance(data, dict):
            raise InvalidRequest(f"event {seq} needs a type and its data")
        rows.append({"office": office, "seq": seq, "type": kind, "at": at, "data": data})
        messages.append(as_message(office, seq, kind, at, data))
        last_seq = seq
    if rows:  # one statement for the batch's events
        conn.execute(events.insert(), rows)
        conn.execute(office_sequences.update().where(office_sequences.c.office == office).values(last_seq=last_seq))
    return last_seq, messages


def apply_rows(conn: sa.Connection, office: str, desks: frozenset[str], tickets_from: int, sent: list[Any]) -> int:
    """Write each row image by its key (parents first); returns how many were written."""
    parsed = [_parsed(item, office, desks, tickets_from) for item in sent]
    order = [synced.name for synced in node_rows.SYNCED]
    parsed.sort(key=lambda item: order.index(item[0].name))
    for synced, key, row in parsed:
        _write(conn, office, synced, key, row)
    return len(parsed)


def _parsed(item: Any, office: str, desks: frozenset[str], tickets_from: int) -> tuple[SyncedTable, dict[str, Any], dict[str, Any] | None]:
    if not isinstance(item, dict) or item.get("table") not in BY_NAME:
        raise InvalidRequest(f"a row names one of the tables {', '.join(BY_NAME)}")
    synced = BY_NAME[item["table"]]
    key_data = item.get("key")
    if not isinstance(key_data, dict) or set(key_data) != set(synced.key):
        raise InvalidRequest(f"a row of {synced.name} is named by {', '.join(synced.key)}")
    key = node_rows.parse_row(synced.table, key_data, required=False)
    row = None if item.get("row") is None else node_rows.parse_row(synced.table, item["row"])
    if item.get("row") is None and not synced.deletes:
        raise InvalidRequest(f"rows of {synced.name} are not deleted")
    for values in (key, row or {}):
        if "office" in values and values["office"] != office:
            raise InvalidRequest(f"a row of {synced.name} of another office ({values['office']})")
        if "desk" in values and synced.name in ("desk_states", "desk_services") and values["desk"] not in desks:
            raise InvalidRequest(f"desk {values['desk']} is not office {office}'s")
        ticket = values.get("id") if synced.name == "tickets" else values.get("ticket_id")
        if ticket is not None and not tickets_from <= ticket < tickets_from + NODE_TICKETS_SPAN:
            raise InvalidRequest(f"ticket {ticket} is not one of the node's (outside its range of ids)")
    if row is not None:
        row.update(key)
    return synced, key, row


def _write(conn: sa.Connection, office: str, synced: SyncedTable, key: dict[str, Any], row: dict[str, Any] | None) -> None:
    where = node_rows.key_of(synced, key)
    found = conn.execute(sa.select(synced.table.c.office).where(where)).first()
    exists = found is not None
    if exists and found.office != office:
        raise InvalidRequest(f"a row of {synced.name} {key} is another office's")
    if row is None:
        conn.execute(synced.table.delete().where(where))
    elif exists:
        conn.execute(synced.table.update().where(where).values(**row))
    elif not synced.inserts:
        raise InvalidRequest(f"no row of {synced.name} {key} at the centre to change")
    else:
        conn.execute(synced.table.insert().values(**row))


def apply_appended(conn: sa.Connection, office: str, record: Any, sent: Any) -> dict[str, int]:
    """Add the audit entries and turned-away visitors after the node's cursors; returns the cursors after, by table."""
    if not isinstance(sent, dict) or set(sent) - {table.name for table in APPENDED}:
        raise InvalidRequest("appended rows are given by table: " + ", ".join(table.name for table in APPENDED))
    cursors: dict[str, int] = {}
    for table in APPENDED:
        cursor = int(getattr(record, f"{table.name}_cursor"))
        added: list[dict[str, Any]] = []
        for data in sent.get(table.name, []) or []:
            values = node_rows.parse_row(table, data)
            node_id = values.pop("id", None)
            if not isinstance(node_id, int):
                raise InvalidRequest(f"an appended row of {table.name} carries the node's id")
            if node_id <= cursor:
                continue
            if values.get("office") not in (office, None):
                raise InvalidRequest(f"a row of {table.name} of another office ({values['office']})")
            added.append(values)
            cursor = node_id
        if added:
            conn.execute(table.insert(), added)
        cursors[table.name] = cursor
    conn.execute(office_nodes.update().where(office_nodes.c.office == office).values(**{f"{name}_cursor": at for name, at in cursors.items()}))
    return cursors


def cursors_of(record: Any) -> dict[str, int]:
    """The node's appended rows the centre holds, by table: the node goes on after them."""
    return {table.name: int(getattr(record, f"{table.name}_cursor")) for table in APPENDED}
