"""The register of complaints: filing, assigning, answering, withdrawing, the lists and the overdue rule."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.commands import complaints as commands
from queue_server.commands.accounts import staff_actor
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.complaints import Channel, Status
from queue_server.domain.errors import AccessDenied, InvalidRequest, InvalidTransition, NotFound
from queue_server.store import accounts
from queue_server.store import audit as audit_store
from queue_server.store import complaints as store
from queue_server.store.accounts import UserRecord


@pytest.fixture
def manager():
    return staff_actor(UserRecord(3, "maria", "x", "manager", True, ()))


@pytest.fixture
def answerer(ctx) -> str:
    with ctx.transaction() as tx:
        accounts.add_user(tx.connection, "oksana", "x", "operator", ["alpha"], tx.now)
        accounts.add_user(tx.connection, "bohdan", "x", "operator", ["beta"], tx.now)
    return "oksana"


def _count(ctx) -> int:
    with ctx.reading() as conn:
        return len(store.listed(conn, offices=None))


def test_a_visitor_files_one_from_the_ticket_page_and_one_open_at_a_time(ctx, kiosk) -> None:
    ticket = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    filed = commands.file_from_ticket_page(ctx, ticket.token, text="  Довго чекала  ")
    assert (filed.office, filed.channel, filed.ticket_id, filed.text, filed.status) == (
        "alpha", Channel.TICKET_PAGE, ticket.id, "Довго чекала", Status.RECEIVED
    )
    assert filed.received_at == ctx.clock() and filed.entered_by is None
    with pytest.raises(InvalidTransition, match="already has an open complaint"):
        commands.file_from_ticket_page(ctx, ticket.token, text="Ще одна")
    with pytest.raises(InvalidTransition):
        commands.file_from_survey(ctx, ticket.token, text="Ще одна")
    assert _count(ctx) == 1


def test_after_the_answer_the_ticket_may_bring_another(ctx, kiosk, supervisor) -> None:
    ticket = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    first = commands.file_from_ticket_page(ctx, ticket.token, text="Перша")
    commands.answer(ctx, "alpha", first.id, actor=supervisor, text="Відповідь")
    second = commands.file_from_survey(ctx, ticket.token, text="Друга")
    assert second.channel is Channel.SURVEY and second.id != first.id


@pytest.mark.parametrize("text", ["", "   ", "я" * 2001])
def test_bad_text_and_unknown_ticket_change_nothing(ctx, kiosk, text) -> None:
    ticket = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    with pytest.raises(InvalidRequest):
        commands.file_from_ticket_page(ctx, ticket.token, text=text)
    with pytest.raises(NotFound):
        commands.file_from_ticket_page(ctx, "no-such-token", text="Скарга")
    assert _count(ctx) == 0


def test_the_due_date_is_the_configured_term_on_the_offices_clock(ctx, supervisor) -> None:
    filed = commands.enter_complaint(ctx, "alpha", actor=supervisor, channel=Channel.HOTLINE, text="Дзвінок")
    office = ctx.office("alpha")
    from zoneinfo import ZoneInfo

    received_day = filed.received_at.astimezone(ZoneInfo(office.timezone)).date()
    assert filed.due == received_day + dt.timedelta(days=ctx.network.rules.complaint_days)
    assert ctx.network.rules.complaint_days == 30


def test_staff_enter_hotline_and_written_ones_for_their_office_audited(ctx, supervisor, operator, manager) -> None:
    filed = commands.enter_complaint(ctx, "alpha", actor=supervisor, channel=Channel.WRITTEN, text="Лист", desk="alpha-1")
    assert (filed.channel, filed.desk, filed.entered_by) == (Channel.WRITTEN, "alpha-1", "user:iryna")
    commands.enter_complaint(ctx, "beta", actor=manager, channel=Channel.HOTLINE, text="Дзвінок")
    with pytest.raises(AccessDenied):
        commands.enter_complaint(ctx, "beta", actor=supervisor, channel=Channel.HOTLINE, text="Чужий офіс")
    with pytest.raises(AccessDenied):
        commands.enter_complaint(ctx, "alpha", actor=operator, channel=Channel.HOTLINE, text="Оператор")
    with pytest.raises(InvalidRequest):
        commands.enter_complaint(ctx, "alpha", actor=supervisor, channel=Channel.TICKET_PAGE, text="Не той канал")
    with pytest.raises(InvalidRequest):
        commands.enter_complaint(ctx, "alpha", actor=supervisor, channel=Channel.HOTLINE, text="Стіл", desk="beta-1")
    with pytest.raises(NotFound):
        commands.enter_complaint(ctx, "gamma", actor=manager, channel=Channel.HOTLINE, text="Немає офісу")
    assert _count(ctx) == 2
    with ctx.reading() as conn:
        entered = audit_store.entries(conn, "alpha", action="enter_complaint")
    assert [entry["details"]["complaint"] for entry in entered] == [filed.id]


def test_the_life_cycle_assign_answer_and_refusals(ctx, supervisor, answerer) -> None:
    filed = commands.enter_complaint(ctx, "alpha", actor=supervisor, channel=Channel.HOTLINE, text="Дзвінок")
    with pytest.raises(InvalidRequest, match="not an active staff member"):
        commands.assign(ctx, "alpha", filed.id, actor=supervisor, assignee="bohdan")  # staff of another office
    assigned = commands.assign(ctx, "alpha", filed.id, actor=supervisor, assignee=answerer)
    assert (assigned.status, assigned.assignee) == (Status.IN_PROGRESS, "oksana")
    with pytest.raises(InvalidRequest):
        commands.answer(ctx, "alpha", filed.id, actor=supervisor, text="  ")
    answered = commands.answer(ctx, "alpha", filed.id, actor=supervisor, text="Перевірили, вибачаємось")
    assert (answered.status, answered.answer, answered.answered_at) == (Status.ANSWERED, "Перевірили, вибачаємось", ctx.clock())
    for act in (
        lambda: commands.assign(ctx, "alpha", filed.id, actor=supervisor, assignee=answerer),
        lambda: commands.answer(ctx, "alpha", filed.id, actor=supervisor, text="Ще раз"),
        lambda: commands.withdraw(ctx, "alpha", filed.id, actor=supervisor),
    ):
        with pytest.raises(InvalidTransition, match="answered"):
            act()
    with ctx.reading() as conn:
        assert store.by_id(conn, filed.id) == answered  # the refusals changed nothing
        actions = [entry["action"] for entry in audit_store.entries(conn, "alpha")]
    assert actions[:3] == ["answer_complaint", "assign_complaint", "enter_complaint"]


def test_withdrawn_and_unknown_and_other_offices(ctx, supervisor, manager) -> None:
    filed = commands.enter_complaint(ctx, "beta", actor=manager, channel=Channel.HOTLINE, text="Дзвінок")
    with pytest.raises(AccessDenied):
        commands.withdraw(ctx, "beta", filed.id, actor=supervisor)  # beta is not hers
    with pytest.raises(NotFound):
        commands.withdraw(ctx, "alpha", filed.id, actor=manager)  # not a complaint of alpha
    withdrawn = commands.withdraw(ctx, "beta", filed.id, actor=manager)
    assert withdrawn.status is Status.WITHDRAWN and withdrawn.closed_by == "user:maria"
    with pytest.raises(NotFound):
        commands.withdraw(ctx, "beta", 9999, actor=manager)


def test_overdue_in_the_lists_after_the_end_of_the_due_date(ctx, clock, supervisor, manager) -> None:
    late = commands.enter_complaint(ctx, "alpha", actor=supervisor, channel=Channel.HOTLINE, text="Перша")
    answered = commands.enter_complaint(ctx, "alpha", actor=supervisor, channel=Channel.HOTLINE, text="Друга")
    commands.answer(ctx, "alpha", answered.id, actor=supervisor, text="Відповідь")
    assert commands.network_overdue(ctx, actor=manager) == []
    clock.now = dt.datetime.combine(late.due, dt.time(12), tzinfo=dt.timezone.utc)  # the due day itself: not yet
    assert commands.office_complaints(ctx, "alpha", actor=supervisor, overdue=True) == []
    clock.now += dt.timedelta(days=1)
    overdue = commands.office_complaints(ctx, "alpha", actor=supervisor, overdue=True)
    assert [item.complaint.id for item in overdue] == [late.id]
    assert [item.complaint.id for item in commands.network_overdue(ctx, actor=manager)] == [late.id]
    everything = commands.office_complaints(ctx, "alpha", actor=supervisor)
    assert {(item.complaint.id, item.overdue) for item in everything} == {(late.id, True), (answered.id, False)}
    answered_only = commands.office_complaints(ctx, "alpha", actor=supervisor, status=Status.ANSWERED)
    assert [item.complaint.id for item in answered_only] == [answered.id]
    with pytest.raises(AccessDenied):
        commands.network_overdue(ctx, actor=supervisor)
