"""Taking the centre's changes at the node: devices, accounts and bookings, applied as they arrive.

A revoked device's row comes down revoked, and the node's heartbeat closes
its connections as the centre's does; an account comes with its password's
hash, so a member of staff logs in at the node with the password they have,
and one deactivated (or whose password was reset) at the centre loses their
logins at the node. A booking the node changed and has not sent yet (a
check-in) keeps the node's version until the centre has it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain.errors import InvalidRequest
from ..network_config import DEFAULT_CONFIG_DIR, ConfigError
from ..network_config.files import take_files
from ..store import node_changes, node_rows
from ..store.schema import appointments, devices, node_link, staff_tokens, user_offices, users
from ..store.schema import node_changes as changes_table
from .centre_client import CentreClient

CHANGES = "/api/v1/node/changes"


def take_changes(ctx: CommandContext, client: CentreClient, config_dir: Path | None) -> list[str]:
    """Ask for what changed and apply it; returns the kinds applied. Raises `CentreUnreachable`.

    The configuration is written into `config_dir` (the node's CHERGA_CONFIG_DIR) and served at once;
    one the node cannot load is left aside and said (`node_link.last_error`), and asked for again.
    """
    with ctx.reading() as conn:
        link = node_changes.link_of(conn)
    if link is None:
        return []
    known = dict(link.received or {})
    answer = client.post(CHANGES, {"known": known})
    if answer.status != 200 or not isinstance(answer.body, dict):
        raise InvalidRequest(f"the centre answered {answer.status} to the node's request for changes")
    kinds = answer.body.get("kinds", {})
    trouble = None
    if "config" in kinds and config_dir is not None and Path(config_dir).resolve() == DEFAULT_CONFIG_DIR.resolve():
        trouble = "the centre's configuration is not written into the bundled folder: set CHERGA_CONFIG_DIR (docs/deploy.md)"
    elif "config" in kinds and config_dir is not None:
        try:
            ctx.network = take_files(config_dir, kinds["config"]["files"])
            known["config"] = kinds["config"]["hash"]
        except (ConfigError, ValueError, OSError) as error:
            trouble = f"the centre's configuration is not taken: {error}"[:300]
    with ctx.transaction() as tx:
        conn = tx.connection
        before = conn.execute(sa.select(sa.func.max(changes_table.c.id))).scalar() or 0
        for kind, apply in APPLY.items():
            if kind in kinds:
                apply(conn, link.office, kinds[kind]["rows"], before, tx.now)
                known[kind] = kinds[kind]["hash"]
        # what the centre sent is the centre's already: it does not go back up as the node's change
        conn.execute(changes_table.delete().where(changes_table.c.id > before))
        conn.execute(node_link.update().values(received=known, last_received_at=tx.now, last_error=trouble))
    return sorted(kind for kind in kinds if kind in known and known[kind] == kinds[kind]["hash"])


def _upsert(conn: sa.Connection, table: sa.Table, row: dict[str, Any]) -> None:
    values = node_rows.parse_row(table, row)
    if conn.execute(sa.select(table.c.id).where(table.c.id == values["id"])).first():
        conn.execute(table.update().where(table.c.id == values["id"]).values(**values))
    else:
        conn.execute(table.insert().values(**values))


def _devices(conn: sa.Connection, office: str, rows: list[dict[str, Any]], before: int, now: Any) -> None:
    for row in rows:
        _upsert(conn, devices, row)


def _users(conn: sa.Connection, office: str, rows: list[dict[str, Any]], before: int, now: Any) -> None:
    present = {row["id"] for row in rows}
    for row in rows:
        offices = row.pop("offices", [])
        old = conn.execute(sa.select(users.c.password_hash, users.c.active).where(users.c.id == row["id"])).first()
        _upsert(conn, users, row)
        if old is not None and (old.password_hash != row["password_hash"] or (old.active and not row["active"])):
            _end_logins(conn, row["id"], now)
        conn.execute(user_offices.delete().where(user_offices.c.user_id == row["id"]))
        if offices:
            conn.execute(user_offices.insert(), [{"user_id": row["id"], "office": code} for code in offices])
    gone = [row.id for row in conn.execute(sa.select(users.c.id).where(users.c.id.not_in(present) & users.c.active))]
    for user_id in gone:  # no longer of this office: not at its node either
        conn.execute(users.update().where(users.c.id == user_id).values(active=False))
        _end_logins(conn, user_id, now)


def _end_logins(conn: sa.Connection, user_id: int, now: Any) -> None:
    conn.execute(staff_tokens.update().where((staff_tokens.c.user_id == user_id) & staff_tokens.c.revoked_at.is_(None)).values(revoked_at=now))


def _appointments(conn: sa.Connection, office: str, rows: list[dict[str, Any]], before: int, now: Any) -> None:
    pending = {
        int(key["id"]) for (key,) in conn.execute(
            sa.select(changes_table.c.key).where((changes_table.c.tbl == "appointments") & (changes_table.c.id <= before))
        )
    }
    for row in rows:
        if row["id"] not in pending:
            _upsert(conn, appointments, row)


APPLY = {"devices": _devices, "users": _users, "appointments": _appointments}
