"""The wait estimate's replay of an office's desks (`domain/wait_replay.py`), by example and by property.

The examples are the cases the old rule (a service's own queue divided among
the desks serving it: `estimates.estimate_wait`) got wrong: desks shared by
several services, busy desks, preferences. The properties pin what the
replay promises: the group shortcut changes no answer, a probe is the wait
of a ticket taken now, probes change nothing of each other's figure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import hypothesis.strategies as st
from hypothesis import given, settings

from factories import small_network
from policy_cases import service
from queue_server.domain import estimates
from queue_server.domain.model import (
    Desk,
    DeskId,
    DeskProfile,
    LocalizedText,
    OfficeCode,
    QueueRules,
    ServiceCode,
    TicketId,
)
from queue_server.domain.tickets import Ticket, TicketStatus
from queue_server.domain.wait_replay import DeskAhead, Queue, call_times, desks_ahead, is_plain

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
A, B, C = ServiceCode("a"), ServiceCode("b"), ServiceCode("c")
SERVICES = {code: service(code, 10 if code == C else 60) for code in (A, B, C)}  # c escalates soon: the properties meet escalated tickets and probes
DURATIONS = {A: 10 * MINUTE, B: 6 * MINUTE, C: 15 * MINUTE}
NO_ESCALATION = QueueRules(escalation_factor=0.0)


def ticket(ticket_id: int, service: ServiceCode, minutes_ago: float, priority: str | None = None) -> Ticket:
    return Ticket(
        id=TicketId(ticket_id), office=OfficeCode("x"), token=f"t{ticket_id}", number=f"{service.upper()}{ticket_id}",
        service=service, status=TicketStatus.WAITING, issued_at=NOW - minutes_ago * MINUTE, priority=priority,
    )  # fmt: skip


def desk(name: str, weights: dict[ServiceCode, float], free_in: float = 0) -> DeskAhead:
    return DeskAhead(DeskId(name), DeskProfile(name, weights), NOW + free_in * MINUTE)


def whole(tickets: list[Ticket]) -> Queue:
    """Every ticket a candidate: the replay without its group shortcut."""
    return Queue(sorted(tickets, key=lambda found: (found.issued_at, found.id)))


def grouped(tickets: list[Ticket]) -> Queue:
    """The first of each plain group a candidate, the rest behind it: as the store reads the queue."""
    candidates: list[Ticket] = []
    behind: dict[tuple[ServiceCode, str | None], list[tuple[dt.datetime, TicketId]]] = {}
    firsts: set[tuple[ServiceCode, str | None]] = set()
    for found in sorted(tickets, key=lambda found: (found.issued_at, found.id)):
        key = (found.service, found.priority)
        if is_plain(found) and key in firsts:
            behind.setdefault(key, []).append((found.issued_at, found.id))
            continue
        if is_plain(found):
            firsts.add(key)
        candidates.append(found)
    return Queue(candidates, behind)


def wait_of(desks: list[DeskAhead], tickets: list[Ticket], wanted: Ticket, rules: QueueRules = NO_ESCALATION) -> dt.timedelta | None:
    called = call_times(desks, grouped(tickets), NOW, DURATIONS, services=SERVICES, rules=rules, wanted=[wanted]).tickets[wanted.id]
    return None if called is None else called - NOW


# ---- by example: what the old rule left out


def test_the_visitors_of_another_service_at_the_same_desk_are_ahead() -> None:
    """One desk serves a and b; two b visitors came first. The old rule saw nobody of a ahead: no wait."""
    shared = desk("x-1", {A: 1.0, B: 1.0})
    first_b, second_b, mine = ticket(1, B, 10), ticket(2, B, 8), ticket(3, A, 0)
    assert estimates.estimate_wait(0, 1, DURATIONS[A]) == dt.timedelta(0)  # the old rule
    assert wait_of([shared], [first_b, second_b, mine], mine) == 2 * DURATIONS[B]


def test_a_desk_of_its_own_is_not_slowed_by_another_service() -> None:
    own = desk("x-1", {A: 1.0})
    other = desk("x-2", {B: 1.0})
    queue = [ticket(1, B, 10), ticket(2, B, 8), ticket(3, A, 5), ticket(4, A, 0)]
    assert wait_of([own, other], queue, queue[3]) == DURATIONS[A]


def test_a_busy_desk_calls_when_its_visitor_is_done() -> None:
    busy = desk("x-1", {A: 1.0}, free_in=4)
    mine = ticket(1, A, 0)
    assert wait_of([busy], [mine], mine) == 4 * MINUTE
    assert wait_of([busy, desk("x-2", {A: 1.0})], [mine], mine) == dt.timedelta(0)


def test_a_desk_preferring_a_service_calls_its_later_visitor_first() -> None:
    """Weighted waits: the a visitor of 3 minutes (weight 4) outranks the b visitor of 10 (weight 1)."""
    prefers_a = desk("x-1", {A: 4.0, B: 1.0})
    early_b, late_a = ticket(1, B, 10), ticket(2, A, 3)
    assert wait_of([prefers_a], [early_b, late_a], late_a) == dt.timedelta(0)
    assert wait_of([prefers_a], [early_b, late_a], early_b) == DURATIONS[A]


def test_priority_visitors_go_first_by_the_share() -> None:
    one = desk("x-1", {A: 1.0})
    regular, veteran = ticket(1, A, 10), ticket(2, A, 1, priority="veteran")
    rules = QueueRules(priority_share=1.0, escalation_factor=0.0)
    assert wait_of([one], [regular, veteran], regular, rules) == DURATIONS[A]


def test_no_desk_that_may_call_it_is_no_figure() -> None:
    only_b = desk("x-1", {B: 1.0})
    mine = ticket(1, A, 0)
    assert wait_of([only_b], [mine], mine) is None
    assert wait_of([], [mine], mine) is None
    forecast = call_times([only_b], Queue([]), NOW, DURATIONS, services=SERVICES, rules=NO_ESCALATION, probes=[A, B])
    assert forecast.probes == {A: None, B: NOW}


def test_a_held_ticket_is_replayed_as_if_callable() -> None:
    one = desk("x-1", {A: 1.0})
    first = ticket(1, A, 10)
    held = Ticket(**{**ticket(2, A, 5).__dict__, "held_by": DeskId("x-1")})
    assert wait_of([one], [first], held) == DURATIONS[A]


def test_a_remote_ticket_not_yet_at_the_office_is_told_when_it_would_be_called() -> None:
    one = desk("x-1", {A: 1.0})
    first = ticket(1, A, 10)
    remote = Ticket(**{**ticket(2, A, 5).__dict__, "remote": True})
    assert remote.awaits_arrival
    assert wait_of([one], [first, remote], remote) == DURATIONS[A]


def test_past_the_limit_the_work_left_ahead_is_shared() -> None:
    one = desk("x-1", {A: 1.0, B: 1.0})
    queue = [ticket(index, A if index % 2 else B, 100 - index) for index in range(1, 21)]
    exact = wait_of([one], queue, queue[-1])
    cut = call_times([one], grouped(queue), NOW, DURATIONS, services=SERVICES, rules=NO_ESCALATION, wanted=[queue[-1]], limit=5)
    assert exact == sum((DURATIONS[found.service] for found in queue[:-1]), dt.timedelta(0))
    assert cut.tickets[queue[-1].id] == NOW + exact


def test_past_the_limit_a_visitor_ahead_counts_by_the_share_of_their_desks_among_the_tickets() -> None:
    """Two desks serve b, one of them a as well: each b visitor ahead counts half at the a desk."""
    shared, only_b = desk("x-1", {A: 1.0, B: 1.0}), desk("x-2", {B: 1.0})
    queue = [ticket(index, B, 100 - index) for index in range(1, 11)] + [ticket(11, A, 0)]
    cut = call_times([shared, only_b], grouped(queue), NOW, DURATIONS, services=SERVICES, rules=NO_ESCALATION, wanted=[queue[-1]], limit=2)
    # after two calls (one at each desk, both at NOW) the shared desk is free at 6 minutes; 8 b visitors left, each half
    assert cut.tickets[queue[-1].id] == NOW + DURATIONS[B] + 8 * DURATIONS[B] / 2
    exact = wait_of([shared, only_b], queue, queue[-1])
    assert exact == 5 * DURATIONS[B]  # the replay in full: the b visitors shared evenly


def test_desks_ahead_are_the_open_desks_free_when_their_visitor_is_done() -> None:
    office = dataclasses.replace(
        small_network().offices[OfficeCode("alpha")],
        desks=tuple(Desk(DeskId(f"x-{number}"), OfficeCode("x"), number, LocalizedText("", ""), DeskProfile("p", {A: 1.0})) for number in (1, 2, 3)),
    )
    at_desks = {DeskId("x-1"): (A, NOW - 4 * MINUTE), DeskId("x-2"): (A, NOW - 30 * MINUTE)}
    profiles = {found.id: found.profile for found in office.desks}
    desks = desks_ahead(office, profiles, {DeskId("x-1"), DeskId("x-2")}, at_desks, DURATIONS, NOW)
    assert [(found.id, found.free_at) for found in desks] == [("x-1", NOW + 6 * MINUTE), ("x-2", NOW)]


# ---- by property

queue_specs = st.lists(
    st.tuples(st.sampled_from([A, B, C]), st.integers(0, 90), st.sampled_from([None, None, None, "veteran"])),
    max_size=30,
)
weight = st.sampled_from([0.5, 1.0, 2.0])
desk_specs = st.lists(
    st.tuples(st.dictionaries(st.sampled_from([A, B, C]), weight, min_size=1), st.integers(0, 20)), min_size=1, max_size=4
)
rules_strategy = st.builds(
    QueueRules, priority_share=st.sampled_from([0.0, 0.5, 1.0]), escalation_factor=st.sampled_from([0.0, 1.0, 1.5])
)


def build(specs: list[tuple[ServiceCode, int, str | None]]) -> list[Ticket]:
    return [ticket(index, service, minutes, priority) for index, (service, minutes, priority) in enumerate(specs, start=1)]


def build_desks(specs: list[tuple[dict[ServiceCode, float], int]]) -> list[DeskAhead]:
    return [desk(f"x-{index}", weights, free_in) for index, (weights, free_in) in enumerate(specs, start=1)]


@settings(deadline=None, max_examples=150)
@given(queue_specs, desk_specs, rules_strategy)
def test_the_group_shortcut_changes_no_answer(specs: list[tuple[ServiceCode, int, str | None]], desk_spec: list[tuple[dict[ServiceCode, float], int]], rules: QueueRules) -> None:
    tickets, desks = build(specs), build_desks(desk_spec)
    short = call_times(desks, grouped(tickets), NOW, DURATIONS, services=SERVICES, rules=rules, wanted=tickets, probes=[A, B, C])
    long = call_times(desks, whole(tickets), NOW, DURATIONS, services=SERVICES, rules=rules, wanted=tickets, probes=[A, B, C])
    assert short == long


@settings(deadline=None, max_examples=150)
@given(queue_specs, desk_specs, rules_strategy, st.sampled_from([A, B, C]))
def test_a_probe_is_the_wait_of_a_ticket_taken_now_and_probes_change_nothing(
    specs: list[tuple[ServiceCode, int, str | None]], desk_spec: list[tuple[dict[ServiceCode, float], int]], rules: QueueRules, service: ServiceCode
) -> None:
    tickets, desks = build(specs), build_desks(desk_spec)
    new = ticket(1000, service, 0)
    taken = call_times(desks, grouped([*tickets, new]), NOW, DURATIONS, services=SERVICES, rules=rules, wanted=[new])
    alone = call_times(desks, grouped(tickets), NOW, DURATIONS, services=SERVICES, rules=rules, wanted=tickets, probes=[service])
    every = call_times(desks, grouped(tickets), NOW, DURATIONS, services=SERVICES, rules=rules, wanted=tickets, probes=[A, B, C])
    none = call_times(desks, grouped(tickets), NOW, DURATIONS, services=SERVICES, rules=rules, wanted=tickets)
    assert alone.probes[service] == every.probes[service] == taken.tickets[new.id]
    assert alone.tickets == every.tickets == none.tickets


@settings(deadline=None, max_examples=100)
@given(st.lists(st.tuples(st.sampled_from([A, B, C]), st.integers(0, 90)), min_size=1, max_size=25), st.integers(0, 20))
def test_one_desk_for_everything_serves_in_order_of_issue(specs: list[tuple[ServiceCode, int]], free_in: int) -> None:
    """Equal weights, no priority, no escalation: a ticket waits for the desk and every service issued before it."""
    tickets = build([(service, minutes, None) for service, minutes in specs])
    one = desk("x-1", {A: 1.0, B: 1.0, C: 1.0}, free_in)
    forecast = call_times([one], grouped(tickets), NOW, DURATIONS, services=SERVICES, rules=NO_ESCALATION, wanted=tickets)
    ordered = sorted(tickets, key=lambda found: (found.issued_at, found.id))
    moment = NOW + free_in * MINUTE
    for found in ordered:
        assert forecast.tickets[found.id] == moment
        moment += DURATIONS[found.service]
