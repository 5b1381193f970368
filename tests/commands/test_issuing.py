"""Issuing tickets: numbers, the outbox, idempotency, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from factories import round_the_clock, small_network
from projection_check import verify_action
from queue_server.commands import desk_state
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.errors import InvalidRequest, NotFound
from queue_server.store.schema import events, tickets


def test_numbers_run_per_service_letter(ctx, kiosk) -> None:
    numbers = [issue_ticket(ctx, "alpha", code, actor=kiosk).ticket.number for code in ("passport", "passport", "residence", "passport")]
    assert numbers == ["П001", "П002", "Р001", "П003"]


def test_issue_appends_one_event_with_the_next_seq(ctx, kiosk) -> None:
    for expected_seq in (1, 2, 3):
        (issued, sent) = verify_action(ctx, "alpha", lambda: issue_ticket(ctx, "alpha", "passport", actor=kiosk))
        assert [(m["seq"], m["type"]) for m in sent] == [(expected_seq, "ticket.issued")]
        assert sent[0]["data"]["number"] == issued.ticket.number


def test_offices_count_seq_and_numbers_separately(ctx, kiosk) -> None:
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    beta_kiosk = kiosk.__class__(kind="device", name="k", role="kiosk", offices=("beta",), device_id=2)
    other = issue_ticket(ctx, "beta", "passport", actor=beta_kiosk)
    assert other.ticket.number == "П001"
    assert ctx.publisher.messages[-1]["seq"] == 1


@pytest.mark.parametrize("network", [round_the_clock(small_network())], ids=["round-the-clock"])  # issues at night
def test_numbers_restart_at_kyiv_midnight(ctx, kiosk, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 21, 50, tzinfo=dt.timezone.utc)  # 23:50 in Kyiv
    assert issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket.number == "П001"
    assert issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket.number == "П002"
    clock.advance(15)  # 00:05 in Kyiv, still 24 November in UTC
    assert issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket.number == "П001"


def test_position_and_estimate_grow_with_the_queue(ctx, kiosk, operator) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)  # serves passports
    first = issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    second = issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    other_service = issue_ticket(ctx, "alpha", "social", actor=kiosk)
    assert (first.position, second.position, other_service.position) == (1, 2, 1)
    assert first.estimated_wait_minutes == 0
    assert second.estimated_wait_minutes == 10  # one ahead, typical 10 minutes, one desk open
    assert other_service.estimated_wait_minutes is None and other_service.estimate == "no_desk_open"


def test_the_same_idempotency_key_returns_the_same_ticket(ctx, kiosk) -> None:
    first = issue_ticket(ctx, "alpha", "passport", actor=kiosk, idempotency_key="tap-1")
    again = issue_ticket(ctx, "alpha", "passport", actor=kiosk, idempotency_key="tap-1")
    assert again.ticket.token == first.ticket.token and again.replayed and not first.replayed
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(events)).scalar() == 1


@pytest.mark.parametrize(
    ("office", "service", "priority", "lang", "error"),
    [
        ("nowhere", "passport", None, "uk", NotFound),
        ("alpha", "nothing", None, "uk", NotFound),
        ("beta", "residence", None, "uk", NotFound),  # not offered there
        ("alpha", "passport", "royalty", "uk", InvalidRequest),
        ("alpha", "passport", "retired", "uk", InvalidRequest),  # switched off
        ("alpha", "passport", None, "de", InvalidRequest),
    ],
)
def test_refusals_change_nothing(ctx, kiosk, office, service, priority, lang, error) -> None:
    with pytest.raises(error):
        issue_ticket(ctx, office, service, actor=kiosk, priority=priority, lang=lang)
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar() == 0
    assert ctx.publisher.messages == []
