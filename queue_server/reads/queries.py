"""Reads for clients: the office snapshot, a ticket's status, events since a seq.

They run in read-only transactions, so a snapshot and its `seq` always
belong together and never wait for a writer.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain import estimates, numbering
from ..domain.desk_day import COUNTED, DayEvent, desk_day
from ..domain.desks import DeskState, DeskStatus
from ..domain.errors import NotFound
from ..domain.events import timestamp
from ..domain.model import Office, OfficeCode, ServiceCode
from ..domain.policy import eligible
from ..domain.projection import build_snapshot
from ..domain.remote_tickets import come_now
from ..domain.tickets import AT_DESK_STATUSES, TicketStatus
from ..domain.views import DeskServicesView
from ..store import air_raids as air_raid_store
from ..store import desk_services as services_store
from ..store import desks as desk_store
from ..store import office_day, office_staff, outbox
from ..store import paper_rolls as paper_store
from ..store import ratings as rating_store
from ..store import remote_tickets as remote_store
from ..store import tickets as ticket_store
from ..views.desk import DeskStateView, DeskTodayView
from ..views.office import AirRaidView, PaperModeView, ServiceWaitView
from ..views.visitor import TicketStatusView, VisitStepView, arrival_of, package_name
from .waits import steps_time, visit_left, wait_figures, wait_for_new_ticket


def office_snapshot(ctx: CommandContext, office_code: str) -> dict[str, Any]:
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        return snapshot_in(conn, office, outbox.current_seq(conn, office.code))


def snapshot_in(conn: sa.Connection, office: Office, seq: int) -> dict[str, Any]:
    """The office's snapshot read on `conn`, whose transaction has `seq` as the office's current seq."""
    changes = services_store.for_office(conn, office.code)
    return build_snapshot(
        office,
        seq,
        ticket_store.live(conn, office.code),
        desk_store.for_office(conn, office.code),
        {desk: change.profile for desk, change in changes.items()},
        air_raid_store.current(conn, office.code),
        paper_store.current(conn, office.code),
    )


def events_since(
    ctx: CommandContext, office_code: str, after: int, limit: int
) -> list[dict[str, Any]] | None:
    """The events after `after`, or None when they are no longer all kept (send a snapshot)."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        current = outbox.current_seq(conn, office.code)
        if after > current or current - after > limit:
            return None
        if after == current:
            return []
        oldest = outbox.oldest_kept(conn, office.code)
        if oldest is None or oldest > after + 1:
            return None
        return outbox.since(conn, office.code, after, limit)


def current_seq(ctx: CommandContext, office_code: OfficeCode) -> int:
    with ctx.reading() as conn:
        return outbox.current_seq(conn, office_code)


def ticket_status(ctx: CommandContext, token: str) -> TicketStatusView:
    """What the visitor's page shows: no personal data, only the ticket and the queue."""
    with ctx.reading() as conn:
        ticket = ticket_store.by_token(conn, token)
        if ticket is None:
            raise NotFound("no such ticket")
        figures = wait_figures(ctx, conn, ticket)
        left = visit_left(ctx, conn, ticket, figures)
        rated = rating_store.exists(conn, ticket.id)
        remote = remote_store.of_ticket(conn, ticket.id) if ticket.awaits_arrival else None
        paused = air_raid_store.current(conn, ticket.office) is not None
    office = ctx.office(ticket.office)
    service = ctx.network.services[ticket.service]
    at_desk = ticket.status in AT_DESK_STATUSES and ticket.desk is not None
    desk = ctx.network.desk(ticket.desk) if at_desk and ticket.desk else None
    return TicketStatusView(
        number=ticket.number,
        status=ticket.status,
        held=ticket.held_by is not None,
        position=figures["position"],
        people_ahead=figures["people_ahead"],
        estimated_wait_minutes=estimates.minutes(figures["estimated_wait"]),
        estimate=figures["estimate"],
        office=office.code,
        office_name=office.name.get(ticket.lang),
        service=service.code,
        service_name=service.name.get(ticket.lang),
        desk=desk.id if desk else None,
        desk_number=desk.number if desk else None,
        desk_name=desk.name.get(ticket.lang) if desk else None,
        issued_at=ticket.issued_at,
        called_at=ticket.called_at,
        lang=ticket.lang,
        id=ticket.id,
        rated=rated,
        can_rate=ticket.status is TicketStatus.DONE and not rated,
        remote=ticket.remote,
        arrival=arrival_of(ticket),
        come_now=ticket.awaits_arrival and ticket.status is TicketStatus.WAITING and come_now(office.remote, figures["people_ahead"]),
        arrival_code=remote.code if remote and ticket.status is TicketStatus.WAITING else None,
        steps=VisitStepView.all_of(ticket, ctx.network),
        step=ticket.step,
        package=ticket.package,
        package_name=package_name(ticket, ctx.network),
        visit_minutes=estimates.minutes(left),
        air_raid=paused and ticket.status is TicketStatus.WAITING,
    )


LONG_WAIT_FACTOR = 1.0


def service_wait(ctx: CommandContext, office_code: str, service_code: str) -> ServiceWaitView:
    """The wait a visitor would face if they took a ticket for this service now."""
    office = ctx.office(office_code)
    service = ctx.network.services.get(ServiceCode(service_code))
    if service is None or service.code not in office.services:
        raise NotFound(f"office {office.code} does not offer service {service_code!r}", service=service_code)
    steps = service.includes if service.package else (service.code,)
    with ctx.reading() as conn:  # a package's visit waits first for its first step's service
        figures = wait_for_new_ticket(ctx, conn, office, steps[0])
        wait = figures["estimated_wait"]
        visit = None if wait is None else wait + figures["duration"] + steps_time(ctx, conn, office, steps[1:])
    return ServiceWaitView(
        service=service.code,
        people_ahead=figures["people_ahead"],
        estimated_wait_minutes=estimates.minutes(wait),
        estimate=figures["estimate"],
        open_desks=figures["open_desks"],
        target_wait_minutes=estimates.minutes(service.target_wait),
        long=wait is not None and wait > service.target_wait * LONG_WAIT_FACTOR,  # unknown is not long: the kiosk asks on `estimate`
        steps=steps,
        visit_minutes=estimates.minutes(visit),
    )


def desks_state(ctx: CommandContext, office_code: str) -> list[DeskStateView]:
    """Every desk of the office as the supervisor's page shows it: state, visitor, services of today."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        states = desk_store.for_office(conn, office.code)
        changes = services_store.for_office(conn, office.code)
        numbers = {ticket.id: ticket.number for ticket in ticket_store.live(conn, office.code)}
    answer = []
    for desk in office.desks:
        state = states.get(desk.id) or DeskState(desk=desk.id, office=office.code)
        change = changes.get(desk.id)
        today = DeskServicesView.of(office.services, change.profile if change else desk.profile, change is not None)
        answer.append(
            DeskStateView(
                id=desk.id,
                number=desk.number,
                name=desk.name.uk,
                name_en=desk.name.en,
                kind=desk.kind,
                status=state.status,
                operator=state.operator,
                since=state.since,
                ticket=numbers.get(state.ticket) if state.ticket is not None else None,
                ticket_id=state.ticket,
                reason=state.reason,
                services=today.services,
                weights=today.weights,
                services_changed=today.services_changed,
                services_changed_by=change.changed_by if change else None,
                services_changed_at=change.changed_at if change else None,
            )
        )
    return answer


def desk_today(ctx: CommandContext, desk_id: str) -> DeskTodayView:
    """The desk's figures for the office's local day (see `domain/desk_day.py`), and
    how many tickets wait now that it may call (its services of today, or sent to it)."""
    desk = ctx.desk(desk_id)
    office = ctx.office(desk.office)
    now = ctx.clock()
    day = numbering.office_day(now, office.timezone)
    start, end = numbering.day_bounds(day, office.timezone)
    with ctx.reading() as conn:
        rows = office_day.events_between(conn, office.code, start, end, COUNTED)
        profile = services_store.effective_profile(conn, desk)
        waiting = ticket_store.waiting(conn, office.code)
    figures = desk_day((DayEvent(type_, at, data) for type_, at, data in rows), desk.id, day_starts=start)
    return DeskTodayView(
        desk=desk.id,
        day=day,
        called=figures.called,
        served=figures.served,
        no_shows=figures.no_shows,
        average_service_minutes=figures.average_service_minutes,
        average_wait_minutes=figures.average_wait_minutes,
        longest_wait_minutes=figures.longest_wait_minutes,
        waiting_for_desk=len(eligible(profile, waiting, desk=desk.id)),
    )


def office_staff_list(ctx: CommandContext, office_code: str) -> list[dict[str, Any]]:
    """Staff with a role in the office, and the desk each works at now (if any)."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        members = office_staff.of_office(conn, office.code)
        states = desk_store.for_office(conn, office.code)
    working = {  # one person at two desks: the one opened last
        state.operator: state
        for state in sorted(states.values(), key=lambda s: timestamp(s.since) or "")
        if state.operator is not None and state.status is not DeskStatus.CLOSED
    }
    answer = []
    for member in members:
        state = working.get(member.username)
        desk = office.desk(state.desk) if state else None
        answer.append(
            {
                "username": member.username,
                "role": member.role,
                "active": member.active,
                "desk": desk.id if desk else None,
                "desk_number": desk.number if desk else None,
                "desk_status": state.status.value if state and desk else None,
                "since": timestamp(state.since) if state and desk else None,
            }
        )
    return answer


def air_raid_state(ctx: CommandContext, office_code: str) -> AirRaidView:
    """The office's air-raid state, as the snapshot has it."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        return AirRaidView.of(office.code, air_raid_store.current(conn, office.code))


def paper_mode_state(ctx: CommandContext, office_code: str) -> PaperModeView:
    """Whether the office's kiosks are on paper tickets, as the snapshot has it, with the office's roll."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        return PaperModeView.of(office.code, office.paper_roll, paper_store.current(conn, office.code))
