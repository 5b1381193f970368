"""Events applied to a snapshot move it exactly as the state moved."""

from __future__ import annotations

import json

import pytest

from factories import MINUTE, T0, small_network, ticket
from queue_server.domain import tickets as rules
from queue_server.domain.desks import DeskState, DeskStatus
from queue_server.domain.events import CATALOGUE, STAFF_ONLY_FIELDS, public_view
from queue_server.domain.model import DeskId, OfficeCode
from queue_server.domain.projection import apply_event, build_snapshot, public_snapshot
from queue_server.domain.views import TicketView

NETWORK = small_network()
ALPHA = NETWORK.offices[OfficeCode("alpha")]
DESK = DeskId("alpha-1")


def message(seq: int, type_: str, data: dict) -> dict:
    return {"office": "alpha", "seq": seq, "type": type_, "at": "2026-11-24T08:00:00Z", "data": data}


def test_call_moves_a_ticket_from_waiting_to_calls_and_onto_the_desk() -> None:
    first = ticket(issued_at=T0, priority="veteran")
    second = ticket(issued_at=T0 + MINUTE)
    open_desk = {DESK: DeskState(desk=DESK, office=ALPHA.code, status=DeskStatus.OPEN, operator="olena")}
    before = build_snapshot(ALPHA, 4, [first, second], open_desk)
    assert [t["id"] for t in before["waiting"]] == [first.id, second.id]

    called = rules.call(first, DESK, T0 + 2 * MINUTE)
    after_state = {DESK: DeskState(desk=DESK, office=ALPHA.code, status=DeskStatus.OPEN, operator="olena", ticket=called.id)}
    expected = build_snapshot(ALPHA, 5, [called, second], after_state)
    assert apply_event(before, message(5, "ticket.called", TicketView.of(called).to_json())) == expected
    assert expected["desks"][0]["ticket"] == called.number

    done = rules.finish(called, DESK, T0 + 5 * MINUTE)
    freed = {DESK: DeskState(desk=DESK, office=ALPHA.code, status=DeskStatus.OPEN, operator="olena")}
    assert apply_event(expected, message(6, "ticket.finished", TicketView.of(done).to_json())) == build_snapshot(
        ALPHA, 6, [done, second], freed
    )


def test_a_gap_in_seq_is_refused() -> None:
    snapshot = build_snapshot(ALPHA, 3, [], {})
    with pytest.raises(ValueError):
        apply_event(snapshot, message(5, "ticket.issued", TicketView.of(ticket()).to_json()))


def test_public_forms_carry_no_staff_only_field() -> None:
    waiting = ticket(priority="disability", note="особиста примітка")
    snapshot = public_snapshot(build_snapshot(ALPHA, 1, [waiting], {}))
    text = json.dumps(snapshot, ensure_ascii=False)
    assert "disability" not in text and "особиста" not in text
    assert not STAFF_ONLY_FIELDS & set(public_view(TicketView.of(waiting).to_json()))
    assert snapshot["waiting"][0]["number"] == waiting.number


def test_snapshots_and_events_survive_a_json_round_trip() -> None:
    snapshot = build_snapshot(ALPHA, 1, [ticket()], {})
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_every_event_type_is_named_once_and_documented_by_its_class() -> None:
    assert len(CATALOGUE) == len(set(CATALOGUE))
    for type_, cls in CATALOGUE.items():
        assert cls.type == type_
        assert type_.split(".")[0] in ("ticket", "desk", "printer", "office")
        assert cls.__doc__ and len(cls.__doc__.strip()) > 20, type_
