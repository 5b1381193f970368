"""Read-only: the staff accounts that work in an office."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .schema import user_offices, users


@dataclass(frozen=True)
class StaffMember:
    username: str
    role: str
    active: bool


def of_office(conn: sa.Connection, office: str) -> list[StaffMember]:
    """Accounts with a role in `office` (network-wide roles have none), by name."""
    rows = conn.execute(
        sa.select(users.c.username, users.c.role, users.c.active)
        .join(user_offices, user_offices.c.user_id == users.c.id)
        .where(user_offices.c.office == office)
        .order_by(users.c.username)
    )
    return [StaffMember(row.username, row.role, bool(row.active)) for row in rows]
