"""Issuing by the hours: closed office, service not given now, a wait past closing (with offers), and staff's audited override."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from factories import small_network
from queue_server.commands import desk_state
from queue_server.commands.accounts import staff_actor
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.opening_rules import WalkIn
from queue_server.domain.errors import AccessDenied
from queue_server.domain.hours import OpeningHours, Weekday
from queue_server.domain.model import ServiceCode
from queue_server.domain.opening_hours import NotToday, OfficeClosed, ServiceClosed
from queue_server.reads import queries
from queue_server.store import audit as audit_store
from queue_server.store.accounts import UserRecord
from queue_server.store.schema import turned_away

NIGHT = dt.datetime(2026, 11, 24, 21, 0, tzinfo=dt.timezone.utc)  # 23:00 in Kyiv, a Tuesday: alpha (08-20) is closed
NEAR_CLOSING = dt.datetime(2026, 11, 24, 17, 30, tzinfo=dt.timezone.utc)  # 19:30 in Kyiv: half an hour left
PASSPORTS_TILL_15 = OpeningHours({day: (dt.time(8), dt.time(15)) for day in Weekday})


def passports_till_15():  # type: ignore[no-untyped-def]
    network = small_network()
    passport = dataclasses.replace(network.services[ServiceCode("passport")], hours=PASSPORTS_TILL_15)
    return dataclasses.replace(network, services={**network.services, passport.code: passport})


def audit_actions(ctx) -> list[dict]:  # type: ignore[no-untyped-def]
    with ctx.reading() as conn:
        return audit_store.entries(conn, "alpha")


def test_no_ticket_while_the_office_is_closed_and_nothing_is_written(ctx, kiosk, clock) -> None:
    clock.now = NIGHT
    with pytest.raises(OfficeClosed) as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert refused.value.code == "office_closed"
    assert refused.value.details["opens_at"] == "2026-11-25T06:00:00Z"  # 08:00 in Kyiv next morning
    assert queries.office_snapshot(ctx, "alpha")["seq"] == 0  # no ticket, no event
    with ctx.reading() as conn:
        assert conn.execute(sa.select(turned_away)).first() is None  # nobody queues at a closed office: no demand turned away


@pytest.mark.parametrize("network", [passports_till_15()], ids=["passports-till-15"])
def test_a_service_is_refused_outside_its_own_hours_while_others_are_given(ctx, kiosk, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.timezone.utc)  # 15:30 in Kyiv
    with pytest.raises(ServiceClosed) as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert refused.value.details == {"office": "alpha", "service": "passport", "opens_at": "2026-11-25T06:00:00Z"}
    assert issue_ticket(ctx, "alpha", "residence", actor=kiosk).ticket.number == "Р001"


def test_staff_may_override_and_the_override_is_audited_but_a_kiosk_may_not(ctx, kiosk, operator, clock) -> None:
    clock.now = NIGHT
    with pytest.raises(AccessDenied):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk, walk_in=WalkIn(override=True))
    issued = issue_ticket(ctx, "alpha", "passport", actor=operator, walk_in=WalkIn(override=True))
    override = [entry for entry in audit_actions(ctx) if entry["action"] == "issue_override"]
    assert len(override) == 1 and override[0]["ticket_number"] == issued.ticket.number
    assert override[0]["details"] == {"reason": "outside hours", "refused": "office_closed"}
    clock.now = NIGHT.replace(hour=8)  # open: an override asked for needlessly is an ordinary ticket
    issue_ticket(ctx, "alpha", "passport", actor=operator, walk_in=WalkIn(override=True))
    assert len([entry for entry in audit_actions(ctx) if entry["action"] == "issue_override"]) == 1


def test_a_wait_past_closing_is_refused_with_a_booking_and_the_quietest_other_office(ctx, kiosk, operator, clock) -> None:
    clock.now = NEAR_CLOSING
    desk_state.open_desk(ctx, "alpha-2", actor=operator)  # passports only, 10 minutes each
    beta = staff_actor(UserRecord(7, "petro", "x", "operator", True, ("beta",)))
    desk_state.open_desk(ctx, "beta-1", actor=beta)
    numbers = [issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket.number for _ in range(3)]  # the third ends at 20:00 sharp
    assert numbers == ["П001", "П002", "П003"]
    seq = queries.office_snapshot(ctx, "alpha")["seq"]
    with pytest.raises(NotToday) as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk, lang="en")
    details = refused.value.details
    assert refused.value.code == "not_today" and details["closes_at"] == "2026-11-24T18:00:00Z"
    assert details["offers"] == {
        "booking_url": "/book?office=alpha&service=passport&lang=en",
        "offices": [{"office": "beta", "name": "Beta", "wait_minutes": 0}],
    }
    assert queries.office_snapshot(ctx, "alpha")["seq"] == seq  # nothing written
    with ctx.reading() as conn:  # but the visitor turned away is counted, for the reports
        assert [(row.office, row.service, row.reason) for row in conn.execute(sa.select(turned_away))] == [("alpha", "passport", "not_today")]
    assert issue_ticket(ctx, "alpha", "social", actor=kiosk).estimate == "no_desk_open"  # no desk for it: issued, as always
    issued = issue_ticket(ctx, "alpha", "passport", actor=operator, walk_in=WalkIn(override=True))
    assert issued.estimated_wait_minutes == 30
    assert [entry["details"]["refused"] for entry in audit_actions(ctx) if entry["action"] == "issue_override"] == ["not_today"]


def test_no_other_office_is_offered_when_none_open_has_a_desk_for_it(ctx, kiosk, operator, clock) -> None:
    clock.now = NEAR_CLOSING + dt.timedelta(minutes=25)  # 19:55: five minutes left, a passport takes ten
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    with pytest.raises(NotToday) as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert refused.value.details["offers"] == {"booking_url": "/book?office=alpha&service=passport&lang=uk", "offices": []}
