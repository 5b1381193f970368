"""The rows an office node sends up beside its events, and how each is named and read back.

A node's commands change rows of its office in these tables; the centre must
hold the same rows (reports and exports read them), so the node sends each
changed row's image, named by its key, and the centre writes it by that key.
Rows whose ids are the node's own (an air-raid alert, paper mode) are named
by their natural key instead; rows only ever added (the audit log, visitors
turned away) go after a cursor and take the centre's ids. Values travel as
JSON: times as ISO 8601 in UTC, days as ISO dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..domain.errors import InvalidRequest
from . import schema
from .types import UTCDateTime


@dataclass(frozen=True)
class SyncedTable:
    table: sa.Table
    key: tuple[str, ...]  # the columns that name a row at both ends
    deletes: bool = False  # a row deleted at the node is deleted at the centre
    inserts: bool = True  # False: the node only changes rows the centre made (bookings)
    own_ids: bool = False  # the node's ids are its own: the centre gives the row its own id

    @property
    def name(self) -> str:
        return self.table.name


# Parents before the rows that refer to them: the centre writes a batch's rows in this order.
SYNCED: tuple[SyncedTable, ...] = (
    SyncedTable(schema.tickets, ("id",)),
    SyncedTable(schema.ticket_counters, ("office", "day", "prefix")),
    SyncedTable(schema.remote_tickets, ("ticket_id",)),
    SyncedTable(schema.ratings, ("ticket_id",)),
    SyncedTable(schema.desk_states, ("desk",)),
    SyncedTable(schema.desk_services, ("desk",), deletes=True),
    SyncedTable(schema.service_caps_today, ("office", "service", "day"), deletes=True),
    SyncedTable(schema.appointments, ("id",), inserts=False),
    SyncedTable(schema.air_raids, ("office", "started_at"), own_ids=True),
    SyncedTable(schema.paper_modes, ("office", "started_at"), own_ids=True),
    SyncedTable(schema.request_outcomes, ("ticket_id", "step")),  # a request's outcome date, of a node's ticket
    # a complaint's number is the node's own: the centre gives it one of its register, and both ends name it by
    # its office and the moment it was received (one office's complaints are written one transaction at a time)
    SyncedTable(schema.complaints, ("office", "received_at"), own_ids=True),
)
BY_NAME = {synced.name: synced for synced in SYNCED}
APPENDED: tuple[sa.Table, ...] = (schema.audit_log, schema.turned_away)


def to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def row_json(row: Any, table: sa.Table, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    mapping = row._mapping
    return {column.name: to_json(mapping[column.name]) for column in table.columns if column.name not in without}


def parse_row(table: sa.Table, data: Any, *, required: bool = True) -> dict[str, Any]:
    """A row image sent by a node, each value checked against its column; a mistake is an `InvalidRequest`."""
    if not isinstance(data, dict):
        raise InvalidRequest(f"a row of {table.name} is an object", table=table.name)
    unknown = sorted(set(data) - set(table.columns.keys()))
    if unknown:
        raise InvalidRequest(f"{table.name} has no column {unknown[0]!r}", table=table.name)
    values = {name: parse_value(table.columns[name], value) for name, value in data.items()}
    if required:
        for column in table.columns:
            given_by_database = column.server_default is not None or column is table.autoincrement_column
            if not column.nullable and not given_by_database and values.get(column.name) is None:
                raise InvalidRequest(f"a row of {table.name} needs {column.name}", table=table.name)
    return values


def parse_value(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        if not column.nullable and not column.primary_key:
            raise InvalidRequest(f"{column.table.name}.{column.name} cannot be empty", column=column.name)
        return None
    kind = column.type
    where = f"{column.table.name}.{column.name}"
    try:
        if isinstance(kind, sa.JSON):
            return value
        if isinstance(kind, UTCDateTime):
            moment = dt.datetime.fromisoformat(_text(value))
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
        if isinstance(kind, sa.Date):
            return dt.date.fromisoformat(_text(value)[:10])
        if isinstance(kind, sa.Boolean):
            if not isinstance(value, bool) and value not in (0, 1):
                raise ValueError("not a boolean")
            return bool(value)
        if isinstance(kind, sa.Integer):
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**31:
                raise ValueError("not an integer")
            return value
        if isinstance(kind, sa.String):
            text = _text(value)
            if kind.length is not None and len(text) > kind.length:
                raise ValueError(f"longer than {kind.length}")
            return text
    except ValueError as error:
        raise InvalidRequest(f"{where}: {error}", column=column.name) from None
    raise InvalidRequest(f"{where} cannot be sent", column=column.name)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def key_of(synced: SyncedTable, values: dict[str, Any]) -> sa.ColumnElement[bool]:
    return sa.and_(*(synced.table.columns[name] == values[name] for name in synced.key))
