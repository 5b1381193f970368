"""Desk states: open, break, close; never with a visitor left at the desk."""

from __future__ import annotations

import pytest

from factories import T0
from queue_server.domain import desks as rules
from queue_server.domain.desks import DeskState, DeskStatus
from queue_server.domain.errors import InvalidTransition
from queue_server.domain.model import DeskId, OfficeCode, TicketId

CLOSED = DeskState(desk=DeskId("alpha-1"), office=OfficeCode("alpha"))


def test_open_pause_resume_close() -> None:
    opened = rules.open_desk(CLOSED, T0, by="olena")
    assert opened.status is DeskStatus.OPEN and opened.operator == "olena"
    paused = rules.pause(opened, T0, reason="lunch")
    assert paused.status is DeskStatus.PAUSED and paused.reason == "lunch"
    resumed = rules.resume(paused, T0)
    assert resumed.status is DeskStatus.OPEN and resumed.reason is None
    closed = rules.close_desk(resumed, T0)
    assert closed.status is DeskStatus.CLOSED and closed.operator is None


def test_a_desk_with_a_visitor_cannot_pause_or_close() -> None:
    busy = rules.take(rules.open_desk(CLOSED, T0, by="olena"), TicketId(7))
    with pytest.raises(InvalidTransition):
        rules.pause(busy, T0, reason="lunch")
    with pytest.raises(InvalidTransition):
        rules.close_desk(busy, T0)
    assert rules.close_desk(rules.release(busy), T0).status is DeskStatus.CLOSED


@pytest.mark.parametrize(
    "action",
    [
        lambda s: rules.pause(s, T0, reason="lunch"),
        lambda s: rules.resume(s, T0),
        lambda s: rules.close_desk(s, T0),
        lambda s: rules.require_open(s, "call"),
    ],
)
def test_a_closed_desk_refuses(action) -> None:
    with pytest.raises(InvalidTransition):
        action(CLOSED)


def test_an_open_desk_cannot_open_again() -> None:
    with pytest.raises(InvalidTransition):
        rules.open_desk(rules.open_desk(CLOSED, T0, by="a"), T0, by="b")
