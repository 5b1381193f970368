"""Remote tickets' own facts (code, phone's hash, the "turn near" mark) and the server's keys for them."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from ..domain.model import OfficeCode, ServiceCode, TicketId
from ..domain.tickets import TicketStatus
from .schema import remote_keys, remote_tickets, tickets

LIVE = (TicketStatus.WAITING.value, TicketStatus.CALLED.value, TicketStatus.SERVING.value)


@dataclass(frozen=True)
class RemoteFacts:
    ticket_id: TicketId
    office: OfficeCode
    code: str
    phone: str | None
    link: str
    told_near_at: dt.datetime | None


def _facts(row: sa.Row[tuple[object, ...]]) -> RemoteFacts:
    return RemoteFacts(TicketId(row.ticket_id), OfficeCode(row.office), row.code, row.phone, row.link, row.told_near_at)


def add(
    conn: sa.Connection, ticket_id: TicketId, *, office: OfficeCode, day: dt.date, service: ServiceCode,
    code: str, phone_key: str, phone: str, link: str,
) -> None:  # fmt: skip
    conn.execute(
        remote_tickets.insert().values(
            ticket_id=ticket_id, office=office, day=day, service=service, code=code, phone_key=phone_key, phone=phone, link=link
        )
    )


def issued_on(conn: sa.Connection, office: OfficeCode, day: dt.date, service: ServiceCode) -> int:
    """Remote tickets an office issued for a service on its day, whatever became of them (the cap counts all)."""
    query = sa.select(sa.func.count()).select_from(remote_tickets).where(
        (remote_tickets.c.office == office) & (remote_tickets.c.day == day) & (remote_tickets.c.service == service)
    )
    return int(conn.execute(query).scalar() or 0)


def phone_has_live_ticket(conn: sa.Connection, phone_key: str) -> bool:
    """Whether a remote ticket of this phone (anywhere in the network) is still waiting or at a desk."""
    query = (
        sa.select(remote_tickets.c.ticket_id)
        .join(tickets, tickets.c.id == remote_tickets.c.ticket_id)
        .where((remote_tickets.c.phone_key == phone_key) & tickets.c.status.in_(LIVE))
        .limit(1)
    )
    return conn.execute(query).first() is not None


def code_taken(conn: sa.Connection, office: OfficeCode, day: dt.date, code: str) -> bool:
    query = sa.select(remote_tickets.c.ticket_id).where(
        (remote_tickets.c.office == office) & (remote_tickets.c.day == day) & (remote_tickets.c.code == code)
    )
    return conn.execute(query).first() is not None


def by_code(conn: sa.Connection, office: OfficeCode, code: str) -> RemoteFacts | None:
    """The office's live remote ticket with this code (a code is unique per office and day)."""
    query = (
        sa.select(remote_tickets)
        .join(tickets, tickets.c.id == remote_tickets.c.ticket_id)
        .where((remote_tickets.c.office == office) & (remote_tickets.c.code == code) & tickets.c.status.in_(LIVE))
        .order_by(remote_tickets.c.day.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    return _facts(row) if row else None


def of_ticket(conn: sa.Connection, ticket_id: int) -> RemoteFacts | None:
    row = conn.execute(sa.select(remote_tickets).where(remote_tickets.c.ticket_id == ticket_id)).first()
    return _facts(row) if row else None


def of_office(conn: sa.Connection, office: OfficeCode) -> dict[TicketId, RemoteFacts]:
    """The facts of the office's live remote tickets, by ticket."""
    query = (
        sa.select(remote_tickets)
        .join(tickets, tickets.c.id == remote_tickets.c.ticket_id)
        .where((remote_tickets.c.office == office) & tickets.c.status.in_(LIVE))
    )
    return {TicketId(row.ticket_id): _facts(row) for row in conn.execute(query)}


def mark_told_near(conn: sa.Connection, ticket_id: TicketId, at: dt.datetime) -> None:
    """The "come now" moment is kept and the phone forgotten: the message holds it from here on."""
    conn.execute(
        remote_tickets.update().where(remote_tickets.c.ticket_id == ticket_id).values(told_near_at=at, phone=None)
    )


def forget_phones_of_finished(conn: sa.Connection, office: OfficeCode) -> None:
    """A ticket that is over needs no phone: it is never told anything again."""
    finished = sa.select(tickets.c.id).where((tickets.c.office == office) & tickets.c.status.not_in(LIVE))
    conn.execute(
        remote_tickets.update()
        .where((remote_tickets.c.office == office) & remote_tickets.c.phone.is_not(None) & remote_tickets.c.ticket_id.in_(finished))
        .values(phone=None)
    )


def key(conn: sa.Connection, name: str, now: dt.datetime, *, renew: bool = False) -> str:
    """The server's key `name`, made at first use (or anew with `renew`): random, 32 bytes, URL-safe."""
    current = conn.execute(sa.select(remote_keys.c.value).where(remote_keys.c.name == name)).scalar()
    if current is not None and not renew:
        return str(current)
    value = secrets.token_urlsafe(32)
    if current is None:
        conn.execute(remote_keys.insert().values(name=name, value=value, created_at=now))
    else:
        conn.execute(remote_keys.update().where(remote_keys.c.name == name).values(value=value, created_at=now))
    return value


def existing_key(conn: sa.Connection, name: str) -> str | None:
    value = conn.execute(sa.select(remote_keys.c.value).where(remote_keys.c.name == name)).scalar()
    return None if value is None else str(value)
