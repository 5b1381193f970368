"""What needs the head of department: a queue past its target, a printer that cannot print, a board gone dark, a kiosk with no print agent.

An alert is the reading of a state, never an event of its own: it is
computed afresh from the office's queue, its printers' last reports and its
boards' connections each time the dashboard asks, so it clears by itself
when the state is gone (the visitor was called, paper was loaded, the board
came back) and nobody has to acknowledge it. Pure: `now` and every state
come in as arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .events import timestamp
from .model import Service, ServiceCode

# A board counts as offline once it has had no page connected for this many
# heartbeats (60 s with the default 15 s heartbeat): long enough for a page's
# reload or a short loss of the link, short enough to be seen in the morning.
BOARD_OFFLINE_HEARTBEATS = 4


class AlertKind(StrEnum):
    QUEUE_OVER_TARGET = "queue_over_target"
    PRINTER = "printer"
    BOARD_OFFLINE = "board_offline"
    PRINT_AGENT_OFFLINE = "print_agent_offline"


class Level(StrEnum):
    CRITICAL = "critical"  # the red mark: someone must act now
    WARNING = "warning"  # amber: soon (paper running low)


# Printer states the print agent reports (commands/printing.py) and what each means here;
# "ready" and "unknown" (a printer that cannot tell its state) raise nothing.
PRINTER_LEVELS: Mapping[str, Level] = {
    "paper_out": Level.CRITICAL,
    "cover_open": Level.CRITICAL,
    "offline": Level.CRITICAL,
    "unreachable": Level.CRITICAL,
    "paper_low": Level.WARNING,
}


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    level: Level
    subject: str  # what it is about: a service code, a kiosk's name, a board's code
    detail: Mapping[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "level": self.level.value, "subject": self.subject, "detail": dict(self.detail)}


@dataclass(frozen=True)
class WaitingTicket:
    """A visitor in the queue now (a ticket on hold is not: the desk holding it calls it back)."""

    service: ServiceCode
    issued_at: dt.datetime


@dataclass(frozen=True)
class ServiceQueue:
    """One service's queue in an office at `now`."""

    service: ServiceCode
    waiting: int
    longest_wait: dt.timedelta | None  # the first in line's wait; None when nobody waits
    target_wait: dt.timedelta
    past_target: int  # visitors waiting longer than the target
    name: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class PrinterReport:
    """A kiosk printer's last state as its print agent reported it (the `printer.status` event)."""

    kiosk: str
    state: str
    detail: str
    at: dt.datetime


@dataclass(frozen=True)
class BoardSeen:
    """A named board's connections: how many pages show it now, and when the last one left.

    `last_seen` is None for a board no page has shown since `watching_since`
    (the server's start). Such a board is "never seen", not offline: a board
    that was never switched on (a spare, one not hung yet, a demo) must not
    make its office red; only a board that was seen and then lost is.
    """

    board: str
    name: str
    name_en: str
    pages: int
    last_seen: dt.datetime | None
    watching_since: dt.datetime

    @property
    def dark_since(self) -> dt.datetime:
        return self.last_seen or self.watching_since

    @property
    def never_seen(self) -> bool:
        """No page has shown the board since the server started."""
        return self.pages == 0 and self.last_seen is None


@dataclass(frozen=True)
class AgentSeen:
    """A kiosk's print agent: connected now, and when it last said hello since `watching_since` (the server's start).

    Every registered kiosk and agent of an office has one, so a printer whose
    agent never connected is listed too.
    """

    kiosk: str
    connected: bool
    last_hello: dt.datetime | None
    watching_since: dt.datetime

    @property
    def state(self) -> str:
        """`connected`, `not_connected` (it was, since the server started) or `never_connected`."""
        if self.connected:
            return "connected"
        return "not_connected" if self.last_hello is not None else "never_connected"


def whole_minutes(span: dt.timedelta | None) -> int | None:
    """Minutes as a clock shows them: 14 min 59 s is 14."""
    return None if span is None else max(0, int(span.total_seconds() // 60))


def service_queues(
    waiting: Iterable[WaitingTicket], services: Sequence[Service], now: dt.datetime
) -> list[ServiceQueue]:
    """Each service's queue, in the order given; a visitor past the target waited strictly longer than it."""
    by_service: dict[ServiceCode, list[dt.timedelta]] = {service.code: [] for service in services}
    for ticket in waiting:
        if ticket.service in by_service:
            by_service[ticket.service].append(max(dt.timedelta(0), now - ticket.issued_at))
    queues = []
    for service in services:
        waits = by_service[service.code]
        queues.append(
            ServiceQueue(
                service=service.code,
                waiting=len(waits),
                longest_wait=max(waits) if waits else None,
                target_wait=service.target_wait,
                past_target=sum(1 for wait in waits if wait > service.target_wait),
                name=service.name.uk,
                name_en=service.name.en,
            )
        )
    return queues


def board_grace(heartbeat_seconds: float) -> dt.timedelta:
    return dt.timedelta(seconds=BOARD_OFFLINE_HEARTBEATS * heartbeat_seconds)


def board_offline(seen: BoardSeen, now: dt.datetime, grace: dt.timedelta) -> bool:
    """A page showed the board since the server started, and none has for longer than `grace`.

    A board never seen since the start raises nothing (see `BoardSeen`).
    """
    return seen.pages == 0 and seen.last_seen is not None and now - seen.last_seen > grace


def queue_alerts(queues: Iterable[ServiceQueue]) -> list[Alert]:
    return [
        Alert(
            AlertKind.QUEUE_OVER_TARGET,
            Level.CRITICAL,
            queue.service,
            {
                "service": queue.service,
                "name": queue.name,
                "name_en": queue.name_en,
                "past_target": queue.past_target,
                "waiting": queue.waiting,
                "longest_wait_minutes": whole_minutes(queue.longest_wait),
                "target_wait_minutes": whole_minutes(queue.target_wait),
            },
        )
        for queue in queues
        if queue.past_target > 0
    ]


def printer_alerts(printers: Iterable[PrinterReport]) -> list[Alert]:
    alerts = []
    for report in sorted(printers, key=lambda report: report.kiosk):
        level = PRINTER_LEVELS.get(report.state)
        if level is not None:
            detail = {"kiosk": report.kiosk, "state": report.state, "detail": report.detail, "at": timestamp(report.at)}
            alerts.append(Alert(AlertKind.PRINTER, level, report.kiosk, detail))
    return alerts


def board_alerts(boards: Iterable[BoardSeen], now: dt.datetime, grace: dt.timedelta) -> list[Alert]:
    return [
        Alert(
            AlertKind.BOARD_OFFLINE,
            Level.CRITICAL,
            seen.board,
            {
                "board": seen.board,
                "name": seen.name,
                "name_en": seen.name_en,
                "since": timestamp(seen.dark_since),
                "seen": True,  # only a board seen since the server started raises the alert
            },
        )
        for seen in sorted(boards, key=lambda seen: seen.board)
        if board_offline(seen, now, grace)
    ]


def agent_alerts(agents: Iterable[AgentSeen], now: dt.datetime, grace: dt.timedelta, *, office_open: bool) -> list[Alert]:
    """A kiosk whose print agent is not connected while the office is open: its visitors get no paper.

    Outside opening hours a kiosk PC may well be off. Right after the server
    starts an agent has `grace` to come back before it counts as missing.
    """
    if not office_open:
        return []
    return [
        Alert(
            AlertKind.PRINT_AGENT_OFFLINE,
            Level.CRITICAL,
            seen.kiosk,
            {"kiosk": seen.kiosk, "state": seen.state, "since": timestamp(seen.last_hello) if seen.last_hello else None},
        )
        for seen in sorted(agents, key=lambda seen: seen.kiosk)
        if not seen.connected and now - (seen.last_hello or seen.watching_since) > grace
    ]


def office_alerts(
    queues: Iterable[ServiceQueue],
    printers: Iterable[PrinterReport],
    boards: Iterable[BoardSeen],
    now: dt.datetime,
    grace: dt.timedelta,
    agents: Iterable[AgentSeen] = (),
    office_open: bool = False,
) -> list[Alert]:
    """Every alert of one office: the critical ones first, then by kind and subject.

    A device's alarm (a printer's trouble, a board gone dark, a print agent
    missing) is raised only while the office is open by its hours, holidays
    and shortened days included: at night and on a holiday the devices may
    well be off. Visitors still waiting past their target are a concern
    whenever they are there.
    """
    devices = [*printer_alerts(printers), *board_alerts(boards, now, grace)] if office_open else []
    alerts = [
        *queue_alerts(queues),
        *devices,
        *agent_alerts(agents, now, grace, office_open=office_open),
    ]
    kinds = list(AlertKind)
    return sorted(alerts, key=lambda alert: (alert.level is not Level.CRITICAL, kinds.index(alert.kind), alert.subject))
