"""Complaints per 1,000 requests from the register, against a count of the rows this test made itself."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from queue_server.commands import complaints as commands
from queue_server.commands.accounts import staff_actor
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.supervision import cancel_ticket
from queue_server.domain.complaints import Channel
from queue_server.domain.errors import AccessDenied, InvalidRequest
from queue_server.reporting import complaint_rate
from queue_server.reporting.period import period
from queue_server.store.accounts import UserRecord


@pytest.fixture
def manager():
    return staff_actor(UserRecord(3, "maria", "x", "manager", True, ()))


def test_the_figure_matches_a_count_of_the_rows_made(ctx, clock, supervisor, manager) -> None:
    zone = ZoneInfo(ctx.office("alpha").timezone)
    issued: list[tuple[str, dt.date]] = []
    received: list[tuple[str, dt.date]] = []
    # four days (Monday to Thursday): a ticket each open hour at alpha, every other hour at beta; one in three
    # of alpha's cancelled; hotline complaints late in the evening, either side of Kyiv's midnight (22:00 UTC)
    hour = 0
    for day in (23, 24, 25, 26):
        for utc_hour in range(7, 15):
            hour += 1
            clock.now = dt.datetime(2026, 11, day, utc_hour, 10, tzinfo=dt.timezone.utc)
            for office in ("alpha", "beta") if hour % 2 == 0 else ("alpha",):
                ticket = issue_ticket(ctx, office, "passport", actor=manager).ticket
                issued.append((office, clock.now.astimezone(zone).date()))
                if office == "alpha" and hour % 3 == 0:
                    cancel_ticket(ctx, "alpha", ticket.id, actor=supervisor, reason="left")
                if hour % 5 == 0:
                    commands.file_from_ticket_page(ctx, ticket.token, text="Скарга")
                    received.append((office, clock.now.astimezone(zone).date()))
        for evening in (dt.time(21, 30), dt.time(22, 30)):
            clock.now = dt.datetime.combine(dt.date(2026, 11, day), evening, tzinfo=dt.timezone.utc)
            filed = commands.enter_complaint(ctx, "beta", actor=manager, channel=Channel.HOTLINE, text="Дзвінок")
            received.append(("beta", clock.now.astimezone(zone).date()))
            if evening.hour == 22:
                commands.withdraw(ctx, "beta", filed.id, actor=manager)  # withdrawn ones count as received
    first, last = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    rows = complaint_rate.rows(ctx, None, period(first, last), actor=manager)
    for row in rows:
        want_issued = sum(1 for office, day in issued if office == row["office"] and first <= day <= last)
        want_received = sum(1 for office, day in received if office == row["office"] and first <= day <= last)
        assert (row["issued"], row["complaints"]) == (want_issued, want_received), row
        assert row["complaints_per_1000"] == round(1000 * want_received / want_issued, 2)
    assert [row["office"] for row in rows] == ["alpha", "beta"] and all(row["complaints"] > 0 for row in rows)


def test_no_tickets_is_no_figure_and_access(ctx, supervisor, manager) -> None:
    day = period(dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    assert complaint_rate.rows(ctx, "alpha", day, actor=supervisor) == [
        {"office": "alpha", "complaints": 0, "issued": 0, "complaints_per_1000": None}
    ]
    with pytest.raises(AccessDenied):
        complaint_rate.rows(ctx, "beta", day, actor=supervisor)
    with pytest.raises(AccessDenied):
        complaint_rate.rows(ctx, None, day, actor=supervisor)
    with pytest.raises(InvalidRequest):
        complaint_rate.rows(ctx, "gamma", day, actor=manager)
