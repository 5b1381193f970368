"""Catch-up reads: replay while the events are kept, a snapshot otherwise."""

from __future__ import annotations

import datetime as dt

from queue_server.commands.issuing import issue_ticket
from queue_server.domain.views import render
from queue_server.reads import queries
from queue_server.store import outbox


def test_events_since_replays_in_order(ctx, kiosk) -> None:
    for _ in range(5):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    replay = queries.events_since(ctx, "alpha", 2, limit=100)
    assert [m["seq"] for m in replay] == [3, 4, 5]
    assert queries.events_since(ctx, "alpha", 5, limit=100) == []


def test_too_far_behind_or_ahead_means_a_snapshot(ctx, kiosk) -> None:
    for _ in range(5):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert queries.events_since(ctx, "alpha", 0, limit=3) is None
    assert queries.events_since(ctx, "alpha", 9, limit=100) is None  # a client of another database


def test_pruned_events_mean_a_snapshot(ctx, kiosk, clock) -> None:
    for _ in range(3):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    clock.advance(60 * 24 * 30)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    with ctx.transaction() as tx:
        assert outbox.prune(tx.connection, clock.now - dt.timedelta(days=1)) == 3
    assert queries.events_since(ctx, "alpha", 1, limit=100) is None
    assert [m["seq"] for m in queries.events_since(ctx, "alpha", 3, limit=100)] == [4]


def test_ticket_status_for_the_visitor(ctx, kiosk) -> None:
    first = issue_ticket(ctx, "alpha", "passport", actor=kiosk, lang="en").ticket
    second = issue_ticket(ctx, "alpha", "passport", actor=kiosk, priority="veteran").ticket
    status = queries.ticket_status(ctx, second.token)
    assert status.status == "waiting" and status.position == 2 and status.people_ahead == 1
    assert "priority" not in render(status) and "veteran" not in str(render(status))
    assert queries.ticket_status(ctx, first.token).service_name == "Service passport"
