"""Which alerts an office has: pure functions of its queue, printers and boards at `now`."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import T0, service
from queue_server.domain.alerts import (
    AlertKind,
    BoardSeen,
    Level,
    PrinterReport,
    ServiceQueue,
    WaitingTicket,
    board_grace,
    board_offline,
    office_alerts,
    printer_alerts,
    queue_alerts,
    service_queues,
    whole_minutes,
)
from queue_server.domain.model import ServiceCode

MINUTE = dt.timedelta(minutes=1)
PASSPORT, SOCIAL = service("passport", "П", target=20), service("social", "С", target=15)
GRACE = board_grace(15)


def waiting(code: str, minutes_ago: float) -> WaitingTicket:
    return WaitingTicket(ServiceCode(code), T0 - minutes_ago * MINUTE)


def board(pages: int = 0, last_seen: dt.datetime | None = None, code: str = "hall") -> BoardSeen:
    return BoardSeen(code, "Зал", "Hall", pages, last_seen, watching_since=T0 - 10 * MINUTE)


def test_each_service_queue_in_the_order_given() -> None:
    queues = service_queues([waiting("passport", 5), waiting("social", 16), waiting("passport", 21), waiting("other", 99)], [SOCIAL, PASSPORT], T0)
    assert queues == [
        ServiceQueue(ServiceCode("social"), 1, 16 * MINUTE, 15 * MINUTE, 1, "Послуга social", "Service social"),
        ServiceQueue(ServiceCode("passport"), 2, 21 * MINUTE, 20 * MINUTE, 1, "Послуга passport", "Service passport"),
    ]
    assert service_queues([], [PASSPORT], T0)[0] == ServiceQueue(ServiceCode("passport"), 0, None, 20 * MINUTE, 0, "Послуга passport", "Service passport")


def test_past_the_target_means_strictly_longer() -> None:
    assert service_queues([waiting("passport", 20)], [PASSPORT], T0)[0].past_target == 0
    assert service_queues([waiting("passport", 20 + 1 / 60)], [PASSPORT], T0)[0].past_target == 1


def test_a_ticket_from_the_future_has_waited_nothing() -> None:
    assert service_queues([waiting("passport", -3)], [PASSPORT], T0)[0].longest_wait == dt.timedelta(0)


def test_minutes_as_a_clock_shows_them() -> None:
    assert whole_minutes(None) is None
    assert whole_minutes(14 * MINUTE + dt.timedelta(seconds=59)) == 14
    assert whole_minutes(dt.timedelta(seconds=-5)) == 0


def test_a_queue_alert_for_each_service_past_its_target() -> None:
    queues = service_queues([waiting("passport", 25), waiting("passport", 3), waiting("social", 10)], [PASSPORT, SOCIAL], T0)
    alerts = queue_alerts(queues)
    assert [(alert.kind, alert.level, alert.subject) for alert in alerts] == [(AlertKind.QUEUE_OVER_TARGET, Level.CRITICAL, "passport")]
    assert alerts[0].as_json()["detail"] == {
        "service": "passport", "name": "Послуга passport", "name_en": "Service passport",
        "past_target": 1, "waiting": 2, "longest_wait_minutes": 25, "target_wait_minutes": 20,
    }


@pytest.mark.parametrize(
    ("state", "level"),
    [("paper_out", "critical"), ("cover_open", "critical"), ("offline", "critical"), ("unreachable", "critical"),
     ("paper_low", "warning"), ("ready", None), ("unknown", None)],
)
def test_a_printer_alert_by_its_state(state: str, level: str | None) -> None:
    alerts = printer_alerts([PrinterReport("kiosk-1", state, "detail", T0)])
    assert [alert.level.value for alert in alerts] == ([level] if level else [])
    if alerts:
        assert alerts[0].as_json() == {
            "kind": "printer", "level": level, "subject": "kiosk-1",
            "detail": {"kiosk": "kiosk-1", "state": state, "detail": "detail", "at": "2026-11-24T08:00:00Z"},
        }


def test_the_grace_is_four_heartbeats() -> None:
    assert board_grace(15) == dt.timedelta(seconds=60) and board_grace(1) == dt.timedelta(seconds=4)


def test_a_board_is_offline_when_no_page_has_shown_it_for_longer_than_the_grace() -> None:
    assert not board_offline(board(pages=1), T0, GRACE)
    assert not board_offline(board(last_seen=T0 - GRACE), T0, GRACE)
    assert board_offline(board(last_seen=T0 - GRACE - dt.timedelta(seconds=1)), T0, GRACE)


def test_a_board_never_seen_since_the_start_is_neutral_not_offline() -> None:
    never = board()  # not shown since the server started, ten minutes ago: never switched on, not lost
    assert never.never_seen and not board_offline(never, T0, GRACE)
    assert not board(pages=1).never_seen and not board(last_seen=T0 - MINUTE).never_seen


def test_an_office_alerts_the_critical_ones_first_then_by_kind() -> None:
    queues = service_queues([waiting("social", 30), waiting("passport", 30)], [PASSPORT, SOCIAL], T0)
    printers = [PrinterReport("kiosk-2", "paper_low", "", T0), PrinterReport("kiosk-1", "paper_out", "", T0), PrinterReport("kiosk-3", "ready", "", T0)]
    boards = [board(code="side", last_seen=T0 - 10 * MINUTE), board(pages=1, code="hall"), board(code="spare")]
    alerts = office_alerts(queues, printers, boards, T0, GRACE, office_open=True)
    assert [(alert.kind.value, alert.subject) for alert in alerts] == [
        ("queue_over_target", "passport"), ("queue_over_target", "social"), ("printer", "kiosk-1"),
        ("board_offline", "side"), ("printer", "kiosk-2"),
    ]
    assert alerts[3].as_json()["detail"] == {"board": "side", "name": "Зал", "name_en": "Hall", "since": "2026-11-24T07:50:00Z", "seen": True}


def test_nothing_wrong_no_alert() -> None:
    queues = service_queues([waiting("passport", 1)], [PASSPORT], T0)
    assert office_alerts(queues, [PrinterReport("kiosk-1", "ready", "", T0)], [board(pages=2)], T0, GRACE) == []


def test_a_closed_office_raises_no_device_alarm_but_still_its_visitors_past_target() -> None:
    queues = service_queues([waiting("passport", 30)], [PASSPORT], T0)
    printers = [PrinterReport("kiosk-1", "paper_out", "", T0)]
    boards = [board(code="side", last_seen=T0 - 10 * MINUTE)]
    assert [alert.kind.value for alert in office_alerts(queues, printers, boards, T0, GRACE, office_open=True)] == ["queue_over_target", "printer", "board_offline"]
    assert [alert.kind.value for alert in office_alerts(queues, printers, boards, T0, GRACE, office_open=False)] == ["queue_over_target"]
