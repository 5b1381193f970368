"""A booking of a time at an office, and the visitor's data it keeps: pure values and rules, no I/O.

What is kept is the least the office needs: the name as given (the
administrator greets the visitor), the phone normalised to one spelling
(+380…, for the messages of item 6), and the `person` key, a keyed hash of
that phone, which the per-person limits count on (booking_rules.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

# What a visitor types at the kiosk: no 0/O, 1/I/L, so no code is misread (31 signs, 6 of them: ~887 million codes).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
NAME_MAX = 100
PHONE_MIN_DIGITS = 9
PHONE_MAX_DIGITS = 15  # E.164's longest
# Spaces, dashes, dots and brackets are how people write a number; they are dropped before it is checked.
_PHONE_DECORATION = re.compile(r"[\s\-.()]")
# A partner's pseudonymous key of a person (a hash, a UUID, an opaque id): letters, digits and a few signs.
PARTNER_PERSON_MAX = 128
_PARTNER_PERSON = re.compile(rf"^[A-Za-z0-9._:+/=\-]{{8,{PARTNER_PERSON_MAX}}}$")
_PHONE = re.compile(rf"^\+?[0-9]{{{PHONE_MIN_DIGITS},{PHONE_MAX_DIGITS}}}$")


class AppointmentStatus(StrEnum):
    """A booking's life: booked, then checked in (served, once its ticket is done), cancelled or missed."""

    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    MISSED = "missed"
    SERVED = "served"  # never stored: a checked-in booking whose ticket is done


# The stored statuses that hold a place in their slot.
HOLDING = frozenset({AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN})


@dataclass(frozen=True)
class Appointment:
    """One booking; `start` is aware. `ticket_id` is the ticket its check-in issued."""

    id: int
    office: str
    service: str
    start: dt.datetime
    code: str
    token: str
    status: AppointmentStatus
    name: str
    phone: str
    person: str
    booked_at: dt.datetime
    booked_by: str
    cancelled_at: dt.datetime | None = None
    checked_in_at: dt.datetime | None = None
    checked_in_by: str | None = None
    ticket_id: int | None = None
    missed_at: dt.datetime | None = None
    lang: str = "uk"  # the visitor's language: of the messages sent later (a cancellation by the office)
    reminder_id: int | None = None  # the reminder in the message outbox, withdrawn if the booking is cancelled


def new_code() -> str:
    """A fresh code for the kiosk; the command draws again while a live booking has it."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    """The manage page's token: unguessable, like a ticket's."""
    return secrets.token_urlsafe(16)


def typed_code(typed: str) -> str:
    """A code as a visitor may type or a scanner send it: spaces and dashes dropped, upper case."""
    return re.sub(r"[\s\-]", "", typed).upper()


def normal_phone(typed: str) -> str | None:
    """The phone as one spelling (+380… for a Ukrainian number), or None when it is no phone number.

    Ukrainian numbers are written 0XX…, 380XX… or +380XX…; all three are
    one person, so the limits count them as one.
    """
    bare = _PHONE_DECORATION.sub("", typed)
    if not _PHONE.match(bare):
        return None
    digits = bare.lstrip("+")
    if not bare.startswith("+"):
        if len(digits) == 10 and digits.startswith("0"):
            digits = "38" + digits
        elif not (len(digits) == 12 and digits.startswith("380")):
            return None  # a foreign number needs its + and country code
    return "+" + digits


def person_secret(app_secret: bytes) -> bytes:
    """The key of the person keys, derived from the app's secret (CHERGA_SECRET_KEY): every process, and the demo's seed, count alike."""
    return hashlib.sha256(b"cherga booking person\0" + app_secret).digest()


def person_key(phone: str, key: bytes) -> str:
    """The person the limits count on: a keyed hash of the normalised phone, so the count never reads a number."""
    return hmac.new(key, phone.encode("utf-8"), hashlib.sha256).hexdigest()


def partner_person(typed: str) -> str | None:
    """A partner's pseudonymous key of a person as sent, or None when it is not one (8 to 128 letters, digits, `._:+/=-`)."""
    return typed if _PARTNER_PERSON.match(typed) else None


def partner_person_key(person: str, key: bytes) -> str:
    """The person the limits count on, for a partner's pseudonymous key: hashed again, so not even that key is kept.

    It is apart from the phones' keys (another prefix): a person booking once
    by phone and once through a partner is counted as two, as Cherga cannot
    know they are one.
    """
    return hmac.new(key, b"partner-person\0" + person.encode("utf-8"), hashlib.sha256).hexdigest()
