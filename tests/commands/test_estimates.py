"""Wait estimates follow the desks open now and the office's real pace, everywhere alike."""

from __future__ import annotations

from queue_server.commands import desk_state, desk_work, queries
from queue_server.commands.issuing import issue_ticket


def test_the_estimate_divides_by_the_open_desks_and_follows_real_service_times(ctx, kiosk, operator, clock) -> None:
    for _ in range(4):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    closed = queries.service_wait(ctx, "alpha", "passport")
    assert closed["people_ahead"] == 4 and closed["open_desks"] == 0
    assert closed["estimated_wait_minutes"] == 40  # 4 × typical 10 minutes, as if one desk will open
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    assert queries.service_wait(ctx, "alpha", "passport")["estimated_wait_minutes"] == 20  # two desks serve it

    for _ in range(5):  # five real visits of 2 minutes each
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    for _ in range(5):
        desk_work.call_next(ctx, "alpha-1", actor=operator)
        desk_work.start(ctx, "alpha-1", actor=operator)
        clock.advance(2)
        desk_work.finish(ctx, "alpha-1", actor=operator)
    paced = queries.service_wait(ctx, "alpha", "passport")
    assert paced["people_ahead"] == 4 and paced["estimated_wait_minutes"] == 4  # 4 × 2 minutes / 2 desks

    issued = issue_ticket(ctx, "alpha", "passport", actor=kiosk)  # the kiosk, the ticket and the page agree
    status = queries.ticket_status(ctx, issued.ticket.token)
    assert issued.estimated_wait_minutes == status["estimated_wait_minutes"] == 4
    assert status["people_ahead"] == issued.position - 1 == 4


def test_a_long_wait_is_flagged_against_the_service_target(ctx, kiosk) -> None:
    assert queries.service_wait(ctx, "alpha", "passport")["long"] is False
    for _ in range(3):  # 3 × 10 minutes > the 20-minute target
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert queries.service_wait(ctx, "alpha", "passport")["long"] is True
