"""Remote tickets for today: take one from the phone, confirm arrival, "come now".

A remote ticket is an ordinary ticket (`issue_ticket`) with `remote` set and
its own facts beside it: a short code to type at the kiosk, a keyed hash of
the phone (one live remote ticket per phone, network-wide), the phone itself
only until "your turn is near" is queued. It takes its place at issue; the
call-next policy passes it by until its arrival is confirmed (at a kiosk by
its code, or by the office's door QR code from the ticket's page). Each call
of a desk follows the office's remote tickets (`follow_remote_tickets`): the
ones now `come_now_ahead` or fewer from the front get their one message, and
the ones still not confirmed `arrival_grace` after that lapse as no-shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from ..domain import remote_tickets as rules
from ..domain.errors import InvalidRequest, InvalidTransition, NotFound
from ..domain.events import TicketArrived, TicketNoShow
from ..domain.model import Office, OfficeCode, ServiceCode
from ..domain.tickets import Ticket
from ..domain.views import TicketView
from ..messaging.message import InvalidRecipient, MessageValues, Recipient, Template, normalised_phone
from ..store import remote_tickets as remote_store
from ..store import tickets as ticket_store
from .context import Actor, CommandContext, Transaction
from .issuing import IssuedTicket, issue_ticket
from .messages import queue_message

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B: easy to read aloud and type
CODE_LENGTH = 5
PHONE_KEY = "phone"
DOOR_KEY_LENGTH = 43  # secrets.token_urlsafe(32)


def door_key_name(office: str) -> str:
    return f"door:{office}"


def door_path(office: str, key: str) -> str:
    """The path of an office's door page with its key: the server's address goes before it."""
    return f"/door/{quote(office, safe='')}?key={quote(key, safe='')}"


def make_code(taken: Callable[[str], bool]) -> str:
    """A fresh arrival code, unique in the office's day (26**5, about 12 million: a clash is rare, and retried)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not taken(code):
            return code


def normalised_code(raw: str) -> str:
    """What a visitor typed, as the code is kept: capitals, no spaces or dashes."""
    return "".join(raw.split()).replace("-", "").upper()


@dataclass(frozen=True)
class RemoteIssued:
    issued: IssuedTicket
    code: str


@dataclass
class _RemoteStep:
    """The remote ticket's part of `issue_ticket`'s transaction: refuse, or keep its facts."""

    office: Office
    service: ServiceCode
    phone: str
    status_url: Callable[[str], str]
    code: str = ""
    phone_key: str = ""

    def before(self, tx: Transaction, day: dt.date) -> None:
        conn = tx.connection
        self.phone_key = hmac.new(
            remote_store.key(conn, PHONE_KEY, tx.now).encode(), self.phone.encode(), hashlib.sha256
        ).hexdigest()
        refusal = rules.refusal(
            self.office,
            remote_store.issued_on(conn, self.office.code, day, self.service),
            remote_store.phone_has_live_ticket(conn, self.phone_key),
            tx.now,
        )
        if refusal is not None:
            raise InvalidTransition(rules.MESSAGES[refusal], reason=refusal.value)
        self.code = make_code(lambda code: remote_store.code_taken(conn, self.office.code, day, code))

    def after(self, tx: Transaction, ticket: Ticket, day: dt.date) -> None:
        conn = tx.connection
        remote_store.add(
            conn, ticket.id, office=self.office.code, day=day, service=self.service,
            code=self.code, phone_key=self.phone_key, phone=self.phone, link=self.status_url(ticket.token),
        )  # fmt: skip
        if rules.come_now(self.office.remote, ticket_store.count_ahead(conn, ticket)):
            # the visitor is looking at the page that says "come now": no message, the grace starts
            remote_store.mark_told_near(conn, ticket.id, tx.now)


def take_remote_ticket(
    ctx: CommandContext,
    office_code: str,
    service: str,
    *,
    phone: str,
    lang: str,
    actor: Actor,
    status_url: Callable[[str], str],
) -> RemoteIssued:
    """A ticket for today taken from the phone; refused (409, nothing written) when the office does not allow it now."""
    office = ctx.office(office_code)
    try:
        clean_phone = normalised_phone(phone)
    except InvalidRecipient as error:
        raise InvalidRequest(str(error), field="phone") from None
    step = _RemoteStep(office, ServiceCode(service), clean_phone, status_url)
    issued = issue_ticket(ctx, office.code, service, actor=actor, lang=lang, remote=step)
    return RemoteIssued(issued, step.code)


def _arrive(tx: Transaction, ticket: Ticket) -> Ticket:
    arrived = rules.confirm_arrival(ticket, tx.now)
    ticket_store.save(tx.connection, arrived)
    tx.emit(arrived.office, TicketArrived(TicketView.of(arrived)))
    return arrived


def confirm_arrival_by_code(ctx: CommandContext, office_code: str, code: str, *, actor: Actor) -> Ticket:
    """A kiosk (or a member of staff) confirms a remote ticket's arrival by the code the visitor types."""
    office = ctx.office(office_code)
    clean = normalised_code(code)
    if not clean:
        raise InvalidRequest("type the code of the remote ticket", field="code")
    with ctx.transaction(office=office.code) as tx:
        facts = remote_store.by_code(tx.connection, office.code, clean)
        ticket = ticket_store.by_id(tx.connection, facts.ticket_id) if facts else None
        if ticket is None:
            raise NotFound(f"no live remote ticket of this office has code {clean}", code=clean)
        arrived = _arrive(tx, ticket)
        tx.audit(actor, "confirm_arrival", office=office.code, ticket=arrived.id, ticket_number=arrived.number)
        return arrived


def confirm_arrival_by_door(ctx: CommandContext, token: str, door_key: str) -> Ticket:
    """The visitor's phone, at the office's door, sends the key of its QR code: the ticket has arrived.

    The key must be the door key of the ticket's own office: a poster of
    another office (or a key made up) confirms nothing.
    """
    with ctx.reading() as conn:
        found = ticket_store.by_token(conn, token)
    if found is None:
        raise NotFound("no such ticket")
    with ctx.transaction(office=found.office) as tx:
        expected = remote_store.existing_key(tx.connection, door_key_name(found.office))
        if expected is None or not hmac.compare_digest(expected.encode(), door_key.encode()):
            raise InvalidTransition(
                "this QR code is not the door code of the ticket's office; scan the one at its entrance",
                reason="wrong_door",
            )
        ticket = ticket_store.by_id(tx.connection, found.id)
        assert ticket is not None  # the ticket was there a moment ago and tickets are never deleted
        return _arrive(tx, ticket)


def door_key(ctx: CommandContext, office_code: str, *, renew: bool = False) -> str:
    """The key of an office's door QR code, made at first use; `renew` makes a new one (old posters stop working)."""
    office = ctx.office(office_code)
    with ctx.transaction() as tx:
        return remote_store.key(tx.connection, door_key_name(office.code), tx.now, renew=renew)


def follow_remote_tickets(ctx: CommandContext, tx: Transaction, office: OfficeCode) -> None:
    """After a call: tell the remote tickets now near the front, let lapse the ones past their grace.

    Runs in the caller's transaction under the office lock, so a message is
    queued exactly once (the mark and the message commit together).
    """
    conn = tx.connection
    facts = remote_store.of_office(conn, office)
    if not facts:
        return
    terms = ctx.office(office).remote
    for ticket in ticket_store.waiting_remote(conn, office):
        fact = facts.get(ticket.id)
        if fact is None or not ticket.remote:
            continue
        if rules.has_lapsed(ticket, fact.told_near_at, terms, tx.now):
            lapsed = rules.lapse(ticket, tx.now)
            ticket_store.save(conn, lapsed)
            tx.emit(office, TicketNoShow(TicketView.of(lapsed)))
            continue
        if fact.told_near_at is not None:
            continue
        ahead = ticket_store.count_ahead(conn, ticket)
        if not rules.come_now(terms, ahead):
            continue
        if fact.phone is not None:
            queue_message(
                tx,
                to=Recipient(phone=fact.phone),
                template=Template.TURN_NEAR,
                values=MessageValues(
                    office=ctx.office(office), number=ticket.number, ahead=ahead, link=fact.link
                ),
                lang=ticket.lang,
            )
        remote_store.mark_told_near(conn, ticket.id, tx.now)
    remote_store.forget_phones_of_finished(conn, office)

