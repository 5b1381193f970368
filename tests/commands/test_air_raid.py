"""The air-raid pause: begun and ended by its office's overseers, it stops issuing and calling, and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import T0
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work, supervision
from queue_server.commands.air_raid import set_air_raid
from queue_server.commands.issuing import issue_ticket
from queue_server.domain import air_raid
from queue_server.domain.air_raid import AirRaid, AirRaidPause
from queue_server.domain.errors import InvalidTransition
from queue_server.domain.model import OfficeCode
from queue_server.reads import queries
from queue_server.store import audit as audit_store

MINUTE = dt.timedelta(minutes=1)


def test_an_alert_stops_issuing_and_calling_and_the_queue_resumes_in_its_order(ctx, kiosk, operator, supervisor, clock) -> None:
    first, second = (issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket for _ in range(2))
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    alert, sent = verify_action(ctx, "alpha", lambda: set_air_raid(ctx, "alpha", True, actor=supervisor))
    assert [m["type"] for m in sent] == ["office.air_raid"] and sent[0]["data"] == {"active": True, "since": "2026-11-24T08:00:00Z"}
    assert queries.office_snapshot(ctx, "alpha")["air_raid"]["active"] is True
    with pytest.raises(AirRaidPause, match="air-raid") as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert refused.value.code == "air_raid"
    desk_work.finish(ctx, "alpha-1", actor=operator)  # the visit at the desk may be finished
    with pytest.raises(AirRaidPause):
        desk_work.call_next(ctx, "alpha-1", actor=operator)
    with pytest.raises(AirRaidPause):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=second.id, reason="r")
    issue_ticket(ctx, "beta", "passport", actor=kiosk)  # another office works on
    with pytest.raises(InvalidTransition, match="already paused"):
        set_air_raid(ctx, "alpha", True, actor=supervisor)
    clock.advance(25)
    _, sent = verify_action(ctx, "alpha", lambda: set_air_raid(ctx, "alpha", False, actor=supervisor))
    assert sent[0]["data"] == {"active": False, "since": None}
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == second.id  # in the order it stopped
    with ctx.reading() as conn:
        actions = [entry["action"] for entry in audit_store.entries(conn, "alpha")]
    assert "air_raid_start" in actions and "air_raid_end" in actions
    assert first.id != second.id


def test_ending_an_alert_that_is_not_on_is_refused(ctx, supervisor) -> None:
    with pytest.raises(InvalidTransition, match="not paused"):
        set_air_raid(ctx, "alpha", False, actor=supervisor)
    assert queries.office_snapshot(ctx, "alpha")["seq"] == 0


def test_the_time_paused_within_a_wait_is_the_overlap_of_its_alerts() -> None:
    office = OfficeCode("alpha")
    alerts = [
        AirRaid(office, T0 + 10 * MINUTE, "iryna", T0 + 30 * MINUTE, "iryna"),
        AirRaid(office, T0 + 50 * MINUTE, "iryna"),  # still on
    ]
    assert air_raid.paused_within(alerts, T0, T0 + 60 * MINUTE, T0 + 70 * MINUTE) == 30 * MINUTE
    assert air_raid.paused_within(alerts, T0 + 20 * MINUTE, T0 + 40 * MINUTE, T0 + 70 * MINUTE) == 10 * MINUTE
    assert air_raid.paused_within(alerts, T0 + 55 * MINUTE, T0 + 90 * MINUTE, T0 + 60 * MINUTE) == 5 * MINUTE
    assert air_raid.paused_within([], T0, T0 + MINUTE, T0) == dt.timedelta(0)
