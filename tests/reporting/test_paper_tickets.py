"""Paper-roll tickets in the reports: counted as tickets, never in a wait (their issue time is an estimate)."""

from __future__ import annotations

import datetime as dt

from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.paper_roll import call_paper_ticket
from queue_server.reporting import queries as reports
from queue_server.reporting.paper_tickets import paper_tickets
from queue_server.reporting.period import period
from queue_server.reporting.queries import ReportQuery
from queue_server.store.accounts import UserRecord

NOVEMBER = period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def test_a_paper_ticket_counts_as_a_ticket_and_its_wait_is_left_out(ctx, clock) -> None:
    operator = staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",)))
    manager = staff_actor(UserRecord(3, "head", "x", "manager", True, ()))
    kiosk_actor = staff_actor(UserRecord(4, "kiosk-staff", "x", "supervisor", True, ("alpha",)))
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    issued = []

    def serve(call) -> None:
        ticket = call()
        issued.append(ticket)
        desk_work.finish(ctx, "alpha-1", actor=operator)

    issue_ticket(ctx, "alpha", "passport", actor=kiosk_actor)  # at 08:00 UTC
    clock.advance(10)
    serve(lambda: desk_work.call_next(ctx, "alpha-1", actor=operator))  # waited 10 minutes
    clock.advance(20)
    serve(lambda: call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р030", service="passport"))  # estimated 07:15: 75 "minutes"
    issue_ticket(ctx, "alpha", "passport", actor=kiosk_actor)
    clock.advance(5)
    serve(lambda: desk_work.call_next(ctx, "alpha-1", actor=operator))  # waited 5 minutes

    paper = issued[1]
    assert paper.paper and (paper.called_at - paper.issued_at) == dt.timedelta(minutes=75)
    # the independent recomputation: the waits of the tickets whose issue time is known
    measured = sorted(round((t.called_at - t.issued_at).total_seconds() / 60, 1) for t in issued if not t.paper)
    assert measured == [5.0, 10.0]

    summary = reports.summary(ctx, ReportQuery(office="alpha", period=NOVEMBER), actor=manager)
    assert (summary["issued"], summary["served"]) == (3, 3)
    assert summary["wait_max_minutes"] == max(measured) and summary["wait_p50_minutes"] == measured[0]
    assert summary["within_target_share"] == 1.0  # both measured waits within the 20-minute target; the paper one is not judged
    assert summary["visit_p90_minutes"] is not None and summary["visit_p90_minutes"] < 75

    by_day = paper_tickets(ctx, ReportQuery(office=None, period=NOVEMBER), actor=manager)
    assert by_day == [{"office": "alpha", "day": "2026-11-24", "paper_tickets": 1}]
    assert paper_tickets(ctx, ReportQuery(office="beta", period=NOVEMBER), actor=manager) == []
    assert paper_tickets(ctx, ReportQuery(office="alpha", period=period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))), actor=manager) == []
