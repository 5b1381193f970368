"""The complaint's life cycle and the overdue rule (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain import complaints as rule
from queue_server.domain.complaints import Status
from queue_server.domain.errors import InvalidRequest, InvalidTransition

KYIV = "Europe/Kyiv"
UTC = dt.timezone.utc


def test_the_life_cycle_goes_received_in_progress_answered() -> None:
    status = Status.RECEIVED
    status = rule.next_status(status, "assign")
    assert status is Status.IN_PROGRESS
    assert rule.next_status(status, "assign") is Status.IN_PROGRESS  # another person may be assigned
    assert rule.next_status(status, "answer") is Status.ANSWERED
    assert rule.next_status(Status.RECEIVED, "answer") is Status.ANSWERED
    assert rule.next_status(Status.RECEIVED, "withdraw") is Status.WITHDRAWN
    assert rule.next_status(Status.IN_PROGRESS, "withdraw") is Status.WITHDRAWN


@pytest.mark.parametrize("closed", [Status.ANSWERED, Status.WITHDRAWN])
@pytest.mark.parametrize("action", ["assign", "answer", "withdraw"])
def test_a_closed_complaint_takes_no_action(closed, action) -> None:
    with pytest.raises(InvalidTransition, match=closed.value):
        rule.next_status(closed, action)


def test_the_due_date_counts_from_the_offices_date_of_receipt() -> None:
    # 23:30 UTC on 31 January is 1 February in Kyiv (UTC+2): the term counts from 1 February
    received = dt.datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert rule.due_date(received, KYIV, 30) == dt.date(2026, 3, 3)
    assert rule.due_date(received, "UTC", 30) == dt.date(2026, 3, 2)


def test_overdue_only_after_the_end_of_the_due_date_on_the_offices_clock() -> None:
    due = dt.date(2026, 3, 3)
    last_minute = dt.datetime(2026, 3, 3, 21, 59, tzinfo=UTC)  # 23:59 in Kyiv
    next_day = dt.datetime(2026, 3, 3, 22, 0, tzinfo=UTC)  # 00:00 on 4 March in Kyiv
    assert not rule.is_overdue(Status.RECEIVED, due, last_minute, KYIV)
    assert rule.is_overdue(Status.RECEIVED, due, next_day, KYIV)
    assert rule.is_overdue(Status.IN_PROGRESS, due, next_day, KYIV)
    assert not rule.is_overdue(Status.ANSWERED, due, next_day, KYIV)
    assert not rule.is_overdue(Status.WITHDRAWN, due, next_day, KYIV)
    assert not rule.is_overdue(Status.RECEIVED, due, next_day, "UTC")  # still 3 March in UTC


def test_the_text_is_one_to_two_thousand_characters() -> None:
    assert rule.clean_text("  a  ") == "a"
    assert rule.clean_text("я" * 2000) == "я" * 2000
    for wrong in ("", "   ", "я" * 2001):
        with pytest.raises(InvalidRequest):
            rule.clean_text(wrong)
