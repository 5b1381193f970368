"""Every message between the server, the print agents, the kiosks and the boards, declared once.

Each is a frozen dataclass: `from_json` checks a decoded payload (a
`ProtocolError` names the field at fault), `to_json` writes what goes on the
wire. The limits (lengths, ranges) are declared here and nowhere else: the
server checks what a device sends with these same types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .fields import Message, limits
from .limits import CODE_LENGTH

MAX_CODE = CODE_LENGTH  # an office or board code (protocol/limits.py: the configuration's own limit)
MAX_EVENT_TYPE = 60  # an event type of the catalogue, e.g. "ticket.called"
MAX_REASON = 300  # why a job did not print; what the printer says
MAX_KEY = 64  # a print job's journal key
MAX_TEXT = 1000  # a name printed on the ticket (office, service, priority category)
MAX_LABEL = 200  # one printed label
MAX_URL = 2000
MAX_PRINTED_STEPS = 12  # a visit's steps on one ticket: the server's own most (domain/visits.py MAX_STEPS; a test checks they agree)

LABEL_KEYS = ("number", "issued", "ahead", "wait", "minutes", "no_desk", "unknown", "next", "scan", "watch")
"""The labels a printed ticket needs, sent with every job in the ticket's language (the server's message catalogue)."""


class Stream(StrEnum):
    """Which form of an office's events a subscriber gets: the public one hides what only staff may see."""

    PUBLIC = "public"
    STAFF = "staff"


class PrinterState(StrEnum):
    READY = "ready"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNREACHABLE = "unreachable"
    UNKNOWN = "unknown"  # the connection cannot answer (a file, CUPS, a USB printer without a read endpoint)


PRINTER_STATES = tuple(state.value for state in PrinterState)


class JobStatus(StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Subscribe(Message):
    """`subscribe`: follow an office; `since` is the last seq seen (a replay instead of a snapshot)."""

    office: str = limits(min_length=1, max_length=MAX_CODE)
    since: int | None = limits(None, minimum=0)
    stream: Stream | None = limits(None)


@dataclass(frozen=True)
class Unsubscribe(Message):
    office: str = limits(min_length=1, max_length=MAX_CODE)


@dataclass(frozen=True)
class EventEnvelope(Message):
    """`event`: one event of an office's outbox; `seq` grows by one per office with no gaps."""

    office: str = limits(min_length=1, max_length=MAX_CODE)
    seq: int = limits(minimum=1)
    type: str = limits(min_length=1, max_length=MAX_EVENT_TYPE)
    at: str = limits(min_length=1, max_length=64)
    data: Any = limits()


@dataclass(frozen=True)
class PrintTicket(Message):
    """What a printed ticket says (no personal data), already in the ticket's language and the office's time zone.

    The labels come with it from the server's message catalogue, so the
    printer's side holds no text of its own and a new language needs no new agent.
    """

    office: str = limits(min_length=1, max_length=MAX_TEXT)
    number: str = limits(min_length=1, max_length=20)
    service: str = limits(min_length=1, max_length=MAX_TEXT)
    issued_at: str = limits(min_length=1, max_length=40)  # e.g. "24.11.2026 10:15"
    people_ahead: int = limits(minimum=0)
    estimated_wait_minutes: int | None = limits(minimum=0)  # None: no desk is open for the service, the wait is unknown
    status_url: str = limits(min_length=1, max_length=MAX_URL)
    labels: dict[str, str] = limits(keys=LABEL_KEYS, max_length=MAX_LABEL)
    lang: str = limits("uk", min_length=2, max_length=8)
    priority: str | None = limits(None, max_length=MAX_TEXT)  # the priority category's visible name, if any
    # A visit of several steps: their services' names in order, and the package's name if it is one.
    # Sent only for a visit of more than one step, so a job for one service is the same as before
    # and an agent older than visits prints it (such an agent refuses a visit's job by the field's name).
    steps: tuple[str, ...] | None = limits(None, min_items=2, max_items=MAX_PRINTED_STEPS, min_length=1, max_length=MAX_TEXT)
    package: str | None = limits(None, min_length=1, max_length=MAX_TEXT)

    def to_json(self) -> dict[str, Any]:
        """The ticket on the wire; a ticket for one service leaves the visit's fields out, as the server wrote it before visits."""
        data = super().to_json()
        for key in VISIT_FIELDS:
            if data[key] is None:
                del data[key]
        return data


VISIT_FIELDS = ("steps", "package")
"""The printed ticket's fields of a visit of several steps, left out of a job for one service (an older agent refuses them)."""


@dataclass(frozen=True)
class PrintJob(Message):
    """`print`: the server → the kiosk's agent. The ticket's fields travel beside the job's own, in one object.

    `key` names the job in the agent's journal beyond this database; `age_seconds`
    is measured on the server's clock alone, so the agent refuses a stale job
    whatever its own clock says.
    """

    job: int = limits(minimum=1)
    key: str = limits(min_length=1, max_length=MAX_KEY)
    age_seconds: float = limits(minimum=0)
    ticket_id: int = limits(minimum=1)
    ticket: PrintTicket = limits(flatten=True)


@dataclass(frozen=True)
class PrintResult(Message):
    """`print.result`: the agent → the server, a job's outcome."""

    job: int = limits(minimum=1)
    printed: bool = limits()
    reason: str | None = limits(None, max_length=MAX_REASON)


@dataclass(frozen=True)
class KioskPrintResult(Message):
    """`print.result`: the server → the kiosk page, the outcome of its ticket's job."""

    job: int = limits(minimum=1)
    ticket: int = limits(minimum=1)
    number: str | None = limits(max_length=20)
    status: JobStatus = limits()
    reason: str | None = limits(max_length=MAX_REASON)


@dataclass(frozen=True)
class PrinterStatus(Message):
    """`printer.status`: the agent → the server, the printer's state as it reads it."""

    state: PrinterState = limits()
    detail: str | None = limits(None, max_length=MAX_REASON)


@dataclass(frozen=True)
class AgentHello(Message):
    """`agent.hello`: the agent, after each connect; the server answers with every pending job as `print`."""

    printer: PrinterStatus | None = limits(None)


@dataclass(frozen=True)
class AgentHelloAnswer(Message):
    """The ack of `agent.hello`: how many pending jobs follow."""

    ok: bool = limits()
    pending: int = limits(minimum=0)


@dataclass(frozen=True)
class BoardHello(Message):
    """`board.hello`: a hall board page, after each connect; an empty board is the office's default board."""

    office: str = limits(min_length=1, max_length=MAX_CODE)
    board: str = limits(max_length=MAX_CODE)


MESSAGES: tuple[type[Message], ...] = (
    Subscribe,
    Unsubscribe,
    EventEnvelope,
    PrintTicket,
    PrintJob,
    PrintResult,
    KioskPrintResult,
    PrinterStatus,
    AgentHello,
    AgentHelloAnswer,
    BoardHello,
)
