"""Remote tickets' rules: when an office takes one, "come now", the lapse, and the arrival's transition."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from factories import MINUTE, T0, small_network, ticket
from queue_server.domain import remote_tickets as rules
from queue_server.domain.errors import InvalidTransition
from queue_server.domain.hours import OpeningHours, Weekday
from queue_server.domain.model import OfficeCode, RemoteTicketTerms
from queue_server.domain.remote_tickets import Refusal, confirm_arrival, lapse
from queue_server.domain.tickets import TicketStatus

TERMS = RemoteTicketTerms(enabled=True, daily_cap=3, cutoff=dt.timedelta(minutes=60), come_now_ahead=2, arrival_grace=dt.timedelta(minutes=30))
# 08:00-12:00 and 13:00-17:00 on weekdays, closed at weekends; the office keeps Kyiv's clock
HOURS = OpeningHours.from_intervals(
    {day: ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))) for day in (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)}
)
OFFICE = replace(small_network().offices[OfficeCode("alpha")], hours=HOURS, remote=TERMS)


def kyiv(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of November 2026 by Kyiv's clock (UTC+2 in winter), in UTC."""
    return dt.datetime(2026, 11, day, hour - 2, minute, tzinfo=dt.timezone.utc)


def test_an_open_office_with_places_left_takes_one() -> None:
    assert rules.refusal(OFFICE, 0, False, kyiv(24, 10)) is None


def test_switched_off_is_refused_first() -> None:
    off = replace(OFFICE, remote=replace(TERMS, enabled=False))
    assert rules.refusal(off, 0, False, kyiv(24, 10)) is Refusal.OFF


@pytest.mark.parametrize(
    "moment",
    [
        kyiv(24, 7, 59),  # before opening, by the office's clock (05:59 UTC)
        kyiv(24, 12, 30),  # the lunch break
        kyiv(24, 17, 0),  # closing time itself
        kyiv(28, 10),  # a Saturday: a closed day
    ],
)
def test_an_office_closed_now_by_its_own_clock_is_refused(moment: dt.datetime) -> None:
    assert rules.refusal(OFFICE, 0, False, moment) is Refusal.CLOSED


def test_the_office_zone_decides_not_utc() -> None:
    """08:30 UTC is 10:30 in Kyiv (open) but 08:30 in a zone of UTC (open too) and 17:30 in Tokyo (closed)."""
    moment = dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.timezone.utc)
    assert rules.refusal(OFFICE, 0, False, moment) is None
    assert rules.refusal(replace(OFFICE, timezone="Asia/Tokyo"), 0, False, moment) is Refusal.CLOSED


def test_the_cut_off_counts_back_from_the_days_last_closing() -> None:
    assert rules.refusal(OFFICE, 0, False, kyiv(24, 16, 0)) is None  # exactly an hour before 17:00
    assert rules.refusal(OFFICE, 0, False, kyiv(24, 16, 1)) is Refusal.PAST_CUTOFF
    assert rules.refusal(OFFICE, 0, False, kyiv(24, 11, 30)) is None  # the lunch break does not end the day


def test_the_cap_per_service_and_day() -> None:
    assert rules.refusal(OFFICE, 2, False, kyiv(24, 10)) is None
    assert rules.refusal(OFFICE, 3, False, kyiv(24, 10)) is Refusal.CAP_REACHED


def test_one_live_ticket_per_phone() -> None:
    assert rules.refusal(OFFICE, 0, True, kyiv(24, 10)) is Refusal.PHONE_HAS_TICKET


def test_every_refusal_has_a_message() -> None:
    assert set(rules.MESSAGES) == set(Refusal)


def test_come_now_at_the_threshold_and_below() -> None:
    assert [rules.come_now(TERMS, ahead) for ahead in (0, 1, 2, 3, 10)] == [True, True, True, False, False]


def test_a_ticket_not_confirmed_lapses_after_its_grace_from_come_now() -> None:
    remote = ticket(remote=True)
    told = T0
    assert not rules.has_lapsed(remote, None, TERMS, T0 + 600 * MINUTE)  # never told "come now": never lapses
    assert not rules.has_lapsed(remote, told, TERMS, told + 29 * MINUTE)
    assert rules.has_lapsed(remote, told, TERMS, told + 30 * MINUTE)
    assert not rules.has_lapsed(replace(remote, arrived_at=T0), told, TERMS, told + 60 * MINUTE)


def test_closing_today_is_none_on_a_closed_day() -> None:
    assert rules.closing_today(OFFICE, kyiv(28, 10)) is None
    assert rules.closing_today(OFFICE, kyiv(24, 10)) == kyiv(24, 17)


# the ticket's transitions


def test_confirming_arrival_makes_a_remote_ticket_callable_once() -> None:
    remote = ticket(remote=True)
    assert remote.awaits_arrival
    arrived = confirm_arrival(remote, T0 + MINUTE)
    assert not arrived.awaits_arrival and arrived.arrived_at == T0 + MINUTE and arrived.issued_at == remote.issued_at
    with pytest.raises(InvalidTransition, match="already confirmed"):
        confirm_arrival(arrived, T0 + 2 * MINUTE)


def test_a_walk_in_ticket_needs_no_arrival() -> None:
    with pytest.raises(InvalidTransition, match="needs no arrival"):
        confirm_arrival(ticket(), T0)


def test_a_ticket_no_longer_waiting_cannot_arrive() -> None:
    with pytest.raises(InvalidTransition):
        confirm_arrival(ticket(remote=True, status=TicketStatus.CANCELLED), T0)


def test_a_lapsed_ticket_is_a_no_show() -> None:
    lapsed = lapse(ticket(remote=True), T0)
    assert lapsed.status is TicketStatus.NO_SHOW and lapsed.finished_at == T0
    with pytest.raises(InvalidTransition):
        lapse(ticket(remote=True, arrived_at=T0), T0)
