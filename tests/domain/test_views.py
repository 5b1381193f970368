"""`TicketView` and `DeskView`: the one spelling of a ticket and a desk on every stream.

The events and the snapshot carry exactly the JSON the dict-building
functions wrote before the views were declared: same keys, same order,
same values (the outbox, the replay and the pages' projection depend on it).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from factories import MINUTE, T0, small_network, ticket
from queue_server.domain.desks import DeskState, DeskStatus
from queue_server.domain.events import DeskServicesChanged, TicketCalled, TicketRated, public_view
from queue_server.domain.model import DeskId, OfficeCode, TicketId
from queue_server.domain.tickets import TicketStatus
from queue_server.domain.views import DeskServicesView, DeskView, DeskWithServicesView, TicketView, render

ALPHA = small_network().offices[OfficeCode("alpha")]
KYIV = dt.timezone(dt.timedelta(hours=2))


def test_a_ticket_view_writes_the_keys_in_the_streams_order_with_utc_times() -> None:
    called = ticket(
        status=TicketStatus.CALLED, ticket_id=7, desk=DeskId("alpha-1"), called_at=(T0 + 5 * MINUTE).astimezone(KYIV),
        priority="veteran", note="з дитиною", recalls=1, held_by=DeskId("alpha-1"),
    )  # fmt: skip
    assert list(TicketView.of(called).to_json().items()) == [
        ("id", 7),
        ("number", "П007"),
        ("service", "passport"),
        ("status", "called"),
        ("desk", "alpha-1"),
        ("target_desk", None),
        ("held", True),
        ("issued_at", "2026-11-24T08:00:00Z"),
        ("called_at", "2026-11-24T08:05:00Z"),
        ("started_at", None),
        ("recalls", 1),
        ("transfers", 0),
        ("priority", "veteran"),
        ("note", "з дитиною"),
        ("appointment_at", None),
        ("remote", False),
        ("awaiting_arrival", False),
        ("steps", [{"service": "passport", "status": "called", "desk": "alpha-1"}]),
        ("step", 0),
        ("package", None),
    ]


def test_a_desk_view_and_its_services_of_today_in_the_streams_order() -> None:
    desk = ALPHA.desks[0]
    state = DeskState(desk=desk.id, office=ALPHA.code, status=DeskStatus.PAUSED, operator="olena", reason="lunch", since=T0)
    view = DeskView.of(desk, state, "П001")
    assert list(view.to_json().items()) == [
        ("id", "alpha-1"), ("number", 1), ("name", desk.name.uk), ("name_en", desk.name.en), ("kind", "window"),
        ("status", "paused"), ("ticket", "П001"), ("reason", "lunch"), ("operator", "olena"),
    ]  # fmt: skip
    today = DeskServicesView.of(ALPHA.services, desk.profile, False)
    joined = DeskWithServicesView.joined(view, today).to_json()
    assert list(joined)[-3:] == ["services", "weights", "services_changed"]
    assert joined["services"] == ["passport", "residence"] and joined["weights"] == {"passport": 1.0, "residence": 1.0}
    assert {key: joined[key] for key in view.to_json()} == view.to_json()


def test_events_carry_the_views_and_their_json() -> None:
    waiting = ticket(ticket_id=8, priority="veteran")
    view = TicketView.of(waiting)
    event = TicketCalled(view)
    assert event.ticket is view and event.data == view.to_json()
    rated = TicketRated(view, score=5, comment="дякую")
    assert list(rated.data)[-2:] == ["score", "comment"] and rated.data["score"] == 5
    assert "score" not in public_view(rated.data) and "priority" not in public_view(rated.data)
    desk = ALPHA.desks[1]
    changed = DeskWithServicesView.joined(
        DeskView.of(desk, DeskState(desk=desk.id, office=ALPHA.code), None), DeskServicesView.of(ALPHA.services, desk.profile, True)
    )
    assert DeskServicesChanged(changed).data == changed.to_json()
    assert json.loads(json.dumps(event.data)) == event.data


def test_render_refuses_what_is_not_a_view() -> None:
    with pytest.raises(TypeError):
        render({"id": TicketId(1)})
