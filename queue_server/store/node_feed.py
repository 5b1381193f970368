"""What goes down to an office node: its office's devices, the accounts that may work there, its bookings.

Each kind is sent whole, with a hash of its rows: the node says which hash
it holds and gets only the kinds that changed. The kinds are small (tens of
devices and accounts, some hundreds of bookings), and "whole" needs no
record of changes at the centre and cannot miss one: a change made while
the node was cut off reaches it at its first contact after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from ..network_config.files import digest as digest_of_files
from . import node_rows
from .schema import appointments, devices, user_offices, users

NETWORK_ROLES = ("manager", "admin")
BOOKINGS_FROM_DAYS = 1  # the bookings from yesterday on: today's check-ins and what comes


def _devices(conn: sa.Connection, office: str, now: dt.datetime) -> list[dict[str, Any]]:
    found = conn.execute(sa.select(devices).where(devices.c.office == office).order_by(devices.c.id))
    return [node_rows.row_json(row, devices, without=("last_seen_at",)) for row in found]


def _users(conn: sa.Connection, office: str, now: dt.datetime) -> list[dict[str, Any]]:
    of_office = sa.select(user_offices.c.user_id).where(user_offices.c.office == office)
    found = conn.execute(sa.select(users).where(users.c.id.in_(of_office) | users.c.role.in_(NETWORK_ROLES)).order_by(users.c.id)).all()
    offices: dict[int, list[str]] = {}
    for user_id, code in conn.execute(sa.select(user_offices.c.user_id, user_offices.c.office).where(user_offices.c.user_id.in_([row.id for row in found]))):
        offices.setdefault(user_id, []).append(code)
    return [node_rows.row_json(row, users) | {"offices": sorted(offices.get(row.id, []))} for row in found]


def _bookings(conn: sa.Connection, office: str, now: dt.datetime) -> list[dict[str, Any]]:
    since = now - dt.timedelta(days=BOOKINGS_FROM_DAYS)
    found = conn.execute(
        sa.select(appointments).where((appointments.c.office == office) & (appointments.c.start >= since)).order_by(appointments.c.id)
    )
    return [node_rows.row_json(row, appointments) for row in found]


KINDS: dict[str, Callable[[sa.Connection, str, dt.datetime], list[dict[str, Any]]]] = {
    "devices": _devices,
    "users": _users,
    "appointments": _bookings,
}


def digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def changed(
    conn: sa.Connection, office: str, now: dt.datetime, known: dict[str, str], config: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """The kinds whose rows differ from the hash the node holds, each with its rows and new hash; `config`, the
    centre's configuration files (network_config/files.py), goes as the kind `config` when it differs."""
    found: dict[str, dict[str, Any]] = {}
    if config and known.get("config") != digest_of_files(config):
        found["config"] = {"hash": digest_of_files(config), "files": config}
    for kind, read in KINDS.items():
        rows = read(conn, office, now)
        hashed = digest(rows)
        if known.get(kind) != hashed:
            found[kind] = {"hash": hashed, "rows": rows}
    return found
