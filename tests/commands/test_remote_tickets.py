"""Remote tickets for today: the refusals (nothing written), the place kept, the arrival, "come now" and its one message, the lapse."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import sqlalchemy as sa

from factories import small_network
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.context import Actor, ActorKind, VisitorRole
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.remote_tickets import (
    confirm_arrival_by_code,
    confirm_arrival_by_door,
    door_key,
    take_remote_ticket,
)
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.domain.model import Network, OfficeCode, RemoteTicketTerms
from queue_server.domain.tickets import TicketStatus
from queue_server.store import tickets as ticket_store
from queue_server.store.schema import audit_log, events, message_outbox, remote_tickets, tickets

TERMS = RemoteTicketTerms(enabled=True, daily_cap=3, cutoff=dt.timedelta(minutes=60), come_now_ahead=1, arrival_grace=dt.timedelta(minutes=30))
VISITOR = Actor(ActorKind.VISITOR, "phone", VisitorRole.VISITOR, offices=())
PHONE, OTHER_PHONE = "067 123 45 67", "+380501112233"


@pytest.fixture
def network() -> Network:
    """The small network with remote tickets on at `alpha` (open 08:00-20:00 Kyiv every day), off at `beta`."""
    base = small_network()
    alpha = replace(base.offices[OfficeCode("alpha")], remote=TERMS)
    return replace(base, offices={**base.offices, alpha.code: alpha})


def link(token: str) -> str:
    return f"https://cherga.example/t/{token}"


def take(ctx, phone: str = PHONE, service: str = "passport", office: str = "alpha"):
    return take_remote_ticket(ctx, office, service, phone=phone, lang="uk", actor=VISITOR, status_url=link)


def counts(ctx) -> tuple[int, ...]:
    with ctx.engine.connect() as conn:
        return tuple(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() for table in (tickets, remote_tickets, events, message_outbox, audit_log))


def refused(ctx, reason: str, **kwargs) -> None:
    before = counts(ctx)
    with pytest.raises(InvalidTransition) as caught:
        take(ctx, **kwargs)
    assert caught.value.details["reason"] == reason
    assert counts(ctx) == before  # nothing changed


def test_a_remote_ticket_takes_its_place_at_issue(ctx, kiosk) -> None:
    walk_in = issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    (taken, sent) = verify_action(ctx, "alpha", lambda: take(ctx))
    ticket = taken.issued.ticket
    assert ticket.remote and ticket.awaits_arrival and ticket.number == "П002"
    assert taken.issued.position == 2 and len(taken.code) == 5
    assert [m["type"] for m in sent] == ["ticket.issued"]
    assert sent[0]["data"]["remote"] is True and sent[0]["data"]["awaiting_arrival"] is True
    assert walk_in.ticket.remote is False


def test_the_phone_is_kept_only_as_a_keyed_hash_and_for_its_one_message(ctx, kiosk) -> None:
    for _ in range(2):  # more ahead than come_now_ahead: the message is still to come
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    take(ctx)
    with ctx.engine.connect() as conn:
        row = conn.execute(sa.select(remote_tickets)).one()
        audited = conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar()
    assert row.phone == "+380671234567"  # until "your turn is near" is queued
    assert "0671234567" not in row.phone_key and len(row.phone_key) == 64
    assert audited == 0  # a visitor's own ticket is not a staff action (a kiosk's neither)


def test_remote_tickets_off_is_refused(ctx) -> None:
    refused(ctx, "remote_tickets_off", office="beta")


def test_closed_now_by_the_offices_clock_is_refused(ctx, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 5, 30, tzinfo=dt.timezone.utc)  # 07:30 in Kyiv: opens at 08:00
    refused(ctx, "office_closed")


def test_past_the_cut_off_is_refused(ctx, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 17, 1, tzinfo=dt.timezone.utc)  # 19:01 in Kyiv: closes at 20:00
    refused(ctx, "past_cutoff")


def test_the_daily_cap_per_service(ctx) -> None:
    for number in range(3):
        take(ctx, phone=f"+38050000000{number}")
    refused(ctx, "daily_cap_reached", phone="+380509999999")
    assert take(ctx, phone="+380509999999", service="residence").issued.ticket.service == "residence"  # another service has its own cap


def test_the_cap_counts_the_office_day_and_starts_again_the_next(ctx, clock) -> None:
    for number in range(3):
        ticket = take(ctx, phone=f"+38050000000{number}").issued.ticket
        with ctx.transaction(office="alpha") as tx:  # the day went on: they were served
            ticket_store.save(tx.connection, replace(ticket, status=TicketStatus.DONE))
    refused(ctx, "daily_cap_reached", phone="+380509999999")
    clock.advance(24 * 60)
    assert take(ctx, phone="+380509999999").issued.ticket.number == "П001"


def test_one_live_ticket_per_phone_however_it_is_written(ctx) -> None:
    first = take(ctx, phone="0671234567").issued.ticket
    refused(ctx, "phone_has_live_ticket", phone="+38 (067) 123-45-67")
    with ctx.transaction(office="alpha") as tx:
        ticket_store.save(tx.connection, replace(first, status=TicketStatus.CANCELLED))
    assert take(ctx, phone="+380671234567").issued.ticket.remote  # no live ticket now


def test_a_phone_that_is_no_phone_is_bad_input_and_changes_nothing(ctx) -> None:
    before = counts(ctx)
    with pytest.raises(InvalidRequest):
        take(ctx, phone="12")
    assert counts(ctx) == before


def test_call_next_skips_an_unconfirmed_ticket_and_it_keeps_its_place(ctx, kiosk, operator) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    remote = take(ctx).issued.ticket
    walk_in = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    later = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == walk_in.id
    desk_work.finish(ctx, "alpha-2", actor=operator)
    (arrived, sent) = verify_action(ctx, "alpha", lambda: confirm_arrival_by_code(ctx, "alpha", remote_code(ctx, remote.id), actor=kiosk))
    assert [m["type"] for m in sent] == ["ticket.arrived"] and sent[0]["data"]["awaiting_arrival"] is False
    assert desk_work.call_next(ctx, "alpha-2", actor=operator).id == remote.id  # before `later`: issued earlier
    assert arrived.arrived_at is not None and later.id != remote.id


def remote_code(ctx, ticket_id: int) -> str:
    with ctx.engine.connect() as conn:
        return str(conn.execute(sa.select(remote_tickets.c.code).where(remote_tickets.c.ticket_id == ticket_id)).scalar())


def test_the_code_is_typed_as_people_type_it(ctx, kiosk) -> None:
    taken = take(ctx)
    typed = f" {taken.code[:2].lower()}-{taken.code[2:]} "
    assert confirm_arrival_by_code(ctx, "alpha", typed, actor=kiosk).id == taken.issued.ticket.id


def test_an_unknown_code_another_offices_code_or_a_second_arrival_is_refused(ctx, kiosk) -> None:
    taken = take(ctx)
    beta_kiosk = Actor(kind="device", name="k", role="kiosk", offices=("beta",), device_id=2)
    with pytest.raises(NotFound):
        confirm_arrival_by_code(ctx, "alpha", "XXXXX", actor=kiosk)
    with pytest.raises(NotFound):
        confirm_arrival_by_code(ctx, "beta", taken.code, actor=beta_kiosk)
    confirm_arrival_by_code(ctx, "alpha", taken.code, actor=kiosk)
    with pytest.raises(InvalidTransition, match="already confirmed"):
        confirm_arrival_by_code(ctx, "alpha", taken.code, actor=kiosk)


def test_the_door_key_of_the_tickets_own_office_confirms_arrival(ctx) -> None:
    ticket = take(ctx).issued.ticket
    alpha_key, beta_key = door_key(ctx, "alpha"), door_key(ctx, "beta")
    assert alpha_key != beta_key and len(alpha_key) >= 40 and door_key(ctx, "alpha") == alpha_key  # made once, kept
    with pytest.raises(InvalidTransition, match="not the door code"):
        confirm_arrival_by_door(ctx, ticket.token, beta_key)
    with pytest.raises(InvalidTransition, match="not the door code"):
        confirm_arrival_by_door(ctx, ticket.token, "made-up")
    with pytest.raises(NotFound):
        confirm_arrival_by_door(ctx, "no-such-token", alpha_key)
    (arrived, sent) = verify_action(ctx, "alpha", lambda: confirm_arrival_by_door(ctx, ticket.token, alpha_key))
    assert arrived.arrived_at is not None and [m["type"] for m in sent] == ["ticket.arrived"]


def test_a_renewed_door_key_retires_the_old_poster(ctx) -> None:
    ticket = take(ctx).issued.ticket
    old = door_key(ctx, "alpha")
    new = door_key(ctx, "alpha", renew=True)
    with pytest.raises(InvalidTransition):
        confirm_arrival_by_door(ctx, ticket.token, old)
    assert confirm_arrival_by_door(ctx, ticket.token, new).arrived_at is not None


def outbox_rows(ctx) -> list:
    with ctx.engine.connect() as conn:
        return conn.execute(sa.select(message_outbox)).all()


def test_come_now_is_told_once_when_the_threshold_is_crossed(ctx, kiosk, operator) -> None:
    """With come_now_ahead 1: two ahead, no message; one ahead, one message; none ahead, no second one."""
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    for _ in range(2):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    remote = take(ctx).issued.ticket
    assert outbox_rows(ctx) == []
    verify_action(ctx, "alpha", lambda: desk_work.call_next(ctx, "alpha-2", actor=operator))  # one ahead now
    [message] = outbox_rows(ctx)
    assert message.template == "turn_near" and message.phone == "+380671234567"
    assert "П003" in message.text and f"https://cherga.example/t/{remote.token}" in message.text
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(remote_tickets.c.phone)).scalar() is None  # the message holds it now
    desk_work.finish(ctx, "alpha-2", actor=operator)
    desk_work.call_next(ctx, "alpha-2", actor=operator)  # none ahead
    assert len(outbox_rows(ctx)) == 1


def test_a_ticket_taken_with_few_ahead_says_come_now_at_once_without_a_message(ctx, operator) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    take(ctx)
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    assert outbox_rows(ctx) == []


def test_a_ticket_never_confirmed_lapses_after_its_grace(ctx, kiosk, operator, clock) -> None:
    desk_state.open_desk(ctx, "alpha-2", actor=operator)
    remote = take(ctx).issued.ticket  # nobody ahead: "come now" from the start
    clock.advance(29)
    assert desk_work.call_next(ctx, "alpha-2", actor=operator) is None
    with ctx.engine.connect() as conn:
        assert ticket_store.by_id(conn, remote.id).status is TicketStatus.WAITING
    clock.advance(1)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    (called, sent) = verify_action(ctx, "alpha", lambda: desk_work.call_next(ctx, "alpha-2", actor=operator))
    assert [m["type"] for m in sent] == ["ticket.called", "ticket.no_show"]
    with ctx.engine.connect() as conn:
        assert ticket_store.by_id(conn, remote.id).status is TicketStatus.NO_SHOW
    assert take(ctx).issued.ticket.remote  # the phone holds no live ticket any more
