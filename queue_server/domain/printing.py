"""Print jobs: a kiosk's ticket on its way to the printer beside it.

A job is printed at most once: it goes from pending to printed or failed
and stays there. The agent may report the same outcome twice (a lost
acknowledgement, a reconnect); that changes nothing. A failed job is not
retried by itself, because the visitor already has the ticket on the kiosk's
screen and a late paper ticket would only confuse the next visitor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from .errors import InvalidTransition


class PrintStatus(StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True)
class PrintJob:
    id: int
    office: str
    kiosk: str
    ticket_id: int
    payload: dict[str, Any]
    status: PrintStatus = PrintStatus.PENDING
    reason: str | None = None


def complete(job: PrintJob, *, printed: bool, reason: str | None) -> PrintJob:
    """Record the agent's outcome; the same outcome again is a no-op, a different one is refused."""
    outcome = PrintStatus.PRINTED if printed else PrintStatus.FAILED
    if job.status is PrintStatus.PENDING:
        return replace(job, status=outcome, reason=None if printed else (reason or "unknown reason"))
    if job.status is outcome:
        return job
    raise InvalidTransition(f"print job {job.id} is already {job.status.value}", job=job.id)
