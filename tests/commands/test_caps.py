"""Daily caps at issue: refused under the office lock, overridden by staff (audited), changed live, the turned away counted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from booking_cases import KEY, PHONE, TOMORROW_10
from factories import small_network, visit_network
from queue_server.commands import booking
from queue_server.commands import caps as cap_commands
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.opening_rules import WalkIn
from queue_server.domain.caps import SoldOut, StopIssuing
from queue_server.domain.errors import AccessDenied, InvalidRequest, NotFound
from queue_server.domain.model import CapRules, Network, OfficeCode, ServiceCaps, ServiceCode
from queue_server.reads.caps import caps_today
from queue_server.store import audit as audit_store
from queue_server.store.schema import tickets, turned_away

PASSPORT = ServiceCode("passport")


def with_caps(network: Network) -> Network:
    return dataclasses.replace(
        network,
        caps=CapRules(
            services={PASSPORT: ServiceCaps(daily=3, stop_issuing=dt.timedelta(minutes=30)), ServiceCode("social"): ServiceCaps(daily=1)},
            offices={OfficeCode("beta"): {PASSPORT: ServiceCaps(daily=1)}},
            exempt_priorities=frozenset({"veteran"}),
        ),
    )


@pytest.fixture
def network() -> Network:
    return with_caps(visit_network())


def turned_away_rows(ctx) -> list[tuple[str, str, str]]:
    with ctx.reading() as conn:
        return [(row.office, row.service, row.reason) for row in conn.execute(sa.select(turned_away))]


def actions(ctx, office: str = "alpha") -> list[dict]:
    with ctx.reading() as conn:
        return audit_store.entries(conn, office)


def test_the_ticket_past_the_daily_cap_is_refused_and_the_visitor_counted(ctx, kiosk, publisher) -> None:
    for _ in range(3):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    sent = len(publisher.messages)
    with pytest.raises(SoldOut, match="all given") as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert refused.value.details["service"] == "passport" and refused.value.details["office"] == "alpha"
    # what the visitor can do instead, as a refusal by the hours offers it (no other office has a desk open)
    assert refused.value.details["offers"] == {"booking_url": "/book?office=alpha&service=passport&lang=uk", "offices": []}
    assert len(publisher.messages) == sent  # nothing issued, nothing sent
    assert turned_away_rows(ctx) == [("alpha", "passport", "sold_out")]
    issue_ticket(ctx, "alpha", "residence", actor=kiosk)  # another service goes on
    issue_ticket(ctx, "alpha", "passport", actor=kiosk, priority="veteran")  # the law's exemption
    with pytest.raises(SoldOut):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk, priority="disability")  # a priority not exempt


def test_an_office_keeps_its_own_cap(ctx, kiosk) -> None:
    beta_kiosk = dataclasses.replace(kiosk, offices=("beta",))
    issue_ticket(ctx, "beta", "passport", actor=beta_kiosk)
    with pytest.raises(SoldOut):
        issue_ticket(ctx, "beta", "passport", actor=beta_kiosk)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)  # alpha's count is its own


def test_the_cut_off_refuses_before_closing(ctx, kiosk, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 17, 29, tzinfo=dt.timezone.utc)  # 19:29 Kyiv; closes 20:00
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    clock.advance(1)
    with pytest.raises(StopIssuing, match="after 19:30"):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    issue_ticket(ctx, "alpha", "residence", actor=kiosk)  # no cut-off for it
    assert turned_away_rows(ctx) == [("alpha", "passport", "stop_issuing")]


def test_a_package_counts_against_each_capped_step(ctx, kiosk) -> None:
    issue_ticket(ctx, "alpha", "package-move", actor=kiosk)  # residence, then social (capped at 1)
    with pytest.raises(SoldOut) as refused:
        issue_ticket(ctx, "alpha", "package-move", actor=kiosk)
    assert refused.value.details["service"] == "social"
    with pytest.raises(SoldOut):
        issue_ticket(ctx, "alpha", "social", actor=kiosk)
    issue_ticket(ctx, "alpha", "residence", actor=kiosk)


def test_staff_override_a_cap_and_the_audit_says_so_but_a_kiosk_may_not(ctx, kiosk, operator) -> None:
    for _ in range(3):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    with pytest.raises(AccessDenied):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk, walk_in=WalkIn(override=True))
    issued = issue_ticket(ctx, "alpha", "passport", actor=operator, walk_in=WalkIn(override=True))
    entry = next(e for e in actions(ctx) if e["action"] == "cap_override")
    assert entry["ticket_number"] == issued.ticket.number and entry["actor"] == "user:olena"
    assert entry["details"]["reason"] == "sold_out" and entry["details"]["service"] == "passport"
    issue_ticket(ctx, "alpha", "residence", actor=operator, walk_in=WalkIn(override=True))  # nothing to override: no entry
    assert [e["action"] for e in actions(ctx)].count("cap_override") == 1


def test_a_supervisor_changes_a_cap_for_today_audited_and_the_table_counts(ctx, kiosk, supervisor, clock) -> None:
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    cap_commands.change_cap(ctx, "alpha", "passport", daily=1, hourly=None, actor=supervisor)
    with pytest.raises(SoldOut):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    entry = next(e for e in actions(ctx) if e["action"] == "cap_change")
    assert entry["details"]["daily_cap"] == 1 and entry["details"]["before"]["daily_cap"] == 3
    cap_commands.change_cap(ctx, "alpha", "residence", daily=None, hourly=1, actor=supervisor)  # a cap where none was
    issue_ticket(ctx, "alpha", "residence", actor=kiosk)
    with pytest.raises(SoldOut, match="this hour"):
        issue_ticket(ctx, "alpha", "residence", actor=kiosk)
    clock.advance(60)
    issue_ticket(ctx, "alpha", "residence", actor=kiosk)  # a new hour
    table = {row.service: row for row in caps_today(ctx, "alpha").services}
    assert set(table) == {"passport", "residence", "social"}
    assert table["passport"].changed and table["passport"].issued.today == 1 and table["passport"].left == 0
    assert table["residence"].issued.this_hour == 1 and table["residence"].left == 0
    assert table["social"].left == 1 and not table["social"].changed
    assert table["passport"].stops_at == dt.datetime(2026, 11, 24, 17, 30, tzinfo=dt.timezone.utc)
    cap_commands.restore_cap(ctx, "alpha", "passport", actor=supervisor)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)  # the configured 3 again
    assert "cap_restore" in [e["action"] for e in actions(ctx)]
    with pytest.raises(NotFound):
        cap_commands.restore_cap(ctx, "alpha", "passport", actor=supervisor)


def test_a_supervisors_change_ends_with_the_day(ctx, kiosk, supervisor, clock) -> None:
    cap_commands.change_cap(ctx, "alpha", "passport", daily=0, hourly=None, actor=supervisor)
    with pytest.raises(SoldOut):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    clock.advance(24 * 60)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)


@pytest.mark.parametrize(
    ("service", "daily", "error"),
    [("passport", -1, InvalidRequest), ("passport", 10_001, InvalidRequest), ("nothing", 1, NotFound), ("package-move", 1, NotFound)],
)
def test_a_bad_change_is_refused_and_changes_nothing(ctx, supervisor, service, daily, error) -> None:
    with pytest.raises(error):
        cap_commands.change_cap(ctx, "alpha", service, daily=daily, hourly=None, actor=supervisor)
    assert not any(e["action"] == "cap_change" for e in actions(ctx))


def test_threads_tapping_at_once_never_overfill_a_cap(ctx, kiosk) -> None:
    visitors = 12
    start = threading.Barrier(visitors)
    outcomes: list[str] = []

    def visitor() -> None:
        start.wait()
        try:
            issue_ticket(ctx, "alpha", "passport", actor=kiosk)
            outcomes.append("issued")
        except SoldOut:
            outcomes.append("sold_out")

    threads = [threading.Thread(target=visitor) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with ctx.reading() as conn:
        issued = conn.execute(sa.select(sa.func.count()).select_from(tickets).where(tickets.c.service == "passport")).scalar()
    assert issued == 3 and outcomes.count("issued") == 3 and outcomes.count("sold_out") == visitors - 3
    assert len(turned_away_rows(ctx)) == visitors - 3


def test_without_caps_nothing_is_refused(ctx, kiosk) -> None:
    plain = small_network()
    assert plain.caps == CapRules()
    record = cap_commands.record_turned_away
    record(ctx, "alpha", "passport", "office_closed")  # any reason may be counted the same way
    assert turned_away_rows(ctx) == [("alpha", "passport", "office_closed")]


def test_a_booking_checked_in_in_time_is_never_refused_by_a_cap(ctx, clock, kiosk, supervisor) -> None:
    made = booking.book(ctx, "alpha", "passport", TOMORROW_10, name="Олена Коваль", phone=PHONE, key=KEY)
    clock.now = TOMORROW_10 - dt.timedelta(minutes=5)
    cap_commands.change_cap(ctx, "alpha", "passport", daily=0, hourly=None, actor=supervisor)
    with pytest.raises(SoldOut):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    checked = booking.check_in(ctx, "alpha", made.code, actor=kiosk)  # the slot was promised
    assert checked.as_appointment and checked.issued.ticket.service == "passport"
