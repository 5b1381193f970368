"""Request bodies, declared once as protocol messages: the registry parses them, the OpenAPI document describes them.

Each body is a frozen dataclass deriving from `protocol.fields.Message`, the
same declarations the device protocol uses: the registry reads the request's
JSON with `from_json` (a 400 naming the field at fault) and hands the handler
the typed value; the document's request schemas are generated from the same
classes (`protocol.schema.openapi_schema`), so the document keeps matching
what the server really accepts. A field that may be left out is
`X | None = limits(None)`: absent and null mean the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from protocol.fields import Message, limits
from protocol.limits import CODE_LENGTH, DESK_ID_LENGTH

from ..commands.accounts import DEVICE_NAME_MAX, MAX_PASSWORD, MIN_PASSWORD
from ..commands.context import DeviceKind
from ..commands.desk_state import PAUSE_REASONS
from ..commands.supervision import MAX_REASON
from ..domain.appointments import NAME_MAX as VISITOR_NAME_MAX
from ..domain.desks import MAX_WEIGHT
from ..domain.survey import Reason as SurveyReason
from ..domain.visits import MAX_STEPS as MAX_VISIT_STEPS

MAX_ID = 2**62  # ids are 64-bit in the database; a bigger one names nothing and must not reach SQL
USERNAME_LENGTH = 60  # commands/accounts.USERNAME: 2 to 60 characters
MAX_SERVICES = 200  # services a desk may be given for the day: more than any office offers
PauseReason = StrEnum("PauseReason", {reason.upper(): reason for reason in PAUSE_REASONS})  # type: ignore[misc]


class Language(StrEnum):
    """The languages a ticket and its page are shown in."""

    UK = "uk"
    EN = "en"


@dataclass(frozen=True, kw_only=True)
class Empty(Message):
    """No fields: an action whose path says everything (an empty body, `{}` or none, is taken)."""


@dataclass(frozen=True, kw_only=True)
class Login(Message):
    username: str = limits(max_length=USERNAME_LENGTH)
    password: str = limits(max_length=MAX_PASSWORD)


@dataclass(frozen=True, kw_only=True)
class PasswordChange(Message):
    current_password: str = limits(max_length=MAX_PASSWORD)
    new_password: str = limits(max_length=MAX_PASSWORD, doc=f"{MIN_PASSWORD} to {MAX_PASSWORD} characters")


@dataclass(frozen=True, kw_only=True)
class IssueTicket(Message):
    service: str | None = limits(None, max_length=CODE_LENGTH, doc="a service or package code of the office (or `services`)")
    services: tuple[str, ...] | None = limits(
        None, min_items=1, max_items=MAX_VISIT_STEPS, max_length=CODE_LENGTH,
        doc="several service codes (or one package and services) in the order the visitor goes through them: one ticket for the visit",
    )
    priority: str | None = limits(None, max_length=CODE_LENGTH, catalogue="priorities", doc="a priority category code (GET /priorities)")
    lang: Language | None = limits(None, doc="the language of the ticket and its page")
    print: bool | None = limits(None, doc="a kiosk prints the ticket on its agent's printer (default true for a kiosk)")
    override: bool | None = limits(
        None,
        doc="staff only: issue although the office is closed, the service not given now, the wait past closing, "
        "a daily cap reached or the stop-issuing time passed (audited)",
    )


@dataclass(frozen=True, kw_only=True)
class Rating(Message):
    """The questionnaire after a visit (docs/survey.md): only the satisfaction score is required."""

    score: int = limits(minimum=1, maximum=5)
    comment: str | None = limits(None, max_length=1000)
    recommend: int | None = limits(None, minimum=0, maximum=10, doc="«would you recommend us»: 0 (not at all) to 10 (certainly)")
    reasons: tuple[SurveyReason, ...] | None = limits(None, max_items=len(SurveyReason), doc="what the answer is about, each at most once")
    complaint: bool | None = limits(None, doc="file the comment as a complaint (a score of 1 or 2 with a comment only)")


@dataclass(frozen=True, kw_only=True)
class DeskSurveyAnswer(Rating):
    """The questionnaire by the desk's QR code: the visit being served there or just finished there."""

    ticket: str | None = limits(None, max_length=16, doc="the number of the visit the survey page showed; refused if it may no longer be rated")


def _ticket_ref(doc: str) -> int | None:
    return limits(None, minimum=1, maximum=MAX_ID, doc=doc)  # type: ignore[no-any-return]


@dataclass(frozen=True, kw_only=True)
class DeskTicket(Message):
    """The ticket the console shows, so that an action on a stale screen is refused rather than done to another visitor."""

    ticket: int | None = _ticket_ref("the id of the ticket the console shows; refused if it is no longer at the desk")


@dataclass(frozen=True, kw_only=True)
class ReturnTicket(Message):
    ticket: int = limits(minimum=1, maximum=MAX_ID, doc="the held ticket's id")


@dataclass(frozen=True, kw_only=True)
class Transfer(Message):
    service: str | None = limits(None, max_length=CODE_LENGTH, doc="send to this service")
    desk: str | None = limits(None, max_length=DESK_ID_LENGTH, doc="send to this desk")
    note: str | None = limits(None, max_length=500, doc="a note for the next desk")
    ticket: int | None = _ticket_ref("the id of the ticket the console shows; refused if it is no longer at the desk")


@dataclass(frozen=True, kw_only=True)
class FinishStep(DeskTicket):
    go_on: bool | None = limits(
        None,
        doc="a visit with steps left: true, this desk serves the next step now; false, the visitor waits for it; "
        "left out, the desk goes on when it does the next step",
    )
    step: int | None = limits(
        None, minimum=1, maximum=MAX_VISIT_STEPS,
        doc="the step the console shows, counted from 1; refused if the visit has moved on (a second tap after going on here)",
    )


@dataclass(frozen=True, kw_only=True)
class SkipStep(DeskTicket):
    step: int = limits(minimum=1, maximum=MAX_VISIT_STEPS, doc="the step to skip, counted from 1 (the current one or a later one)")
    reason: str = limits(min_length=1, max_length=200, not_blank=True, doc="why (kept in the audit log), e.g. the visitor already has the certificate")


@dataclass(frozen=True, kw_only=True)
class AddStep(DeskTicket):
    service: str = limits(min_length=1, max_length=CODE_LENGTH, doc="a service of the office, added as the visit's last step")


@dataclass(frozen=True, kw_only=True)
class EndVisit(DeskTicket):
    reason: str = limits(min_length=1, max_length=200, not_blank=True, doc="why the visit ends before its last step (kept in the audit log)")


@dataclass(frozen=True, kw_only=True)
class AirRaidSwitch(Message):
    active: bool = limits(doc="true: the alert begins (nobody is issued a ticket or called); false: it is over")


@dataclass(frozen=True, kw_only=True)
class NetworkAirRaidSwitch(Message):
    """The managers' form: begin or end the alert in the offices named, or in the whole network."""

    offices: Any = limits(
        example=["main", "vet"],
        doc='"all" for every office of the network, or a non-empty list of office codes; an unknown code refuses the whole request (400)',
    )
    active: bool = limits(doc="true: the alert begins in each office named; false: it is over there")


@dataclass(frozen=True, kw_only=True)
class Pause(Message):
    reason: PauseReason = limits()


@dataclass(frozen=True, kw_only=True)
class NewDevice(Message):
    kind: DeviceKind = limits()
    office: str = limits(min_length=1, max_length=CODE_LENGTH)
    name: str = limits(min_length=1, max_length=DEVICE_NAME_MAX, not_blank=True, doc="a print agent takes its kiosk's name")


def _reason(doc: str) -> str:
    """A reason for the audit log: 1 to `MAX_REASON` characters, spaces alone refused."""
    return limits(min_length=1, max_length=MAX_REASON, not_blank=True, doc=doc)  # type: ignore[no-any-return]


@dataclass(frozen=True, kw_only=True)
class CallTicket(Message):
    ticket: int = limits(minimum=1, maximum=MAX_ID, doc="the id of the waiting ticket to call")
    reason: str = _reason("why this visitor goes out of turn (kept in the audit log)")


@dataclass(frozen=True, kw_only=True)
class CancelTicket(Message):
    reason: str = _reason("why the ticket is withdrawn")


@dataclass(frozen=True, kw_only=True)
class MoveTicket(Message):
    service: str | None = limits(None, max_length=CODE_LENGTH, doc="the new service; null keeps the ticket's")
    desk: str | None = limits(None, max_length=DESK_ID_LENGTH, doc="only this desk calls it; null: any desk of the service")
    reason: str = _reason("why the ticket moves")


@dataclass(frozen=True, kw_only=True)
class ForceClose(Message):
    reason: str = _reason("why the desk is closed by a supervisor")


@dataclass(frozen=True, kw_only=True)
class DeskServices(Message):
    weights: dict[str, float] = limits(
        min_items=1,
        max_items=MAX_SERVICES,
        key_max_length=CODE_LENGTH,
        above=0,
        maximum=MAX_WEIGHT,
        doc=f"services of the office the desk serves today, each with a weight above 0 and at most {MAX_WEIGHT:g}",
    )


# A phone as people write it: a leading +, digits, spaces, dashes, dots and brackets; the command reads the number.
PHONE_AS_WRITTEN = r"^[+]?[0-9][0-9 ().\-]{7,23}$"
PARTNER_PERSON_AS_SENT = r"^[A-Za-z0-9._:+/=\-]{8,128}$"
BOOKING_CODE_AS_TYPED = r"^[A-Za-z0-9][A-Za-z0-9 \-]{0,11}$"


@dataclass(frozen=True, kw_only=True)
class NewBooking(Message):
    office: str = limits(min_length=1, max_length=CODE_LENGTH, doc="an office code (GET /offices)")
    service: str = limits(min_length=1, max_length=CODE_LENGTH, doc="a service code of the office")
    start: dt.datetime = limits(
        example="2026-11-25T10:00:00+02:00", doc="a slot's `start` as GET …/slots gave it (ISO 8601; UTC if no offset)"
    )
    name: str = limits(min_length=1, max_length=VISITOR_NAME_MAX, not_blank=True, doc="the visitor's name, as they wish to be greeted")
    phone: str | None = limits(
        None,
        pattern=PHONE_AS_WRITTEN,
        shape="a phone number: +380…, 0… or +country…",
        example="+380671234567",
        doc="the visitor's phone: +380XXXXXXXXX, 0XXXXXXXXX or another country's +…; spaces and dashes allowed"
        " (required, unless a partner sends `person`)",
    )
    person: str | None = limits(
        None,
        pattern=PARTNER_PERSON_AS_SENT,
        shape="a pseudonymous key of 8 to 128 letters, digits or ._:+/=-",
        example="3f9a1c07-5b2e-4d8a-9c61-0e7d2b4a8f15",
        doc="a partner's token only: its pseudonymous key of the person (never the e-ID's number), which the limits count on",
    )
    lang: Language | None = limits(None, doc="the visitor's language: of the confirmation, the reminder and a cancellation (default uk)")


@dataclass(frozen=True, kw_only=True)
class CheckInBooking(Message):
    code: str = limits(
        pattern=BOOKING_CODE_AS_TYPED, shape="a booking code such as K7M3QX", example="K7M3QX", doc="the booking's code, as typed or scanned"
    )
    lang: Language | None = limits(None, doc="the language of the ticket and its page")
    print: bool | None = limits(None, doc="a kiosk prints the ticket on its agent's printer (default true for a kiosk)")
    override: bool | None = limits(
        None, doc="staff only: issue although the office is closed, the service not given now or the wait past closing (audited)"
    )


PHONE_LENGTH = 32  # what people type: +380 XX XXX-XX-XX with spaces, dashes and brackets
# What `messaging.message.normalised_phone` takes, in the ASCII spelling any regex engine reads alike:
# +, then 10 to 15 digits; or 380 and 9 digits; or 0 and 9 digits; spaces, dashes, brackets and dots between.
_GAP = "[ ().-]*"
PHONE = f"^{_GAP}(\\+{_GAP}([0-9]{_GAP}){{10,15}}|3{_GAP}8{_GAP}0{_GAP}([0-9]{_GAP}){{9}}|0{_GAP}([0-9]{_GAP}){{9}})$"
REMOTE_CODE_LENGTH = 16  # the code is 5 letters; spaces and dashes typed with it are taken
DOOR_KEY_LENGTH = 64  # the door key is 43 URL-safe characters


@dataclass(frozen=True, kw_only=True)
class RemoteTicket(Message):
    service: str = limits(max_length=CODE_LENGTH, doc="a service code of the office")
    phone: str = limits(
        min_length=1, max_length=PHONE_LENGTH, pattern=PHONE, shape="a phone number, +380XXXXXXXXX or 0XXXXXXXXX",
        doc="+380XXXXXXXXX or 0XXXXXXXXX (spaces, dashes, brackets allowed): one live remote ticket per phone; told once when the turn is near",
    )
    lang: Language | None = limits(None, doc="the language of the ticket, its page and its message")


@dataclass(frozen=True, kw_only=True)
class Arrival(Message):
    code: str = limits(min_length=1, max_length=REMOTE_CODE_LENGTH, not_blank=True, doc="the remote ticket's code, as the visitor types it")


@dataclass(frozen=True, kw_only=True)
class DoorArrival(Message):
    door: str = limits(min_length=1, max_length=DOOR_KEY_LENGTH, not_blank=True, doc="the key of the office's door QR code")


WALL_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


@dataclass(frozen=True, kw_only=True)
class CloseBookings(Message):
    date: dt.date = limits(
        pattern=r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        shape="a date YYYY-MM-DD",
        example="2026-11-25",
        doc="the office's local day to close",
    )
    desk: str | None = limits(None, min_length=1, max_length=DESK_ID_LENGTH, doc="one desk of the office (e.g. main-7); absent: the whole office")
    start: str | None = limits(None, pattern=WALL_TIME, shape="a time HH:MM", example="12:00", doc="from this time on the office's clock; absent with end: the whole day")
    end: str | None = limits(None, pattern=WALL_TIME, shape="a time HH:MM", example="15:00", doc="to this time on the office's clock")
    reason: str = limits("", max_length=200, doc="why, for the record (the visitors' message does not say it)")


@dataclass(frozen=True, kw_only=True)
class LiftBlock(Message):
    code: str | None = limits(
        None, pattern=BOOKING_CODE_AS_TYPED, shape="a booking code such as K7M3QX", example="K7M3QX", doc="the code of one of the person's bookings at this office"
    )
    phone: str | None = limits(None, pattern=PHONE_AS_WRITTEN, shape="a phone number: +380…, 0… or +country…", example="+380671234567", doc="or the phone the person books with")


class StaffChannel(StrEnum):
    """The channels staff enter a complaint by (the ticket page and the survey file their own)."""

    HOTLINE = "hotline"
    WRITTEN = "written"


@dataclass(frozen=True, kw_only=True)
class VisitorComplaint(Message):
    text: str = limits(min_length=1, max_length=2000, doc="the complaint, 1 to 2000 characters")


@dataclass(frozen=True, kw_only=True)
class StaffComplaint(Message):
    channel: StaffChannel = limits(doc="how it came: a call to the hotline, or in writing")
    text: str = limits(min_length=1, max_length=2000, doc="the complaint, 1 to 2000 characters")
    desk: str | None = limits(None, min_length=1, max_length=DESK_ID_LENGTH, doc="the desk it is about, if known")


@dataclass(frozen=True, kw_only=True)
class AssignComplaint(Message):
    assignee: str = limits(min_length=1, max_length=80, doc="the user name of the office's staff member who answers it")


@dataclass(frozen=True, kw_only=True)
class AnswerComplaint(Message):
    text: str = limits(min_length=1, max_length=4000, doc="the answer given, 1 to 4000 characters")
