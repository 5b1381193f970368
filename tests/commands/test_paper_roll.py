"""Paper-roll tickets: a desk calls the number a visitor holds; the kiosks switch to the roll in one action."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import T0
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.air_raid import set_air_raid
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.paper_roll import call_paper_ticket, set_paper_mode
from queue_server.domain.air_raid import AirRaidPause
from queue_server.domain.errors import InvalidRequest, InvalidTransition
from queue_server.domain.paper_roll import PaperModeOn, PaperNumberUsed
from queue_server.domain.tickets import TicketStatus
from queue_server.reads import queries
from queue_server.store import audit as audit_store
from queue_server.store import tickets as ticket_store

MINUTE = dt.timedelta(minutes=1)
OPENING = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.timezone.utc)  # 08:00 in Kyiv, the small network's opening


@pytest.fixture
def desk_open(ctx, operator) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)


def _served(ctx, operator) -> None:
    desk_work.finish(ctx, "alpha-1", actor=operator)


def test_paper_mode_refuses_the_kiosk_but_not_staff_and_is_on_the_stream(ctx, kiosk, operator, supervisor) -> None:
    mode, sent = verify_action(ctx, "alpha", lambda: set_paper_mode(ctx, "alpha", True, actor=supervisor))
    assert [m["type"] for m in sent] == ["office.paper_mode"] and sent[0]["data"] == {"active": True, "since": "2026-11-24T08:00:00Z"}
    assert queries.office_snapshot(ctx, "alpha")["paper_mode"] == {"active": True, "since": "2026-11-24T08:00:00Z"}
    with pytest.raises(PaperModeOn, match="paper tickets") as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert refused.value.code == "paper_mode"
    assert issue_ticket(ctx, "alpha", "passport", actor=operator).ticket.number == "П001"  # staff still issue
    issue_ticket(ctx, "beta", "passport", actor=kiosk)  # another office's kiosks work on
    with pytest.raises(InvalidTransition, match="already on paper"):
        set_paper_mode(ctx, "alpha", True, actor=supervisor)
    _, sent = verify_action(ctx, "alpha", lambda: set_paper_mode(ctx, "alpha", False, actor=supervisor))
    assert sent[0]["data"] == {"active": False, "since": None}
    assert issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket.number == "П002"
    with pytest.raises(InvalidTransition, match="not on paper"):
        set_paper_mode(ctx, "alpha", False, actor=supervisor)
    with ctx.reading() as conn:
        actions = [entry["action"] for entry in audit_store.entries(conn, "alpha")]
    assert "paper_mode_on" in actions and "paper_mode_off" in actions
    assert mode.started_at == T0


def test_a_typed_paper_number_becomes_a_ticket_called_to_the_desk(ctx, operator, supervisor, clock, desk_open) -> None:
    set_paper_mode(ctx, "alpha", True, actor=supervisor)
    clock.advance(20)
    called, sent = verify_action(ctx, "alpha", lambda: call_paper_ticket(ctx, "alpha-1", actor=operator, number="р12", service="passport"))
    assert [m["type"] for m in sent] == ["ticket.issued", "ticket.called"]
    assert sent[1]["data"]["number"] == "Р012" and sent[1]["data"]["desk"] == "alpha-1"
    assert called.status is TicketStatus.CALLED and called.number == "Р012" and called.service == "passport"
    assert called.paper and called.issued_at_estimated and called.token
    # the first number entered: halfway between the switch to paper (T0) and now (T0 + 20)
    assert called.issued_at == T0 + 10 * MINUTE
    with ctx.reading() as conn:
        stored = ticket_store.by_id(conn, called.id)
        entries = audit_store.entries(conn, "alpha")
    assert stored is not None and stored.paper and stored.issued_at_estimated and stored.issued_at == T0 + 10 * MINUTE
    assert queries.ticket_status(ctx, called.token) is not None  # the rating QR's page knows it
    assert [entry["action"] for entry in entries][:2] == ["call_paper", "issue"]
    assert entries[0]["ticket_number"] == "Р012" and entries[0]["desk"] == "alpha-1"


def test_a_number_is_taken_once_a_day_and_again_the_next_day(ctx, operator, clock, desk_open) -> None:
    call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р012", service="passport")
    _served(ctx, operator)
    for typed in ("Р012", "P012", "12", " р 12 "):
        with pytest.raises(PaperNumberUsed, match="already entered today") as refused:
            call_paper_ticket(ctx, "alpha-1", actor=operator, number=typed, service="residence")
        assert refused.value.code == "paper_number_used"
    call_paper_ticket(ctx, "beta-1", actor=_beta_operator(ctx, operator), number="Р012", service="passport")  # another office
    clock.advance(24 * 60)
    desk_state.close_desk(ctx, "alpha-1", actor=operator)
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    again = call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р012", service="passport")
    assert again.number == "Р012" and again.issued_at.date() == (T0 + dt.timedelta(days=1)).date()


def _beta_operator(ctx, operator):
    from dataclasses import replace

    beta = replace(operator, name="bohdan", offices=("beta",))
    desk_state.open_desk(ctx, "beta-1", actor=beta)
    return beta


def test_a_kiosk_number_with_the_same_letter_is_not_entered_again(ctx, kiosk, operator, desk_open) -> None:
    """alpha's residence tickets have the roll's letter (a configuration check refuses that; the store holds anyway)."""
    assert issue_ticket(ctx, "alpha", "residence", actor=kiosk).ticket.number == "Р001"
    with pytest.raises(PaperNumberUsed):
        call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р001", service="passport")


@pytest.mark.parametrize("typed", ["Р501", "Р000", "Б012", "", "дванадцять", "Р12А"])
def test_a_number_outside_the_roll_is_refused_and_changes_nothing(ctx, operator, desk_open, typed) -> None:
    seq = queries.office_snapshot(ctx, "alpha")["seq"]
    with pytest.raises(InvalidRequest) as refused:
        call_paper_ticket(ctx, "alpha-1", actor=operator, number=typed, service="passport")
    assert refused.value.details["field"] == "number"
    assert queries.office_snapshot(ctx, "alpha")["seq"] == seq


def test_only_a_service_of_the_desk_and_only_by_its_holder(ctx, operator, supervisor, desk_open) -> None:
    with pytest.raises(InvalidRequest, match="does not serve 'social'"):
        call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р005", service="social")
    with pytest.raises(InvalidTransition):
        call_paper_ticket(ctx, "alpha-2", actor=operator, number="Р005", service="passport")  # not open
    with pytest.raises(InvalidTransition):
        call_paper_ticket(ctx, "alpha-1", actor=supervisor, number="Р005", service="passport")  # not the desk's holder
    call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р005", service="passport")
    with pytest.raises(InvalidTransition):
        call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р006", service="passport")  # the desk has a visitor


def test_refused_during_an_air_raid_alert(ctx, operator, supervisor, desk_open) -> None:
    set_air_raid(ctx, "alpha", True, actor=supervisor)
    with pytest.raises(AirRaidPause):
        call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р005", service="passport")
    set_air_raid(ctx, "alpha", False, actor=supervisor)
    assert call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р005", service="passport").number == "Р005"


def test_issue_times_are_interpolated_between_the_numbers_entered(ctx, operator, clock, desk_open) -> None:
    """Without paper mode the roll counts from the opening (06:00 UTC); each later number lies between its neighbours."""
    first = call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р001", service="passport")
    assert first.issued_at == OPENING
    _served(ctx, operator)
    clock.advance(60)
    tenth = call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р010", service="passport")
    assert tenth.issued_at == OPENING + (T0 + 60 * MINUTE - OPENING) / 2  # halfway from Р001 to now
    _served(ctx, operator)
    clock.advance(5)
    fifth = call_paper_ticket(ctx, "alpha-1", actor=operator, number="Р005", service="passport")
    assert fifth.issued_at == OPENING + (tenth.issued_at - OPENING) * 4 / 9
    assert first.issued_at < fifth.issued_at < tenth.issued_at <= clock.now
