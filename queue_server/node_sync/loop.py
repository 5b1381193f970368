"""The node's sync, round after round: send the office up, take the centre's changes down.

It runs in the node's server beside the heartbeat; on a server that is not a
node (no `node_link`) a round reads one row and does nothing. A round that
cannot reach the centre records why and leaves everything for the next one:
nothing is lost while the link is cut, however long.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..commands.context import CommandContext
from ..domain.errors import DomainError
from ..store import node_changes
from ..store.schema import node_link
from .centre_client import CentreClient, CentreUnreachable
from .downloader import take_changes
from .uploader import send_up

log = logging.getLogger(__name__)


def sync_round(ctx: CommandContext, config_dir: Path | None) -> None:
    with ctx.reading() as conn:
        link = node_changes.link_of(conn)
    if link is None or link.last_error == "released by the centre":
        return
    client = CentreClient(link.centre, link.token)
    try:
        sent = send_up(ctx, client)
        if not sent.released:
            take_changes(ctx, client, config_dir)
    except (CentreUnreachable, DomainError) as error:
        with ctx.transaction() as tx:
            tx.connection.execute(node_link.update().values(last_error=str(error)[:300]))


def track_synced_tables(ctx: CommandContext) -> None:
    """At a node, the triggers of every synced table: a node paired by an earlier version tracks the tables added since."""
    with ctx.transaction() as tx:
        if node_changes.link_of(tx.connection) is not None:
            node_changes.create_triggers(tx.connection)  # CREATE TRIGGER IF NOT EXISTS: the ones there stay


def run_forever(ctx: CommandContext, config_dir: Path, interval: float, sleep: Callable[[float], object]) -> None:
    try:
        track_synced_tables(ctx)
    except Exception:  # the rounds still send what the triggers there track
        log.exception("the node's triggers could not be made")
    while True:
        try:
            sync_round(ctx, config_dir)
        except Exception:  # the next round tries again; the server goes on serving the office
            log.exception("the node's sync round failed")
        sleep(interval)
