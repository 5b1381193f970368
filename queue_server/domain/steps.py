"""A step of a visit: one service, with what happened to it (the ticket in `tickets.py` holds its steps)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .model import DeskId, ServiceCode


class StepStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Step:
    """One service of a visit, with what happened to it.

    `profiles` limits the desks that may do it (by their configured
    profile); `ready_at` is when the visitor began to wait for it (the end
    of the step before; None for the first step, whose wait starts at the
    ticket's issue), so a report can tell the wait of each step. The current step's status
    follows the ticket's; a step before it is done or skipped; a step after
    it waits, unless skipped in advance.
    """

    service: ServiceCode
    status: StepStatus = StepStatus.WAITING
    profiles: tuple[str, ...] = ()
    desk: DeskId | None = None
    served_by: str | None = None
    ready_at: dt.datetime | None = None
    called_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        """Not done and not skipped: the visit still has this step to go through."""
        return self.status not in (StepStatus.DONE, StepStatus.SKIPPED)
