"""Sending the node's office up: batches of events and changed rows until the centre holds them all.

Each batch is read in one snapshot (`node_changes.read_batch`) and forgotten
only once the centre has answered that it holds it; a batch whose answer is
lost is sent again and changes nothing twice. The centre answers with the
`seq` it holds: behind ours (a centre restored from a backup) or ahead (a
lost answer), the next batch starts after it; a centre behind what it had
taken gets every row of the office again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..commands.context import CommandContext
from ..store import node_changes
from ..store.schema import node_link, office_sequences
from .centre_client import CentreClient

log = logging.getLogger(__name__)
BATCH = "/api/v1/node/batch"
MOST_BATCHES = 200  # a round's bound; the next round goes on


@dataclass(frozen=True)
class Sent:
    events: int
    rows: int
    released: bool = False


def send_up(ctx: CommandContext, client: CentreClient) -> Sent:
    """Send batches until nothing is left (or the round's bound); raises `CentreUnreachable`."""
    events = rows = 0
    for _ in range(MOST_BATCHES):
        with ctx.reading() as conn:
            link = node_changes.link_of(conn)
            if link is None:
                return Sent(events, rows)
            batch = node_changes.read_batch(conn, link)
        answer = client.post(BATCH, batch.as_json())
        if answer.status == 401:
            _released(ctx, link.office)
            return Sent(events, rows, released=True)
        if answer.status == 409 and answer.error_code == "seq_gap":
            _go_on_from(ctx, link, int(answer.details["want"]) - 1, answer.details.get("cursors", {}))
            continue
        if answer.status != 200:
            _record(ctx, last_error=f"the centre refused a batch: {answer.status} {answer.error_code or ''}".strip())
            log.warning("the centre refused a batch of office %s: %s %s", link.office, answer.status, answer.body)
            return Sent(events, rows)
        with ctx.transaction() as tx:
            node_changes.taken(tx.connection, batch, int(answer.body["seq"]), answer.body["cursors"])
            tx.connection.execute(node_link.update().values(last_sent_at=tx.now, last_error=None))
        events += len(batch.events)
        rows += len(batch.rows)
        if not batch.is_full():
            return Sent(events, rows)
    return Sent(events, rows)


def _go_on_from(ctx: CommandContext, link: Any, centre_seq: int, cursors: dict[str, int]) -> None:
    """Send from what the centre holds; a centre behind what it had taken (restored from a backup) gets every row again."""
    with ctx.transaction() as tx:
        if centre_seq < link.sent_seq:
            log.warning("the centre holds office %s's events up to %d only, not %d: sending everything again", link.office, centre_seq, link.sent_seq)
            node_changes.mark_everything(tx.connection, link.office)
        node_changes.go_on_from(tx.connection, centre_seq, cursors)
        tx.connection.execute(node_link.update().values(last_error=None))


def _record(ctx: CommandContext, **values: object) -> None:
    with ctx.transaction() as tx:
        tx.connection.execute(node_link.update().values(**values))


def _released(ctx: CommandContext, office: str) -> None:
    """The centre no longer knows the node's token: its office was released. The node stops writing it."""
    log.warning("the centre released office %s from this node: its queue is the centre's again", office)
    with ctx.transaction() as tx:
        tx.connection.execute(office_sequences.update().where(office_sequences.c.office == office).values(writer="centre"))
        tx.connection.execute(node_link.update().values(last_error="released by the centre"))
