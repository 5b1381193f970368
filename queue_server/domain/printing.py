"""Print jobs: a kiosk's ticket on its way to the printer beside it.

A job is printed at most once: it goes from pending to printed, failed or
expired and stays there. The agent may report the same outcome twice (a lost
acknowledgement, a reconnect); that changes nothing. A failed job is not
retried by itself, because the visitor already has the ticket on the kiosk's
screen and a late paper ticket would only confuse the next visitor.

For the same reason a job that waited too long for its agent (the agent was
away, the kiosk PC was off) expires instead of being printed when the agent
comes back: by then the visitor has left the kiosk, and the ticket may have
been called, served and rated — a paper saying «Ви наступні» would be a lie.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from .errors import InvalidTransition


class PrintStatus(StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"
    EXPIRED = "expired"


@dataclass(frozen=True)
class PrintJob:
    id: int
    office: str
    kiosk: str
    ticket_id: int
    payload: dict[str, Any]
    status: PrintStatus = PrintStatus.PENDING
    reason: str | None = None
    created_at: dt.datetime | None = None
    ticket_token: str = ""


def complete(job: PrintJob, *, printed: bool, reason: str | None) -> PrintJob:
    """Record the agent's outcome; the same outcome again is a no-op, a different one is refused.

    An expired job stays expired whatever the agent says later: the kiosk was
    told it would not print, and the word of an agent that raced the expiry
    changes nothing the visitor sees.
    """
    outcome = PrintStatus.PRINTED if printed else PrintStatus.FAILED
    if job.status is PrintStatus.PENDING:
        return replace(job, status=outcome, reason=None if printed else (reason or "unknown reason"))
    if job.status is outcome or job.status is PrintStatus.EXPIRED:
        return job
    raise InvalidTransition(f"print job {job.id} is already {job.status.value}", job=job.id)


def stale_reason(job: PrintJob, *, ticket_waiting: bool, now: dt.datetime, max_age: dt.timedelta) -> str | None:
    """Why a pending job must not be printed any more, or None while it is still worth printing."""
    if job.status is not PrintStatus.PENDING:
        return None
    if not ticket_waiting:
        return "the ticket is no longer waiting; not printed late"
    if job.created_at is not None and now - job.created_at > max_age:
        waited = int((now - job.created_at).total_seconds())
        return f"the job waited {waited} s for the print agent (at most {int(max_age.total_seconds())} s); not printed late"
    return None


def expire(job: PrintJob, reason: str) -> PrintJob:
    """A pending job that will never be printed: the agent never gets it."""
    if job.status is not PrintStatus.PENDING:
        raise InvalidTransition(f"print job {job.id} is already {job.status.value}", job=job.id)
    return replace(job, status=PrintStatus.EXPIRED, reason=reason)
