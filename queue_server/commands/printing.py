"""Print jobs: made with the ticket, printed by the kiosk's agent, reported back to the kiosk.

A kiosk and its print agent are paired by name: the agent registered as
`--kind agent --name kiosk-1` prints the tickets of the kiosk `kiosk-1` of
the same office.

Every job message carries a `key` unique beyond this database (drawn from
the ticket's unguessable token), which the agent's journal remembers: a new
or restored database numbers its jobs from 1 again, and a job id alone would
make the agent take a new ticket for one it already printed. It also carries
`age_seconds`, measured on the server's clock alone, so that the agent can
refuse a job that waited too long whatever its own clock says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from protocol import events
from protocol.errors import ProtocolError
from protocol.messages import (
    LABEL_KEYS,
    JobStatus,
    KioskPrintResult,
    PrinterState,
    PrinterStatus,
    PrintResult,
    PrintTicket,
)

from ..domain import printing as print_rules
from ..domain.errors import InvalidRequest, NotFound
from ..domain.events import PrinterStatusReported
from ..domain.model import OfficeCode
from ..domain.printing import PrintJob
from ..domain.tickets import TicketStatus
from ..i18n import translate
from ..store import printing as print_store
from .access import require_device
from .context import Actor, CommandContext, DeviceKind, DeviceMessage, Transaction

PRINT = events.PRINT
PRINT_RESULT = events.PRINT_RESULT


DEFAULT_MAX_AGE_SECONDS = 120


def print_labels(lang: str) -> dict[str, str]:
    """The printed ticket's labels in `lang`, from the message catalogue: the agent prints what it is given."""
    return {key: translate(f"ticket.print.{key}", lang) for key in LABEL_KEYS}


def add_job(tx: Transaction, office: str, kiosk: str, ticket_id: int, payload: dict[str, Any]) -> PrintJob:
    """Queue the ticket for the kiosk's agent, in the issuing transaction; sent after the commit.

    The stored payload is the protocol's `PrintTicket` (with its labels in the
    ticket's language) and the ticket's id: what `job_message` sends.
    """
    fields = {name: value for name, value in payload.items() if name != "ticket_id"}
    ticket = PrintTicket(**fields, labels=print_labels(str(fields.get("lang", "uk"))))
    job = print_store.add(tx.connection, office, kiosk, ticket_id, {"ticket_id": ticket_id, **ticket.to_json()}, tx.now)
    tx.tell(DeviceMessage("agent", office, kiosk, PRINT, job_message(job, tx.now)))
    return job


def job_key(job: PrintJob) -> str:
    """The job's name in the agent's journal: unique to this ticket on any server, and not the token itself."""
    return hashlib.sha256(f"cherga-print-job:{job.ticket_token}".encode()).hexdigest()[:32]


def job_message(job: PrintJob, now: dt.datetime) -> dict[str, Any]:
    """The `print` message (a `protocol.PrintJob` on the wire): the job's own fields beside the stored ticket.

    The stored payload goes out as it was stored: if it does not match the
    protocol (a job left by another version of the server), the agent refuses
    it with the field at fault and reports the job failed, so it never hangs.
    """
    age = max((now - job.created_at).total_seconds(), 0.0) if job.created_at is not None else 0.0
    return {"job": job.id, "key": job_key(job), "age_seconds": round(age, 1), **job.payload}


def _require_agent(actor: Actor | None) -> Actor:
    return require_device(actor, DeviceKind.AGENT)


def pending_jobs(ctx: CommandContext, actor: Actor | None, max_age_seconds: int = DEFAULT_MAX_AGE_SECONDS) -> list[dict[str, Any]]:
    """The jobs the agent missed while it was away, as it says hello; stale ones expire instead.

    A job whose ticket is no longer waiting, or that is older than
    `max_age_seconds` (CHERGA_PRINT_JOB_MAX_AGE_SECONDS), is marked expired
    and the kiosk hears `print.result` with that status: the visitor left the
    kiosk long ago, with the ticket and its QR code shown on the screen.
    """
    agent = _require_agent(actor)
    max_age = dt.timedelta(seconds=max_age_seconds)
    with ctx.transaction() as tx:
        messages = []
        for job, ticket_status in print_store.pending(tx.connection, agent.offices[0], agent.name):
            reason = print_rules.stale_reason(job, ticket_waiting=ticket_status == TicketStatus.WAITING.value, now=tx.now, max_age=max_age)
            if reason is None:
                messages.append(job_message(job, tx.now))
                continue
            expired = print_rules.expire(job, reason)
            print_store.save(tx.connection, expired, tx.now)
            tx.tell(DeviceMessage("kiosk", expired.office, expired.kiosk, PRINT_RESULT, _result(expired)))
        return messages


def _result(job: PrintJob) -> dict[str, Any]:
    number = job.payload.get("number")
    message = KioskPrintResult(job.id, job.ticket_id, number if isinstance(number, str) else None, JobStatus(job.status.value), job.reason)
    return message.to_json()


def _checked(message: type[PrintResult] | type[PrinterStatus], data: dict[str, Any]) -> Any:
    """The protocol's own limits on what an agent sent (a reason's length); a refusal is the client's mistake, naming the field.

    The Socket.IO layer has read the message with the same type already; the
    command checks again because it is called from elsewhere too (the CLI,
    the tests), and a command never trusts its caller with the limits.
    """
    try:
        return message.from_json(data)
    except ProtocolError as error:
        raise InvalidRequest(error.message, **({"field": error.field} if error.field else {})) from None


def report_print(ctx: CommandContext, actor: Actor | None, job_id: int, printed: bool, reason: str | None) -> PrintJob:
    """The agent's outcome for a job; the kiosk hears it at once."""
    agent = _require_agent(actor)
    result: PrintResult = _checked(PrintResult, {"job": job_id, "printed": printed, "reason": reason})
    job_id, printed, reason = result.job, result.printed, result.reason
    with ctx.transaction() as tx:
        job = print_store.by_id(tx.connection, job_id)
        if job is None or job.office != agent.offices[0] or job.kiosk != agent.name:
            raise NotFound(f"no print job {job_id} for this agent", job=job_id)
        done = print_rules.complete(job, printed=printed, reason=reason)
        if done != job:
            print_store.save(tx.connection, done, tx.now)
            tx.tell(DeviceMessage("kiosk", done.office, done.kiosk, PRINT_RESULT, _result(done)))
        return done


def print_status_of_ticket(ctx: CommandContext, office: str, ticket_id: int) -> PrintJob | None:
    with ctx.reading() as conn:
        job = print_store.by_ticket(conn, ticket_id)
    return job if job is not None and job.office == office else None


def report_printer_status(ctx: CommandContext, actor: Actor | None, state: PrinterState, detail: str | None) -> dict[str, Any]:
    """The printer's state as the agent reads it; the office's staff stream hears it."""
    agent = _require_agent(actor)
    status: PrinterStatus = _checked(PrinterStatus, {"state": state, "detail": detail})
    data = {"agent": agent.name, "kiosk": agent.name, "state": status.state.value, "detail": status.detail or ""}
    with ctx.transaction() as tx:
        tx.emit(OfficeCode(agent.offices[0]), PrinterStatusReported(data))
    return data
