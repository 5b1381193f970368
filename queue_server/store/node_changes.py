"""At an office node: which rows changed since the centre last took them, and the batch that carries them.

Triggers write a row's key to `node_changes` on every insert and update of a
synced table (and every delete, where a deletion goes up), whoever wrote it:
a command, the day's close, a visitor's erasure. No code path can forget to
say what it changed. A batch is read in one snapshot: the office's events
after the last one the centre holds, and the images of the rows whose keys
were written up to that moment; once the centre has taken the batch, those
keys are forgotten. A row changed again after the snapshot has a newer key
and goes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from . import node_rows
from .node_rows import APPENDED, BY_NAME, SYNCED, SyncedTable
from .schema import events, node_changes, node_link

BATCH_EVENTS = 500  # a day of a large office goes in a few requests
BATCH_CHANGES = 1000  # keys of changed rows in one batch (about 1 MB of JSON with its events, at most)


def create_triggers(conn: sa.Connection) -> None:
    """Track the synced tables' changes (SQLite, at a node; idempotent)."""
    for synced in SYNCED:
        verbs = (["INSERT"] if synced.inserts else []) + ["UPDATE"] + (["DELETE"] if synced.deletes else [])
        for verb in verbs:
            row = "OLD" if verb == "DELETE" else "NEW"
            key = ", ".join(f"'{name}', {row}.\"{name}\"" for name in synced.key)
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS node_track_{synced.name}_{verb.lower()} AFTER {verb} ON {synced.name} "
                f"BEGIN INSERT INTO node_changes (tbl, key) VALUES ('{synced.name}', json_object({key})); END"
            )


@dataclass(frozen=True)
class Batch:
    office: str
    events: list[dict[str, Any]]
    rows: list[dict[str, Any]]  # {"table", "key", "row"}; "row" None: deleted
    appended: dict[str, list[dict[str, Any]]]  # the audit log's and turned-away rows after the centre's cursors
    last_change: int  # the newest key read: forgotten once the centre has the batch
    changes: int  # how many keys were read (a full batch leaves more behind)
    waiting: int  # the office's events the centre does not hold yet, this batch's included

    def is_empty(self) -> bool:
        return not self.events and not self.rows and not any(self.appended.values())

    def is_full(self) -> bool:
        """More may wait behind it: its events or appended rows reached a batch's bound."""
        appended = any(len(rows) >= BATCH_EVENTS for rows in self.appended.values())
        return len(self.events) >= BATCH_EVENTS or self.changes >= BATCH_CHANGES or appended

    def as_json(self) -> dict[str, Any]:
        return {"office": self.office, "events": self.events, "rows": self.rows, "appended": self.appended, "waiting": self.waiting}


def read_batch(conn: sa.Connection, link: Any) -> Batch:
    """The next batch of the node's office, from `conn`'s snapshot."""
    office = link.office
    found = conn.execute(
        sa.select(events).where((events.c.office == office) & (events.c.seq > link.sent_seq)).order_by(events.c.seq).limit(BATCH_EVENTS)
    ).all()
    last_seq = conn.execute(sa.select(sa.func.max(events.c.seq)).where(events.c.office == office)).scalar() or 0
    changes = conn.execute(sa.select(node_changes).order_by(node_changes.c.id).limit(BATCH_CHANGES)).all()
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for change in reversed(changes):  # the newest key of a row stands for all of its older ones
        marker = (change.tbl, repr(sorted(change.key.items())))
        if marker in seen or change.tbl not in BY_NAME:
            continue
        seen.add(marker)
        rows.append(_image(conn, BY_NAME[change.tbl], change.key))
    rows.sort(key=lambda item: [synced.name for synced in SYNCED].index(item["table"]))
    appended = {
        table.name: [node_rows.row_json(row, table) for row in conn.execute(
            sa.select(table).where(table.c.id > getattr(link, f"{table.name}_sent")).order_by(table.c.id).limit(BATCH_EVENTS)
        )]
        for table in APPENDED
    }
    return Batch(
        office=office,
        events=[
            {"seq": row.seq, "type": row.type, "at": node_rows.to_json(row.at), "data": row.data}
            for row in found
        ],
        rows=rows,
        appended=appended,
        last_change=changes[-1].id if changes else 0,
        changes=len(changes),
        waiting=max(0, int(last_seq) - link.sent_seq),
    )


def _image(conn: sa.Connection, synced: SyncedTable, key: dict[str, Any]) -> dict[str, Any]:
    # the key as the trigger wrote it: the database's own text of a day or a time, compared as text
    where = sa.and_(*(sa.literal_column(f'"{name}"') == sa.literal(key[name]) for name in synced.key))
    row = conn.execute(sa.select(synced.table).where(where)).first()
    without = ("id",) if synced.own_ids else ()
    if row is None:
        return {"table": synced.name, "key": key, "row": None}
    image = node_rows.row_json(row, synced.table, without=without)
    return {"table": synced.name, "key": {name: image[name] for name in synced.key}, "row": image}


def taken(conn: sa.Connection, batch: Batch, centre_seq: int) -> None:
    """The centre holds the batch (and every event up to `centre_seq`): forget what it took."""
    conn.execute(node_changes.delete().where(node_changes.c.id <= batch.last_change))
    sent: dict[str, Any] = {"sent_seq": centre_seq}
    for table in APPENDED:
        ids = [row["id"] for row in batch.appended[table.name]]
        if ids:
            sent[f"{table.name}_sent"] = max(ids)
    conn.execute(node_link.update().values(**sent))


def link_of(conn: sa.Connection) -> Any:
    """This database's link to its centre, or None where it is not a node."""
    return conn.execute(sa.select(node_link)).first()
