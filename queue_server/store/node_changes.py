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

# A batch is one transaction at the centre, which holds the database's write lock meanwhile: bounded so
# that it takes a fraction of a second there (docs/performance.md), and a day goes in a few dozen.
BATCH_EVENTS = 200
BATCH_CHANGES = 400  # keys of changed rows in one batch


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
    keys: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, str]] = set()
    for change in changes:
        marker = (change.tbl, repr(sorted(change.key.items())))
        if change.tbl in BY_NAME and marker not in seen:
            seen.add(marker)
            keys.setdefault(change.tbl, []).append(change.key)
    rows = [image for synced in SYNCED for image in _images(conn, synced, keys.get(synced.name, []))]
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


def _images(conn: sa.Connection, synced: SyncedTable, keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of `keys` as they are now (None: deleted since), parents' tables first (`SYNCED`'s order)."""
    without = ("id",) if synced.own_ids else ()
    found: dict[str, Any] = {}
    if len(synced.key) == 1:  # one query for the table (tickets, the most): its keys' rows by the key column
        (name,) = synced.key
        for start in range(0, len(keys), 500):
            wanted = [key[name] for key in keys[start:start + 500]]
            column = sa.literal_column(f'"{name}"')  # the key as the trigger wrote it: the database's own text
            for row in conn.execute(sa.select(synced.table).where(column.in_([sa.literal(value) for value in wanted]))):
                found[repr(row._mapping[name])] = row  # an id or a desk's code: the same value as in the key
        pairs = [(key, found.get(repr(key[name]))) for key in keys]
    else:
        pairs = []
        for key in keys:
            where = sa.and_(*(sa.literal_column(f'"{name}"') == sa.literal(key[name]) for name in synced.key))
            pairs.append((key, conn.execute(sa.select(synced.table).where(where)).first()))
    images = []
    for key, row in pairs:
        if row is None:
            images.append({"table": synced.name, "key": key, "row": None})
            continue
        image = node_rows.row_json(row, synced.table, without=without)
        images.append({"table": synced.name, "key": {name: image[name] for name in synced.key}, "row": image})
    return images


def mark_everything(conn: sa.Connection, office: str) -> None:
    """The centre has lost what it took (restored from a backup): every row of the office goes up again.

    Bookings go again only where the node checked one in; the centre's own
    changes of the others are newer than the node's copies.
    """
    for synced in SYNCED:
        key = ", ".join(f"'{name}', \"{name}\"" for name in synced.key)
        only = " AND ticket_id IS NOT NULL" if not synced.inserts else ""
        conn.execute(
            sa.text(f"INSERT INTO node_changes (tbl, key) SELECT '{synced.name}', json_object({key}) FROM {synced.name} WHERE office = :office{only}"),
            {"office": office},
        )


def taken(conn: sa.Connection, batch: Batch, centre_seq: int, cursors: dict[str, int]) -> None:
    """The centre holds the batch, every event up to `centre_seq` and the appended rows up to `cursors`: forget what it took."""
    conn.execute(node_changes.delete().where(node_changes.c.id <= batch.last_change))
    go_on_from(conn, centre_seq, cursors)


def go_on_from(conn: sa.Connection, centre_seq: int, cursors: dict[str, int]) -> None:
    """What the centre says it holds is where the next batch begins, whatever the node thought."""
    sent: dict[str, Any] = {"sent_seq": centre_seq}
    for table in APPENDED:
        sent[f"{table.name}_sent"] = int(cursors.get(table.name, 0))
    conn.execute(node_link.update().values(**sent))


def link_of(conn: sa.Connection) -> Any:
    """This database's link to its centre, or None where it is not a node."""
    return conn.execute(sa.select(node_link)).first()
