"""The managers' dashboard: each office's figures of now and of today, and what needs attention.

Reads only: one read-only transaction per request, and a handful of
queries for all the offices in view together (`store/dashboard.py`), so the
39 offices cost what one does. "Today" is each office's own calendar day in
its time zone. What the figures mean is in `docs/dashboard.md`.

The printers' last reports are not in the database's tables: `printers.py`
keeps them in this process's memory; who is connected (the boards' pages,
the print agents) is the Socket.IO layer's, handed to this read as
`ctx.presence` (`presence.py`). Every registered kiosk and
print agent of an office is listed, connected or not, and a kiosk with no
agent connected while the office is open raises an alert.

An office an office node serves (docs/nodes.md) says so in its row's
`node`, read from `office_nodes` in the same transaction: the node's name and
address, its last contact and the events it said were waiting, and whether
it has been silent too long (`domain/nodes.py`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from ..commands.access import require_dashboard_reader
from ..commands.context import Actor, CommandContext, DeviceKind
from ..domain import numbering
from ..domain.air_raid import AirRaid, paused_within
from ..domain.alerts import (
    AgentSeen,
    BoardSeen,
    PrinterReport,
    ServiceQueue,
    WaitingTicket,
    office_alerts,
    service_queues,
    whole_minutes,
)
from ..domain.desks import DeskStatus
from ..domain.events import timestamp
from ..domain.model import Desk, DeskId, Office, OfficeCode, ServiceCode
from ..domain.nodes import OFFLINE_AFTER, NodeSeen, node_json
from ..domain.projection import air_raid_view
from ..domain.tickets import TicketStatus
from ..store import accounts as account_store
from ..store import air_raids as air_raid_store
from ..store import dashboard as store
from ..views.desk import DashboardDeskView, dashboard_desk_json
from .presence import board_json
from .printers import printer_memory

# ---- who sees what


def offices_in_view(ctx: CommandContext, actor: Actor) -> list[Office]:
    """The offices the actor's dashboard shows, in the network's order."""
    network_wide = actor.network_wide
    return [office for code, office in ctx.network.offices.items() if network_wide or code in actor.offices]


# ---- the figures


@dataclass
class Load:
    """One administrator's day: visitors served, and the time spent serving them."""

    served: int = 0
    serving: dt.timedelta = dt.timedelta(0)


@dataclass
class OfficeDay:
    """What one office did today: visits served, waits until the call, each administrator's load."""

    served: int = 0
    waits: list[dt.timedelta] = field(default_factory=list)
    served_by_service: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    load: dict[str, Load] = field(default_factory=lambda: defaultdict(Load))  # by operator


def fold_day(
    tickets: Iterable[store.DayTicket], now: dt.datetime, alerts: Mapping[str, Sequence[AirRaid]] | None = None
) -> dict[str, OfficeDay]:
    """Today's tickets that reached a desk, folded per office.

    Wait: from the issue to the (last) call without the time the office spent
    in air-raid alerts (`alerts`, by office), as the reports count it. Serving
    time: from start (or the call, when finished without one) to the finish,
    and until `now` for a visitor being served.
    """
    days: dict[str, OfficeDay] = defaultdict(OfficeDay)
    for ticket in tickets:
        day = days[ticket.office]
        if ticket.called_at is not None:
            paused = paused_within((alerts or {}).get(ticket.office, ()), ticket.issued_at, ticket.called_at, now)
            day.waits.append(max(dt.timedelta(0), ticket.called_at - ticket.issued_at - paused))
        serving = dt.timedelta(0)
        if ticket.status == TicketStatus.DONE.value:
            day.served += 1
            day.served_by_service[ticket.service] += 1
            began = ticket.started_at or ticket.called_at
            if began is not None and ticket.finished_at is not None:
                serving = max(dt.timedelta(0), ticket.finished_at - began)
        elif ticket.status == TicketStatus.SERVING.value and ticket.started_at is not None:
            serving = max(dt.timedelta(0), now - ticket.started_at)
        if ticket.served_by is not None:
            load = day.load[ticket.served_by]
            load.served += 1 if ticket.status == TicketStatus.DONE.value else 0
            load.serving += serving
    return days


def _average_minutes(spans: Sequence[dt.timedelta]) -> float | None:
    if not spans:
        return None
    return round(sum(span.total_seconds() for span in spans) / len(spans) / 60, 1)


def _scopes(offices: Sequence[Office], now: dt.datetime) -> tuple[list[store.Scope], dict[str, dt.date]]:
    """The offices grouped by time zone, each group with its day; and each office's day."""
    zones: dict[str, list[str]] = defaultdict(list)
    for office in offices:
        zones[office.timezone].append(office.code)
    scopes: list[store.Scope] = []
    days: dict[str, dt.date] = {}
    for zone, codes in zones.items():
        day = numbering.office_day(now, zone)
        start, end = numbering.day_bounds(day, zone)
        scopes.append((codes, start, end))
        days.update({code: day for code in codes})
    return scopes, days


@dataclass(frozen=True)
class Reading:
    """Everything read for the offices in view, in one transaction."""

    now: dt.datetime
    days: dict[str, dt.date]
    seqs: dict[str, int]
    waiting: dict[str, list[WaitingTicket]]
    day: dict[str, OfficeDay]
    desks: dict[str, store.DeskRow]
    ratings: dict[str, tuple[int, int]]
    printers: dict[str, list[PrinterReport]]
    boards: dict[str, list[BoardSeen]]
    agents: dict[str, list[AgentSeen]] = field(default_factory=dict)  # every registered kiosk and agent, by name
    air_raids: dict[str, AirRaid] = field(default_factory=dict)  # the offices in an air-raid alert now
    nodes: dict[str, NodeSeen] = field(default_factory=dict)  # the offices an office node serves


def read(ctx: CommandContext, offices: Sequence[Office]) -> Reading:
    now = ctx.clock()
    codes: list[str] = [office.code for office in offices]
    scopes, days = _scopes(offices, now)
    memory = printer_memory(ctx)
    waiting: dict[str, list[WaitingTicket]] = defaultdict(list)
    with ctx.reading() as conn:
        for row in store.waiting(conn, codes):
            waiting[row.office].append(WaitingTicket(ServiceCode(row.service), row.issued_at))
        alerts: dict[str, list[AirRaid]] = defaultdict(list)  # today's, of every office in view, in one query
        if scopes:
            for alert in air_raid_store.overlapping(conn, codes, min(s[1] for s in scopes), max(s[2] for s in scopes)):
                alerts[alert.office].append(alert)
        day = fold_day(store.day_tickets(conn, scopes), now, alerts)
        desks = {row.desk: row for row in store.desks(conn, codes)}
        ratings = store.ratings_by_office(conn, scopes)
        registered = [device for device in account_store.list_devices(conn, codes) if device.revoked_at is None]
        agents = {(device.office, device.name) for device in registered if device.kind == DeviceKind.AGENT}  # a revoked one's printer is no concern
        printing_devices = sorted({(device.office, device.name) for device in registered if device.kind in (DeviceKind.KIOSK, DeviceKind.AGENT)})
        seqs = store.last_seqs(conn, codes)  # the figures include each office's events up to here
        nodes = store.nodes(conn, codes)
        reports = memory.reports(conn, codes, seqs)
    # Boards and print agents are seen by the server they connect to: an office node's, not here.
    printers = {code: [report for report in reports[code] if (code, report.kiosk) in agents and code not in nodes] for code in codes}
    boards = {
        code: [ctx.presence.board_seen(board, ctx.office(code).name) for board in ctx.network.boards_of(OfficeCode(code))] if code not in nodes else []
        for code in codes
    }
    seen: dict[str, list[AgentSeen]] = defaultdict(list)
    for office_code, name in printing_devices:
        if office_code not in nodes:
            seen[office_code].append(ctx.presence.agent_seen(office_code, name))
    in_alert = {office: alert for office, today in alerts.items() for alert in today if alert.active}  # today's include those on now
    return Reading(now, days, seqs, waiting, day, desks, ratings, printers, boards, dict(seen), air_raids=in_alert, nodes=nodes)


@dataclass(frozen=True)
class OfficeFigures:
    office: Office
    queues: list[ServiceQueue]
    summary: dict[str, Any]


def office_figures(
    ctx: CommandContext, office: Office, reading: Reading, grace: dt.timedelta, offline_after: dt.timedelta
) -> OfficeFigures:
    services = [ctx.network.services[code] for code in office.services if code in ctx.network.services]
    queues = service_queues(reading.waiting.get(office.code, []), services, reading.now)
    day = reading.day.get(office.code) or OfficeDay()
    states = [reading.desks.get(desk.id) for desk in office.desks]
    given, good = reading.ratings.get(office.code, (0, 0))
    office_open = office.hours.is_open(reading.now.astimezone(ZoneInfo(office.timezone)))
    alerts = office_alerts(
        queues,
        reading.printers.get(office.code, []),
        reading.boards.get(office.code, []),
        reading.now,
        grace,
        agents=reading.agents.get(office.code, []),
        office_open=office_open,
    )
    longest = max((queue.longest_wait for queue in queues if queue.longest_wait is not None), default=None)
    summary = {
        "office": office.code,
        "name": office.name.uk,
        "name_en": office.name.en,
        "waiting": sum(queue.waiting for queue in queues),
        "longest_wait_minutes": whole_minutes(longest),
        "average_wait_today_minutes": _average_minutes(day.waits),
        "desks_total": len(office.desks),
        "desks_open": sum(1 for state in states if state is not None and state.status == "open"),
        "desks_serving": sum(1 for state in states if state is not None and state.status == "open" and state.ticket_number is not None),
        "desks_paused": sum(1 for state in states if state is not None and state.status == "paused"),
        "past_target": sum(queue.past_target for queue in queues),
        "satisfaction_today": round(good / given, 3) if given else None,
        "ratings_today": given,
        "served_today": day.served,
        "alerts": [alert.as_json() for alert in alerts],
        "air_raid": air_raid_view(reading.air_raids.get(office.code)),
        "node": node_json(reading.nodes.get(office.code), reading.now, offline_after),
        "seq": reading.seqs.get(office.code, 0),
    }
    return OfficeFigures(office, queues, summary)


# ---- the answers


def network_dashboard(
    ctx: CommandContext, *, actor: Actor, grace: dt.timedelta, offline_after: dt.timedelta = OFFLINE_AFTER, office: str | None = None
) -> dict[str, Any]:
    """Every office in the actor's view (or only `office`), one row each.

    `offline_after`: how long an office node may be silent before its office counts as out of touch.
    """
    if office is not None:
        require_dashboard_reader(actor, ctx.office(office).code)
        offices = [ctx.office(office)]
    else:
        offices = offices_in_view(ctx, require_dashboard_reader(actor, None))
    reading = read(ctx, offices)
    return {
        "offices": [office_figures(ctx, item, reading, grace, offline_after).summary for item in offices],
        "at": timestamp(reading.now),
    }


def office_dashboard(
    ctx: CommandContext, office_code: str, *, actor: Actor, grace: dt.timedelta, offline_after: dt.timedelta = OFFLINE_AFTER
) -> dict[str, Any]:
    """One office in depth: its row, its queues per service, its desks, its administrators' day."""
    office = ctx.office(office_code)
    require_dashboard_reader(actor, office.code)
    reading = read(ctx, [office])
    figures = office_figures(ctx, office, reading, grace, offline_after)
    day = reading.day.get(office.code) or OfficeDay()
    return {
        **figures.summary,
        "day": reading.days[office.code].isoformat(),
        "timezone": office.timezone,
        "services": [_service_json(ctx, queue, day) for queue in figures.queues],
        "desks": [_desk_json(desk, reading.desks.get(desk.id)) for desk in office.desks],
        "staff": _staff_json(office, reading, day),
        "boards": [board_json(seen, reading.now, grace) for seen in reading.boards.get(office.code, [])],
        "printers": _printers_json(reading.printers.get(office.code, []), reading.agents.get(office.code, [])),
        "at": timestamp(reading.now),
    }


def _printers_json(reports: Sequence[PrinterReport], agents: Sequence[AgentSeen]) -> list[dict[str, Any]]:
    """Each kiosk printer: its last report (state `unknown` before any) and whether its agent is connected."""
    by_kiosk = {report.kiosk: report for report in reports}
    connection = {seen.kiosk: seen for seen in agents}
    rows = []
    for kiosk in sorted(set(by_kiosk) | set(connection)):
        report, seen = by_kiosk.get(kiosk), connection.get(kiosk)
        rows.append(
            {
                "kiosk": kiosk,
                "state": report.state if report else "unknown",
                "detail": report.detail if report else "",
                "at": timestamp(report.at) if report else None,
                "agent": seen.state if seen else "never_connected",
                "agent_seen": timestamp(seen.last_hello) if seen and seen.last_hello else None,
            }
        )
    return rows


def _service_json(ctx: CommandContext, queue: ServiceQueue, day: OfficeDay) -> dict[str, Any]:
    service = ctx.network.services[queue.service]
    return {
        "service": service.code,
        "name": service.name.uk,
        "name_en": service.name.en,
        "waiting": queue.waiting,
        "longest_wait_minutes": whole_minutes(queue.longest_wait),
        "target_wait_minutes": whole_minutes(queue.target_wait),
        "past_target": queue.past_target,
        "served_today": day.served_by_service.get(service.code, 0),
    }


def _desk_json(desk: Desk, state: store.DeskRow | None) -> dict[str, Any]:
    return dashboard_desk_json(
        DashboardDeskView(
            id=desk.id,
            number=desk.number,
            name=desk.name.uk,
            name_en=desk.name.en,
            kind=desk.kind,
            status=DeskStatus(state.status) if state else DeskStatus.CLOSED,
            operator=state.operator if state and state.status != "closed" else None,
            ticket=state.ticket_number if state else None,
            ticket_status=TicketStatus(state.ticket_status) if state and state.ticket_number and state.ticket_status else None,
            reason=state.reason if state and state.status == "paused" else None,
            since=state.since if state else None,
        )
    )


def _staff_json(office: Office, reading: Reading, day: OfficeDay) -> list[dict[str, Any]]:
    """Each administrator who worked today or sits at a desk now: served, minutes serving, where now."""
    at_desk: Mapping[str, store.DeskRow] = {
        state.operator: state
        for state in sorted(
            (reading.desks[desk.id] for desk in office.desks if desk.id in reading.desks),
            key=lambda state: state.since or reading.now,
        )
        if state.operator is not None and state.status != "closed"
    }
    names = sorted(set(day.load) | set(at_desk))
    rows = []
    for name in names:
        load = day.load.get(name) or Load()
        state = at_desk.get(name)
        desk = office.desk(DeskId(state.desk)) if state else None
        rows.append(
            {
                "operator": name,
                "served": load.served,
                "serving_minutes": whole_minutes(load.serving),
                "desk": desk.id if desk else None,
                "desk_number": desk.number if desk else None,
                "desk_status": state.status if state else None,
            }
        )
    return sorted(rows, key=lambda row: (-row["served"], row["operator"]))
