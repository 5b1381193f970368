"""The supervisor's commands: each one's events project the snapshot, each one is audited."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from projection_check import verify_action
from queue_server.commands import desk_state, desk_work, queries, supervision
from queue_server.commands.accounts import staff_actor
from queue_server.commands.day_close import close_past_days
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.domain.model import DeskId
from queue_server.domain.policy import choose_next
from queue_server.domain.tickets import TicketStatus
from queue_server.store import audit as audit_store
from queue_server.store import desk_services as services_store
from queue_server.store import tickets as ticket_store
from queue_server.store.accounts import UserRecord


@pytest.fixture
def supervisor():
    return staff_actor(UserRecord(2, "iryna", "x", "supervisor", True, ("alpha",)))


def issue(ctx, kiosk, service="passport", **kwargs):
    return issue_ticket(ctx, "alpha", service, actor=kiosk, **kwargs).ticket


def audit(ctx, action):
    with ctx.reading() as conn:
        return audit_store.entries(conn, "alpha", action=action)


def desk_of(snapshot, desk_id):
    return next(desk for desk in snapshot["desks"] if desk["id"] == desk_id)


# call out of turn


def test_call_out_of_turn_takes_the_named_ticket_and_is_audited(ctx, kiosk, operator, clock) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    first = issue(ctx, kiosk, "passport")
    clock.advance(3)
    social = issue(ctx, kiosk, "social")  # desk 1 does not serve it: a supervisor decided it may
    called, sent = verify_action(
        ctx, "alpha", lambda: supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=social.id, reason="  повторний візит ")
    )
    assert called.id == social.id and called.status is TicketStatus.CALLED and called.desk == "alpha-1"
    assert [m["type"] for m in sent] == ["ticket.called"] and sent[0]["data"]["desk"] == "alpha-1"
    assert desk_of(queries.office_snapshot(ctx, "alpha"), "alpha-1")["ticket"] == social.number
    [entry] = audit(ctx, "call_out_of_turn")
    assert entry["actor"] == "user:olena" and entry["desk"] == "alpha-1" and entry["ticket"] == social.id
    assert entry["ticket_number"] == social.number and entry["details"]["reason"] == "повторний візит"
    # the one passed by keeps its place
    desk_work.finish(ctx, "alpha-1", actor=operator)
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == first.id


def test_call_out_of_turn_refusals_change_nothing(ctx, kiosk, operator) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    held = issue(ctx, kiosk)
    sent_on = issue(ctx, kiosk)
    waiting = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    desk_work.hold(ctx, "alpha-2", actor=operator)  # `held` is on hold at desk 2
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    desk_work.transfer(ctx, "alpha-2", actor=operator, to_desk="alpha-3")  # `sent_on` is desk 3's
    messages = len(ctx.publisher.messages)
    cases = [
        (held.id, InvalidTransition, "on hold at desk alpha-2"),
        (sent_on.id, InvalidTransition, "sent to desk alpha-3"),
        (999, NotFound, "no ticket 999"),
    ]
    for ticket_id, error, words in cases:
        with pytest.raises(error, match=words):
            supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=ticket_id, reason="r")
    called = supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=waiting.id, reason="r")
    messages = len(ctx.publisher.messages)
    with pytest.raises(InvalidTransition, match="still has a visitor"):  # desk 1 is busy now
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=sent_on.id, reason="r")
    with pytest.raises(InvalidTransition, match="called, not waiting"):  # desk 1 has it already
        supervision.call_ticket(ctx, "alpha-2", actor=operator, ticket=called.id, reason="r")
    with pytest.raises(InvalidRequest, match="reason"):
        supervision.call_ticket(ctx, "alpha-2", actor=operator, ticket=sent_on.id, reason="   ")
    with pytest.raises(InvalidRequest, match="reason"):
        supervision.call_ticket(ctx, "alpha-2", actor=operator, ticket=sent_on.id, reason="x" * 201)
    assert len(ctx.publisher.messages) == messages
    assert len(audit(ctx, "call_out_of_turn")) == 1


def test_a_held_ticket_of_this_desk_comes_back_by_return(ctx, kiosk, operator) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    held = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.hold(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="return"):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=held.id, reason="r")


def test_a_closed_or_paused_desk_cannot_call_out_of_turn(ctx, kiosk, operator) -> None:
    waiting = issue(ctx, kiosk)
    with pytest.raises(InvalidTransition, match="closed"):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=waiting.id, reason="r")
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.pause_desk(ctx, "alpha-1", actor=operator, reason="lunch")
    with pytest.raises(InvalidTransition, match="paused"):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=waiting.id, reason="r")


def test_a_ticket_of_another_office_is_not_found(ctx, kiosk, operator) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    beta_kiosk = kiosk.__class__(kind="device", name="kiosk-b", role="kiosk", offices=("beta",), device_id=2)
    other = issue_ticket(ctx, "beta", "passport", actor=beta_kiosk).ticket
    with pytest.raises(NotFound):
        supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=other.id, reason="r")


@pytest.mark.parametrize("round_", range(5))
def test_call_out_of_turn_racing_call_next_never_calls_twice(ctx, kiosk, operator, round_) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    only = issue(ctx, kiosk)
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def out_of_turn() -> None:
        start.wait()
        try:
            results["alpha-1"] = supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=only.id, reason="r")
        except InvalidTransition as error:
            results["alpha-1"] = error

    def next_one() -> None:
        start.wait()
        results["alpha-2"] = desk_work.call_next(ctx, "alpha-2", actor=operator)

    threads = [threading.Thread(target=out_of_turn), threading.Thread(target=next_one)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [desk for desk, result in results.items() if getattr(result, "id", None) == only.id]
    assert len(winners) == 1
    loser = "alpha-2" if winners == ["alpha-1"] else "alpha-1"
    assert results[loser] is None or isinstance(results[loser], InvalidTransition)
    calls = queries.office_snapshot(ctx, "alpha")["calls"]
    assert [call["id"] for call in calls] == [only.id] and calls[0]["desk"] == winners[0]
    called_events = [m for m in ctx.publisher.messages if m["type"] == "ticket.called"]
    assert len(called_events) == 1


# cancel


def test_cancel_a_waiting_or_held_ticket(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    held = issue(ctx, kiosk)
    waiting = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.hold(ctx, "alpha-1", actor=operator)
    for ticket in (waiting, held):
        cancelled, sent = verify_action(
            ctx, "alpha", lambda ticket=ticket: supervision.cancel_ticket(ctx, "alpha", ticket.id, actor=supervisor, reason="пішов")
        )
        assert cancelled.status is TicketStatus.CANCELLED and cancelled.held_by is None
        assert [m["type"] for m in sent] == ["ticket.cancelled"]
    assert queries.office_snapshot(ctx, "alpha")["waiting"] == []
    entries = audit(ctx, "cancel")
    assert [e["ticket"] for e in entries] == [held.id, waiting.id]  # newest first
    assert entries[0]["details"] == {"reason": "пішов", "service": "passport", "held_by": "alpha-1"}
    assert entries[0]["actor"] == "user:iryna" and entries[0]["role"] == "supervisor"


def test_cancel_refuses_a_ticket_at_a_desk_or_already_over(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    ticket = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="at desk alpha-1; the desk finishes it or marks a no-show"):
        supervision.cancel_ticket(ctx, "alpha", ticket.id, actor=supervisor, reason="r")
    desk_work.finish(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="already done"):
        supervision.cancel_ticket(ctx, "alpha", ticket.id, actor=supervisor, reason="r")
    with pytest.raises(NotFound):
        supervision.cancel_ticket(ctx, "beta", ticket.id, actor=supervisor, reason="r")
    assert audit(ctx, "cancel") == []


# move


def test_move_to_another_service_keeps_the_place(ctx, kiosk, operator, supervisor, clock) -> None:
    early = issue(ctx, kiosk, "passport")
    clock.advance(5)
    social = issue(ctx, kiosk, "social")
    moved, sent = verify_action(
        ctx, "alpha", lambda: supervision.move_ticket(ctx, "alpha", early.id, actor=supervisor, service="social", desk=None, reason="не та послуга")
    )
    assert moved.service == "social" and moved.issued_at == early.issued_at and moved.transfers == 0
    assert [m["type"] for m in sent] == ["ticket.moved"] and sent[0]["data"]["service"] == "social"
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    assert desk_work.call_next(ctx, "alpha-3", actor=operator).id == early.id  # issued before `social`
    [entry] = audit(ctx, "move")
    assert entry["details"] == {
        "reason": "не та послуга", "from_service": "passport", "to_service": "social", "from_desk": None, "to_desk": None
    }
    assert social.id != early.id


def test_move_to_a_desk_then_back_to_any_desk(ctx, kiosk, operator, supervisor) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    ticket = issue(ctx, kiosk)
    moved, _ = verify_action(
        ctx, "alpha", lambda: supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service=None, desk="alpha-2", reason="r")
    )
    assert moved.target_desk == "alpha-2" and moved.service == "passport"
    assert desk_work.call_next(ctx, "alpha-1", actor=operator) is None  # it is desk 2's now
    back, _ = verify_action(
        ctx, "alpha", lambda: supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service=None, desk=None, reason="r")
    )
    assert back.target_desk is None
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == ticket.id


def test_move_refusals(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    ticket = issue(ctx, kiosk)
    with pytest.raises(NotFound, match="nothing"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="nothing", desk=None, reason="r")
    with pytest.raises(NotFound, match="beta-1"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service=None, desk="beta-1", reason="r")
    with pytest.raises(InvalidTransition, match="already waits"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="passport", desk=None, reason="r")
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="only a waiting ticket"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="social", desk=None, reason="r")
    desk_work.hold(ctx, "alpha-1", actor=operator)
    with pytest.raises(InvalidTransition, match="on hold"):
        supervision.move_ticket(ctx, "alpha", ticket.id, actor=supervisor, service="social", desk=None, reason="r")
    assert audit(ctx, "move") == []


# force close


@pytest.mark.parametrize("serving", [False, True])
def test_force_close_puts_the_visitor_back_in_place(ctx, kiosk, operator, supervisor, clock, serving) -> None:
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=operator)
    first = issue(ctx, kiosk)
    clock.advance(2)
    second = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)  # `first`, at desk 1
    if serving:
        desk_work.start(ctx, "alpha-1", actor=operator)
    clock.advance(10)
    result, sent = verify_action(
        ctx, "alpha", lambda: supervision.force_close_desk(ctx, "alpha-1", actor=supervisor, reason="оператор пішов")
    )
    assert [m["type"] for m in sent] == ["ticket.requeued", "desk.closed"]
    assert result["desk"]["status"] == "closed" and result["desk"]["ticket"] is None
    assert [t["id"] for t in result["requeued"]] == [first.id]
    snapshot = queries.office_snapshot(ctx, "alpha")
    assert [t["id"] for t in snapshot["waiting"]] == [first.id, second.id]  # still first in line
    assert snapshot["calls"] == []
    with ctx.reading() as conn:
        back = ticket_store.by_id(conn, first.id)
    assert back.status is TicketStatus.WAITING and back.issued_at == first.issued_at
    assert back.called_at is None and back.started_at is None and back.target_desk is None
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == first.id
    [entry] = audit(ctx, "force_close")
    assert entry["desk"] == "alpha-1" and entry["ticket"] == first.id
    assert entry["details"] == {"reason": "оператор пішов", "status": "open", "operator": "olena", "requeued": [first.number]}


def test_force_close_a_paused_desk_releases_what_it_held(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    held = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.hold(ctx, "alpha-1", actor=operator)
    desk_state.pause_desk(ctx, "alpha-1", actor=operator, reason="lunch")
    result, sent = verify_action(ctx, "alpha", lambda: supervision.force_close_desk(ctx, "alpha-1", actor=supervisor, reason="r"))
    assert [m["type"] for m in sent] == ["ticket.requeued", "desk.closed"]
    assert result["requeued"][0]["held"] is False
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == held.id  # any desk may call it now


def test_force_close_of_a_closed_desk_is_refused(ctx, supervisor) -> None:
    with pytest.raises(InvalidTransition, match="closed"):
        supervision.force_close_desk(ctx, "alpha-1", actor=supervisor, reason="r")
    assert audit(ctx, "force_close") == []


def test_force_close_of_a_free_desk(ctx, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    result, sent = verify_action(ctx, "alpha", lambda: supervision.force_close_desk(ctx, "alpha-3", actor=supervisor, reason="r"))
    assert [m["type"] for m in sent] == ["desk.closed"] and result["requeued"] == []


# services of the day


def test_change_and_restore_a_desks_services(ctx, supervisor) -> None:
    view, sent = verify_action(
        ctx, "alpha", lambda: supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 2, "passport": 0.5})
    )
    assert [m["type"] for m in sent] == ["desk.services_changed"]
    assert view["services"] == ["passport", "social"] and view["weights"] == {"passport": 0.5, "social": 2.0}
    assert view["services_changed"] is True and view["status"] == "closed"
    assert sent[0]["data"] == view
    desk = desk_of(queries.office_snapshot(ctx, "alpha"), "alpha-2")
    assert desk["services"] == ["passport", "social"] and desk["services_changed"] is True
    # the same change again is no change
    _, sent = verify_action(
        ctx, "alpha", lambda: supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"passport": 0.5, "social": 2})
    )
    assert sent == []
    view, sent = verify_action(ctx, "alpha", lambda: supervision.restore_desk_services(ctx, "alpha-2", actor=supervisor))
    assert [m["type"] for m in sent] == ["desk.services_changed"]
    assert view["services"] == ["passport"] and view["services_changed"] is False
    _, sent = verify_action(ctx, "alpha", lambda: supervision.restore_desk_services(ctx, "alpha-2", actor=supervisor))
    assert sent == []
    [restored] = audit(ctx, "services_restored")
    [changed] = audit(ctx, "services_changed")
    assert changed["details"] == {"weights": {"passport": 0.5, "social": 2.0}, "before": {"passport": 1.0}}
    assert restored["details"] == {"before": {"passport": 0.5, "social": 2.0}, "weights": {"passport": 1.0}}


@pytest.mark.parametrize(
    ("weights", "error", "words"),
    [
        ({}, InvalidRequest, "at least one"),
        ({"nothing": 1}, NotFound, "nothing"),
        ({"passport": 0}, InvalidRequest, "above 0"),
        ({"passport": -1}, InvalidRequest, "above 0"),
        ({"passport": 10.5}, InvalidRequest, "at most 10"),
        ({"passport": True}, InvalidRequest, "number"),
        ({"passport": "2"}, InvalidRequest, "number"),
        ({"passport": float("nan")}, InvalidRequest, "number"),
    ],
)
def test_bad_services_change_nothing(ctx, supervisor, weights, error, words) -> None:
    with pytest.raises(error, match=words):
        supervision.change_desk_services(ctx, "alpha-1", actor=supervisor, weights=weights)
    with ctx.reading() as conn:
        assert services_store.for_office(conn, "alpha") == {}
    assert ctx.publisher.messages == [] and audit(ctx, "services_changed") == []


def test_a_desk_in_the_middle_of_a_visit_keeps_its_visitor(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    ticket = issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    view, _ = verify_action(ctx, "alpha", lambda: supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1}))
    assert view["ticket"] == ticket.number and view["status"] == "open"


def test_the_policy_chooses_by_the_services_of_the_day(ctx, kiosk, supervisor, clock) -> None:
    """What call_next gives the policy once it reads `effective_profile` (see the next test)."""
    issue(ctx, kiosk, "passport")
    clock.advance(1)
    social = issue(ctx, kiosk, "social")
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    desk = ctx.network.desk(DeskId("alpha-2"))
    with ctx.reading() as conn:
        profile = services_store.effective_profile(conn, desk)
        waiting = ticket_store.waiting(conn, "alpha")
    chosen = choose_next(profile, waiting, clock.now, desk=desk.id, services=ctx.network.services, rules=ctx.network.rules)
    assert chosen.id == social.id
    assert choose_next(desk.profile, waiting, clock.now, desk=desk.id, services=ctx.network.services, rules=ctx.network.rules).id != social.id


def test_call_next_uses_the_services_of_the_day(ctx, kiosk, operator, supervisor, clock) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    issue(ctx, kiosk, "passport")
    clock.advance(1)
    social = issue(ctx, kiosk, "social")
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == social.id
    desk_work.finish(ctx, "alpha-2", actor=operator)
    assert desk_work.call_next(ctx, "alpha-2", actor=operator) is None  # passport is not today's


def test_estimates_count_the_desks_by_their_services_of_the_day(ctx, kiosk, operator, supervisor) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    assert queries.service_wait(ctx, "alpha", "social")["open_desks"] == 0
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    assert queries.service_wait(ctx, "alpha", "social")["open_desks"] == 1
    assert queries.service_wait(ctx, "alpha", "passport")["open_desks"] == 0


def test_the_days_close_puts_the_configured_services_back(ctx, operator, supervisor, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)  # 17:00 in Kyiv
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"social": 1})
    assert close_past_days(ctx, "alpha") == 0  # the same day: it stays
    clock.now = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.timezone.utc)  # 00:30 in Kyiv, next day
    closed, sent = verify_action(ctx, "alpha", lambda: close_past_days(ctx, "alpha"))
    assert closed == 1 and [m["type"] for m in sent] == ["desk.services_changed"]
    assert sent[0]["data"]["services"] == ["passport"] and sent[0]["data"]["services_changed"] is False
    with ctx.reading() as conn:
        assert services_store.for_office(conn, "alpha") == {}
    assert close_past_days(ctx, "alpha") == 0
    # a change made this morning stays for the day
    supervision.change_desk_services(ctx, "alpha-2", actor=supervisor, weights={"residence": 1})
    assert close_past_days(ctx, "alpha") == 0


# what the console reads


def test_desks_state(ctx, kiosk, operator, supervisor, clock) -> None:
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    ticket = issue(ctx, kiosk)
    clock.advance(4)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    supervision.change_desk_services(ctx, "alpha-3", actor=supervisor, weights={"social": 3})
    desks = {desk["id"]: desk for desk in queries.desks_state(ctx, "alpha")}
    assert list(desks) == ["alpha-1", "alpha-2", "alpha-3"]
    one = desks["alpha-1"]
    assert one["status"] == "open" and one["operator"] == "olena" and one["since"] == "2026-11-24T08:00:00Z"
    assert one["ticket"] == ticket.number and one["ticket_id"] == ticket.id and one["reason"] is None
    assert one["services"] == ["passport", "residence"] and one["services_changed"] is False
    assert one["number"] == 1 and one["name"] == "Вікно 1" and one["name_en"] == "Window 1" and one["kind"] == "window"
    three = desks["alpha-3"]
    assert three["status"] == "closed" and three["since"] is None and three["ticket"] is None
    assert three["services"] == ["social"] and three["weights"] == {"social": 3.0} and three["services_changed"] is True
    assert three["services_changed_by"] == "user:iryna" and three["services_changed_at"] == "2026-11-24T08:04:00Z"


def test_desk_figures_of_the_day(ctx, kiosk, operator, supervisor, clock) -> None:
    """Hand-computed: desk 1 serves A (waited 2, served 6), misses B (waited 10), transfers C
    (waited 11) to desk 3, serves D out of turn (waited 16, served 4); E waits for desk 1."""
    clock.now = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.timezone.utc)  # 09:00 in Kyiv
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    desk_state.open_desk(ctx, "alpha-3", actor=operator)
    a = issue(ctx, kiosk)  # 09:00
    clock.advance(1)
    b = issue(ctx, kiosk)  # 09:01
    c = issue(ctx, kiosk, "residence")  # 09:01
    d = issue(ctx, kiosk, "social")  # 09:01
    clock.advance(1)  # 09:02
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == a.id  # wait 2
    desk_work.start(ctx, "alpha-1", actor=operator)
    clock.advance(6)  # 09:08
    desk_work.finish(ctx, "alpha-1", actor=operator)  # served 6
    clock.advance(3)  # 09:11
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == b.id  # wait 10
    desk_work.recall(ctx, "alpha-1", actor=operator)
    desk_work.mark_no_show(ctx, "alpha-1", actor=operator)
    clock.advance(1)  # 09:12
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == c.id  # wait 11
    desk_work.transfer(ctx, "alpha-1", actor=operator, to_service="social")
    clock.advance(5)  # 09:17: desk 3 calls C (the transfer waited 5) before D
    assert desk_work.call_next(ctx, "alpha-3", actor=operator).id == c.id
    desk_work.finish(ctx, "alpha-3", actor=operator)
    supervision.call_ticket(ctx, "alpha-1", actor=operator, ticket=d.id, reason="r")  # wait 16
    desk_work.start(ctx, "alpha-1", actor=operator)
    clock.advance(4)  # 09:21
    desk_work.finish(ctx, "alpha-1", actor=operator)  # served 4
    e = issue(ctx, kiosk, "residence")  # waits for desk 1 (and desk 3)
    issue(ctx, kiosk, "social")  # desk 1 does not serve it
    today = queries.desk_today(ctx, "alpha-1")
    assert today == {
        "desk": "alpha-1",
        "day": "2026-11-24",
        "called": 4,
        "served": 2,
        "no_shows": 1,
        "average_service_minutes": 5.0,  # (6 + 4) / 2
        "average_wait_minutes": 9.8,  # (2 + 10 + 11 + 16) / 4 = 9.75
        "longest_wait_minutes": 16.0,
        "waiting_for_desk": 1,
    }
    three = queries.desk_today(ctx, "alpha-3")
    assert three["called"] == 1 and three["served"] == 1 and three["average_wait_minutes"] == 5.0  # since the transfer
    assert three["waiting_for_desk"] == 2  # E (residence) and the social ticket
    assert e.id


def test_desk_figures_count_only_the_office_day(ctx, kiosk, operator, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 21, 50, tzinfo=dt.timezone.utc)  # 23:50 in Kyiv
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    issue(ctx, kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.finish(ctx, "alpha-1", actor=operator)
    assert queries.desk_today(ctx, "alpha-1")["served"] == 1
    clock.now = dt.datetime(2026, 11, 24, 22, 10, tzinfo=dt.timezone.utc)  # 00:10, the next day
    today = queries.desk_today(ctx, "alpha-1")
    assert today["day"] == "2026-11-25" and today["served"] == 0 and today["average_wait_minutes"] is None


def test_staff_of_the_office_and_their_desks(ctx, operator, clock) -> None:
    from queue_server.commands import accounts

    accounts.add_user(ctx, "olena", "password-1", "operator", ["alpha"])
    accounts.add_user(ctx, "iryna", "password-1", "supervisor", ["alpha", "beta"])
    accounts.add_user(ctx, "petro", "password-1", "operator", ["beta"])
    accounts.add_user(ctx, "head", "password-1", "manager", [])
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    staff = queries.office_staff_list(ctx, "alpha")
    assert staff == [
        {"username": "iryna", "role": "supervisor", "active": True, "desk": None, "desk_number": None, "desk_status": None, "since": None},
        {"username": "olena", "role": "operator", "active": True, "desk": "alpha-2", "desk_number": 2, "desk_status": "open", "since": "2026-11-24T08:00:00Z"},
    ]
