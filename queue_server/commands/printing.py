"""Print jobs: made with the ticket, printed by the kiosk's agent, reported back to the kiosk.

A kiosk and its print agent are paired by name: the agent registered as
`--kind agent --name kiosk-1` prints the tickets of the kiosk `kiosk-1` of
the same office.
"""

from __future__ import annotations

from typing import Any

from ..domain import printing as print_rules
from ..domain.errors import AccessDenied, InvalidRequest, NotFound
from ..domain.events import PrinterStatusReported
from ..domain.model import OfficeCode
from ..domain.printing import PrintJob
from ..store import printing as print_store
from .context import Actor, CommandContext, DeviceMessage, Transaction

PRINTER_STATES = ("ready", "paper_low", "paper_out", "cover_open", "offline", "unreachable", "unknown")
PRINT = "print"
PRINT_RESULT = "print.result"


def add_job(tx: Transaction, office: str, kiosk: str, ticket_id: int, payload: dict[str, Any]) -> PrintJob:
    """Queue the ticket for the kiosk's agent, in the issuing transaction; sent after the commit."""
    job = print_store.add(tx.connection, office, kiosk, ticket_id, payload, tx.now)
    tx.tell(DeviceMessage("agent", office, kiosk, PRINT, job_message(job)))
    return job


def job_message(job: PrintJob) -> dict[str, Any]:
    return {"job": job.id, **job.payload}


def _require_agent(actor: Actor | None) -> Actor:
    if actor is None or actor.kind != "device" or actor.role != "agent":
        raise AccessDenied("only a registered print agent may do this")
    return actor


def pending_jobs(ctx: CommandContext, actor: Actor | None) -> list[dict[str, Any]]:
    agent = _require_agent(actor)
    with ctx.reading() as conn:
        return [job_message(job) for job in print_store.pending(conn, agent.offices[0], agent.name)]


def report_print(ctx: CommandContext, actor: Actor | None, job_id: Any, printed: Any, reason: Any) -> PrintJob:
    """The agent's outcome for a job; the kiosk hears it at once."""
    agent = _require_agent(actor)
    if isinstance(job_id, bool) or not isinstance(job_id, int) or job_id < 1:
        raise InvalidRequest("job must be a job id (a whole number)", field="job")
    if not isinstance(printed, bool):
        raise InvalidRequest("printed must be true or false", field="printed")
    if reason is not None and (not isinstance(reason, str) or len(reason) > 300):
        raise InvalidRequest("reason must be a text of at most 300 characters", field="reason")
    with ctx.transaction() as tx:
        job = print_store.by_id(tx.connection, job_id)
        if job is None or job.office != agent.offices[0] or job.kiosk != agent.name:
            raise NotFound(f"no print job {job_id} for this agent", job=job_id)
        done = print_rules.complete(job, printed=printed, reason=reason)
        if done != job:
            print_store.save(tx.connection, done, tx.now)
            result = {"job": done.id, "ticket": done.ticket_id, "number": done.payload.get("number"), "status": done.status.value, "reason": done.reason}
            tx.tell(DeviceMessage("kiosk", done.office, done.kiosk, PRINT_RESULT, result))
        return done


def print_status_of_ticket(ctx: CommandContext, office: str, ticket_id: int) -> PrintJob | None:
    with ctx.reading() as conn:
        job = print_store.by_ticket(conn, ticket_id)
    return job if job is not None and job.office == office else None


def report_printer_status(ctx: CommandContext, actor: Actor | None, state: Any, detail: Any) -> dict[str, Any]:
    """The printer's state as the agent reads it; the office's staff stream hears it."""
    agent = _require_agent(actor)
    if state not in PRINTER_STATES:
        raise InvalidRequest(f"state must be one of {', '.join(PRINTER_STATES)}", field="state")
    if detail is not None and (not isinstance(detail, str) or len(detail) > 300):
        raise InvalidRequest("detail must be a text of at most 300 characters", field="detail")
    data = {"agent": agent.name, "kiosk": agent.name, "state": state, "detail": detail or ""}
    with ctx.transaction() as tx:
        tx.emit(OfficeCode(agent.offices[0]), PrinterStatusReported(data))
    return data
