"""The values of a message to a visitor: who gets it, which text, and how a sending went.

A `Recipient` is checked where it is made, so a message never waits in the
outbox for an address no sender could use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from ..domain.model import Office, Service

PHONE_SEPARATORS = re.compile(r"[\s\-().]")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_MAX_LENGTH = 254


class InvalidRecipient(ValueError):
    """A phone number or an e-mail address that no sender could use."""


def normalised_phone(raw: str) -> str:
    """The phone number in international form (+380…): `0XX…` of Ukraine gets its `+38`.

    Gateways want one form; the booking form takes what people type
    (spaces, dashes, brackets, `380…` without the plus).
    """
    digits = PHONE_SEPARATORS.sub("", raw)
    if digits.startswith("+"):
        number = digits[1:]
    elif digits.startswith("380") and len(digits) == 12:
        number = digits
    elif digits.startswith("0") and len(digits) == 10:
        number = "38" + digits
    else:
        raise InvalidRecipient(f"phone {raw!r}: expected +380XXXXXXXXX or 0XXXXXXXXX")
    if not number.isdigit() or not 10 <= len(number) <= 15:
        raise InvalidRecipient(f"phone {raw!r}: expected +380XXXXXXXXX or 0XXXXXXXXX")
    return "+" + number


@dataclass(frozen=True)
class Recipient:
    """A visitor's phone or e-mail address (or both: the SMS goes first, see `Senders.pick`)."""

    phone: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if self.phone is None and self.email is None:
            raise InvalidRecipient("a message needs a phone or an e-mail address")
        if self.phone is not None:
            object.__setattr__(self, "phone", normalised_phone(self.phone))
        if self.email is not None:
            email = self.email.strip()
            if len(email) > EMAIL_MAX_LENGTH or not EMAIL.match(email):
                raise InvalidRecipient(f"e-mail {self.email!r}: not an address")
            object.__setattr__(self, "email", email)


class Template(StrEnum):
    """What a message says; its text is `message.<template>.text` (and `.subject`) in the catalogue."""

    BOOKING_CONFIRMED = "booking_confirmed"
    BOOKING_REMINDER = "booking_reminder"
    BOOKING_CANCELLED = "booking_cancelled"
    TURN_NEAR = "turn_near"

    @property
    def useful_life(self) -> dt.timedelta:
        """How long after its sending time the message still helps; later it is dropped, not sent late."""
        return USEFUL_LIFE[self]


USEFUL_LIFE: dict[Template, dt.timedelta] = {
    Template.BOOKING_CONFIRMED: dt.timedelta(hours=12),
    Template.BOOKING_REMINDER: dt.timedelta(hours=12),
    Template.BOOKING_CANCELLED: dt.timedelta(hours=12),
    Template.TURN_NEAR: dt.timedelta(minutes=30),
}


@dataclass(frozen=True)
class MessageValues:
    """What a text may name; a template that names a value left out is a mistake of its caller.

    `at` (a booking's start) is shown in the office's own time zone, and
    `office` and `service` by their names in the message's language.
    """

    office: Office
    service: Service | None = None
    at: dt.datetime | None = None
    code: str | None = None  # the booking's code, typed at the kiosk
    number: str | None = None  # a ticket's number (А015)
    ahead: int | None = None  # people ahead of a remote ticket
    link: str | None = None  # the booking's or the ticket's own page


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


@dataclass(frozen=True)
class Outgoing:
    """One message as a sender gets it: already rendered, to one address of one channel.

    `key` is the same at every attempt of the message, so a gateway or a mail
    server that deduplicates can tell a retry from a new message.
    """

    key: str
    channel: Channel
    address: str
    subject: str
    text: str
    lang: str


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # try again later: a timeout, a busy gateway, a 5xx
    FAILED = "failed"  # for good: the gateway or server refused this message
    SKIPPED = "skipped"  # no sender is configured for the recipient


@dataclass(frozen=True)
class Delivery:
    """How one attempt went, with the reason a person reads in the outbox."""

    outcome: Outcome
    reason: str = ""

    @classmethod
    def sent(cls) -> Delivery:
        return cls(Outcome.SENT)

    @classmethod
    def retry(cls, reason: str) -> Delivery:
        return cls(Outcome.RETRY, reason)

    @classmethod
    def failed(cls, reason: str) -> Delivery:
        return cls(Outcome.FAILED, reason)

    @classmethod
    def skipped(cls, reason: str) -> Delivery:
        return cls(Outcome.SKIPPED, reason)
