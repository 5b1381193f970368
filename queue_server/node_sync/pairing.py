"""Pairing a new database with the centre: it becomes its office's node.

The centre has adopted the office for a node (`cherga node adopt`, which
printed the node's token); pairing asks the centre which office that is,
the ids the node's tickets take, the office's `seq` and its numbers so far,
so the node goes on where the centre stopped. Only a database with no
tickets is paired: a node's rows must be its office's alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain.errors import InvalidRequest, InvalidTransition
from ..store import node_changes
from ..store.schema import node_link, office_sequences, ticket_counters, tickets
from .centre_client import CentreClient
from .downloader import take_changes

ASSIGNMENT = "/api/v1/node/assignment"


def pair(ctx: CommandContext, client: CentreClient, config_dir: Path | None) -> dict[str, Any]:
    """Make this database the node of the office the token was adopted for; returns the assignment."""
    answer = client.get(ASSIGNMENT)
    if answer.status in (401, 403):
        raise InvalidRequest(f"the centre refuses this node's token ({answer.error_code or answer.status}): ask for a new one (cherga node adopt)")
    if answer.status != 200 or not isinstance(answer.body, dict):
        raise InvalidRequest(f"the centre answered {answer.status} to the pairing")
    given = answer.body
    office = str(given["office"])
    ctx.office(office)  # the node's configuration must know the office
    with ctx.transaction() as tx:
        conn = tx.connection
        if node_changes.link_of(conn) is not None:
            raise InvalidTransition("this database is already an office node's (cherga node status)")
        if conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar_one():
            raise InvalidTransition("this database holds tickets: pair a new database with the centre")
        conn.execute(
            node_link.insert().values(
                office=office, centre=client.centre, token=client.token, tickets_from=int(given["tickets_from"]),
                tickets_to=int(given["tickets_to"]), paired_at=tx.now, sent_seq=int(given["seq"]),
            )
        )
        conn.execute(office_sequences.delete())
        conn.execute(office_sequences.insert().values(office=office, last_seq=int(given["seq"]), writer=None))
        others = [code for code in ctx.network.offices if code != office]
        if others:
            conn.execute(office_sequences.insert(), [{"office": code, "last_seq": 0, "writer": "centre"} for code in others])
        for counter in given.get("counters", []):
            conn.execute(
                ticket_counters.insert().values(
                    office=office, day=dt.date.fromisoformat(counter["day"]), prefix=counter["prefix"], last=int(counter["last"])
                )
            )
        node_changes.create_triggers(conn)
    take_changes(ctx, client, config_dir)
    return given
