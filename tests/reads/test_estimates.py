"""Wait estimates follow the desks open now and the office's real pace, everywhere alike."""

from __future__ import annotations

import datetime as dt

from queue_server.commands import desk_state, desk_work
from queue_server.commands.issuing import PrintRequest, issue_ticket
from queue_server.reads import queries
from queue_server.store import printing as print_store


def test_the_estimate_divides_by_the_open_desks_and_follows_real_service_times(ctx, kiosk, operator, clock) -> None:
    for _ in range(4):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    closed = queries.service_wait(ctx, "alpha", "passport")
    assert closed.people_ahead == 4 and closed.open_desks == 0
    assert closed.estimated_wait_minutes is None and closed.estimate == "no_desk_open"  # no desk is assumed
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    assert queries.service_wait(ctx, "alpha", "passport").estimated_wait_minutes == 20  # two desks serve it
    assert queries.service_wait(ctx, "alpha", "passport").estimate == "estimated"

    for _ in range(5):  # five real visits of 2 minutes each
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    for _ in range(5):
        desk_work.call_next(ctx, "alpha-1", actor=operator)
        desk_work.start(ctx, "alpha-1", actor=operator)
        clock.advance(2)
        desk_work.finish(ctx, "alpha-1", actor=operator)
    paced = queries.service_wait(ctx, "alpha", "passport")
    assert paced.people_ahead == 4 and paced.estimated_wait_minutes == 4  # 4 × 2 minutes / 2 desks

    issued = issue_ticket(ctx, "alpha", "passport", actor=kiosk)  # the kiosk, the ticket and the page agree
    status = queries.ticket_status(ctx, issued.ticket.token)
    assert issued.estimated_wait_minutes == status.estimated_wait_minutes == 4
    assert status.people_ahead == issued.position - 1 == 4


def test_a_long_wait_is_flagged_against_the_service_target(ctx, kiosk, operator) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    assert queries.service_wait(ctx, "alpha", "passport").long is False
    for _ in range(3):  # 3 × 10 minutes > the 20-minute target
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert queries.service_wait(ctx, "alpha", "passport").long is True


def test_before_any_desk_opens_the_wait_is_unknown_everywhere(ctx, kiosk, operator, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 6, 5, tzinfo=dt.timezone.utc)  # 08:05 in Kyiv: open, nobody at a desk yet (no tickets at night)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    issued = issue_ticket(ctx, "alpha", "passport", actor=kiosk, print_at=PrintRequest(kiosk="kiosk-1", status_url=lambda token: token))
    assert issued.estimated_wait_minutes is None and issued.estimate == "no_desk_open"  # not 10: no desk is assumed
    status = queries.ticket_status(ctx, issued.ticket.token)
    assert status.estimated_wait_minutes is None and status.estimate == "no_desk_open" and status.people_ahead == 1
    wait = queries.service_wait(ctx, "alpha", "passport")
    assert wait.estimated_wait_minutes is None and wait.long is False and wait.people_ahead == 2
    with ctx.reading() as conn:
        job = print_store.by_ticket(conn, issued.ticket.id)
    assert job is not None and job.payload["estimated_wait_minutes"] is None  # the paper says no desk is open

    desk_state.open_desk(ctx, "alpha-3", actor=operator)  # a desk opens, but not for passports
    assert queries.ticket_status(ctx, issued.ticket.token).estimate == "no_desk_open"
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    status = queries.ticket_status(ctx, issued.ticket.token)
    assert status.estimated_wait_minutes == 10 and status.estimate == "estimated"


def test_the_visitors_of_other_services_at_the_same_desks_count(ctx, kiosk, operator) -> None:
    """alpha-1 alone serves passport and residence: two passport visitors came first, so residence waits for them.

    The old rule counted only residence visitors ahead (none) and said 0.
    """
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    for _ in range(2):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    wait = queries.service_wait(ctx, "alpha", "residence")
    assert wait.people_ahead == 0 and wait.open_desks == 1  # what the hall shows: nobody of the service ahead
    assert wait.estimated_wait_minutes == 20  # two passport visits of 10 minutes at the one desk first
    issued = issue_ticket(ctx, "alpha", "residence", actor=kiosk)
    status = queries.ticket_status(ctx, issued.ticket.token)
    assert issued.estimated_wait_minutes == status.estimated_wait_minutes == 20 and status.position == 1

    desk_state.open_desk(ctx, "alpha-2", actor=operator)  # passport only: it takes one of them, alpha-1 the other
    assert queries.ticket_status(ctx, issued.ticket.token).estimated_wait_minutes == 10
    desk_work.call_next(ctx, "alpha-1", actor=operator)  # alpha-1 busy for 10 minutes with the first passport visitor
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    assert queries.ticket_status(ctx, issued.ticket.token).estimated_wait_minutes == 10
