"""Properties of the call-next policy over generated offices and queues (hypothesis).

The simulations here stand in for the commands layer: desks call in turn from
one shared waiting list, and a called ticket leaves it before the next desk
chooses, as it does under the office lock. The same properties over queues
of the shared test factories and the small network are in
test_policy_properties_in_network.py; the rules one by one, by example, in
test_policy.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import hypothesis.strategies as st
from hypothesis import example, given, settings

from queue_server.domain.model import (
    CategoryCode,
    DeskId,
    DeskProfile,
    LocalizedText,
    OfficeCode,
    QueueRules,
    Service,
    ServiceCode,
    TicketId,
)
from queue_server.domain.policy import choose_next, eligible, is_due, is_escalated
from queue_server.domain.tickets import Ticket, TicketStatus

T0 = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
PASSPORT, RESIDENCE, SOCIAL = ServiceCode("passport"), ServiceCode("residence"), ServiceCode("social")
CODES = [PASSPORT, RESIDENCE, SOCIAL]
TARGETS = {PASSPORT: 20, RESIDENCE: 20, SOCIAL: 40}
SERVICES = {
    code: Service(
        code=code,
        name=LocalizedText(code, code),
        category=CategoryCode("docs"),
        prefix=code[0].upper(),
        target_wait=TARGETS[code] * MINUTE,
        typical_duration=10 * MINUTE,
    )
    for code in CODES
}
DESKS = [DeskId("alpha-1"), DeskId("alpha-2"), DeskId("alpha-3")]
ELSEWHERE = DeskId("alpha-9")  # a desk outside the simulation


def make_ticket(
    ticket_id: int,
    service: ServiceCode,
    issued_at: dt.datetime,
    *,
    status: TicketStatus = TicketStatus.WAITING,
    priority: str | None = None,
    target_desk: DeskId | None = None,
    held_by: DeskId | None = None,
    appointment_at: dt.datetime | None = None,
) -> Ticket:
    return Ticket(
        id=TicketId(ticket_id),
        office=OfficeCode("alpha"),
        token=f"token-{ticket_id}",
        number=f"{service[0].upper()}{ticket_id:03d}",
        service=service,
        status=status,
        issued_at=issued_at,
        priority=priority,
        target_desk=target_desk,
        held_by=held_by,
        appointment_at=appointment_at,
    )


def priority_calls(chosen: Sequence[Ticket]) -> list[bool]:
    return [ticket.priority is not None for ticket in chosen]


ticket_specs = st.lists(
    st.fixed_dictionaries(
        {
            "service": st.sampled_from([*CODES, ServiceCode("unknown")]),
            "minute": st.integers(0, 240),
            "status": st.sampled_from([TicketStatus.WAITING] * 6 + [TicketStatus.CALLED, TicketStatus.DONE]),
            "priority": st.sampled_from([None, None, "veteran", "disability"]),
            "target_desk": st.sampled_from([None, None, None, DESKS[0], DESKS[1], ELSEWHERE]),
            "held_by": st.sampled_from([None, None, None, None, DESKS[2]]),
            "appointment": st.sampled_from([None, None, None, 30, 250, 400]),
        }
    ),
    max_size=40,
)
weights = st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.5, 4.0])
profiles = st.lists(st.dictionaries(st.sampled_from(CODES), weights, min_size=1), min_size=3, max_size=3)
rules_strategy = st.builds(
    QueueRules,
    priority_share=st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0.0, 1.0),
    priority_window=st.integers(0, 12),
    escalation_factor=st.sampled_from([0.0, 0.5, 1.0, 2.0]),
    appointment_window=st.sampled_from([0, 5, 30]).map(lambda minutes: minutes * MINUTE),
)


def build(specs: list[dict[str, object]]) -> list[Ticket]:
    made = []
    for ticket_id, spec in enumerate(specs, start=1):
        appointment = spec["appointment"]
        made.append(
            make_ticket(
                ticket_id,
                ServiceCode(str(spec["service"])),
                T0 + int(str(spec["minute"])) * MINUTE,
                status=TicketStatus(str(spec["status"])),
                priority=spec["priority"] if isinstance(spec["priority"], str) else None,
                target_desk=DeskId(str(spec["target_desk"])) if spec["target_desk"] else None,
                held_by=DeskId(str(spec["held_by"])) if spec["held_by"] else None,
                appointment_at=T0 + int(str(appointment)) * MINUTE if appointment is not None else None,
            )
        )
    return made


def class_of(ticket: Ticket, now: dt.datetime, desk: DeskId, rules: QueueRules) -> int:
    """The class of the design, written out again independently of the policy's code."""
    if is_due(ticket, now, rules):
        return 1
    if ticket.target_desk == desk:
        return 2
    if is_escalated(ticket, now, SERVICES, rules):
        return 3
    return 4


@settings(deadline=None, max_examples=200)
@given(
    ticket_specs,
    profiles,
    rules_strategy,
    st.integers(240, 600),
    st.lists(st.permutations(DESKS), min_size=1, max_size=4),
    st.integers(0, 5),
)
def test_desks_draining_one_waiting_list_never_choose_a_ticket_twice(
    specs: list[dict[str, object]],
    weight_maps: list[dict[ServiceCode, float]],
    rules: QueueRules,
    start_minute: int,
    rounds: list[list[DeskId]],
    minutes_per_call: int,
) -> None:
    """(a) Every choice is a waiting, eligible ticket of the highest class present; none twice."""
    waiting = build(specs)
    desk_profiles = {desk: DeskProfile(desk, dict(weight_maps[n])) for n, desk in enumerate(DESKS)}
    recent: dict[DeskId, list[bool]] = {desk: [] for desk in DESKS}
    called: set[int] = set()
    now = T0 + start_minute * MINUTE
    idle: set[DeskId] = set()  # desks that found nobody since the last call
    turns = [desk for order in rounds for desk in order]  # every desk comes round, in varied orders
    step = 0
    while idle != set(DESKS):
        desk = turns[step % len(turns)]
        step += 1
        profile = desk_profiles[desk]
        may_call = eligible(profile, waiting, desk=desk)
        chosen = choose_next(
            profile,
            waiting,
            now,
            desk=desk,
            services=SERVICES,
            rules=rules,
            recent_calls=recent[desk][-rules.priority_window :] if rules.priority_window else (),
        )
        same_in_any_order = choose_next(
            profile,
            list(reversed(waiting)),
            now,
            desk=desk,
            services=SERVICES,
            rules=rules,
            recent_calls=recent[desk][-rules.priority_window :] if rules.priority_window else (),
        )
        assert same_in_any_order is chosen
        if chosen is None:
            assert may_call == []
            idle.add(desk)
            continue
        idle.clear()
        assert any(chosen is ticket for ticket in waiting)
        assert chosen in may_call and chosen.is_callable
        assert chosen.id not in called
        assert class_of(chosen, now, desk, rules) == min(class_of(t, now, desk, rules) for t in may_call)
        called.add(chosen.id)
        recent[desk].append(chosen.priority is not None)
        waiting = [ticket for ticket in waiting if ticket.id != chosen.id]
        now += minutes_per_call * MINUTE
    for left in waiting:
        assert all(left not in eligible(desk_profiles[desk], waiting, desk=desk) for desk in DESKS)


@settings(deadline=None, max_examples=300)
@given(
    st.lists(
        st.tuples(st.sampled_from(CODES), st.integers(0, 240), st.booleans()),  # service, minute, held
        max_size=40,
    ),
    st.sets(st.sampled_from(CODES), min_size=1),
    st.sampled_from([0.25, 1.0, 3.0]),
    st.integers(240, 2000),
)
def test_with_equal_weights_and_one_class_the_longest_waiting_goes_first(
    specs: list[tuple[ServiceCode, int, bool]], served: set[ServiceCode], weight: float, now_minute: int
) -> None:
    """(b) No priority, appointments, escalation or transfers: the queue is first come, first served."""
    waiting = [
        make_ticket(ticket_id, service, T0 + minute * MINUTE, held_by=DESKS[1] if held else None)
        for ticket_id, (service, minute, held) in enumerate(specs, start=1)
    ]
    profile = DeskProfile("equal", {service: weight for service in served})
    rules = QueueRules(escalation_factor=0.0)
    chosen = choose_next(profile, waiting, T0 + now_minute * MINUTE, desk=DESKS[0], services=SERVICES, rules=rules)
    may_call = [t for t in waiting if t.held_by is None and t.service in served]
    if not may_call:
        assert chosen is None
    else:
        assert chosen == min(may_call, key=lambda ticket: (ticket.issued_at, ticket.id))


@settings(deadline=None, max_examples=80)
@given(
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
    st.integers(1, 12),
    st.lists(st.tuples(st.sampled_from(CODES), st.integers(0, 30), st.booleans()), min_size=2, max_size=8),
    st.dictionaries(st.sampled_from(CODES), st.sampled_from([0.5, 1.0, 2.0]), min_size=3),
)
def test_with_both_kinds_always_waiting_the_priority_fraction_keeps_the_share(
    share: float, window: int, initial: list[tuple[ServiceCode, int, bool]], weight_map: dict[ServiceCode, float]
) -> None:
    """(c) Over 400 calls the fraction is within 1/window of the share; every window+1 calls hold the same count."""
    rules = QueueRules(priority_share=share, priority_window=window, escalation_factor=0.0)
    profile = DeskProfile("p", dict(weight_map))
    waiting = [
        make_ticket(n, service, T0 + minute * MINUTE, priority="veteran" if is_priority else None)
        for n, (service, minute, is_priority) in enumerate(initial, start=1)
    ]
    # infinite supply: both kinds always wait
    waiting += [make_ticket(901, PASSPORT, T0, priority="veteran"), make_ticket(902, RESIDENCE, T0)]
    next_id = 1000
    chosen: list[Ticket] = []
    calls = 400
    for call in range(calls):
        now = T0 + (60 + call) * MINUTE
        ticket = choose_next(
            profile,
            waiting,
            now,
            desk=DESKS[0],
            services=SERVICES,
            rules=rules,
            recent_calls=priority_calls(chosen[-window:]),
        )
        assert ticket is not None
        chosen.append(ticket)
        waiting.remove(ticket)
        next_id += 1
        waiting.append(make_ticket(next_id, ticket.service, now, priority=ticket.priority))
    was_priority = priority_calls(chosen)
    assert abs(sum(was_priority) / calls - share) <= 1 / window
    per_run = {sum(was_priority[start : start + window + 1]) for start in range(1, calls - window)}
    assert per_run == {int(share * (window + 1))}


@settings(deadline=None, max_examples=100)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(CODES),
            st.integers(0, 120),  # minute of arrival
            st.sampled_from([None, None, "veteran"]),
            st.sampled_from([None, None, None, DESKS[0], DESKS[1]]),
            st.sampled_from([None, None, None, 0, 60, 180]),  # appointment minute
        ),
        max_size=40,
    ),
    st.lists(st.dictionaries(st.sampled_from(CODES), st.sampled_from([0.25, 1.0, 4.0]), max_size=3), min_size=2, max_size=3),
    st.lists(st.integers(0, 2), min_size=len(CODES), max_size=len(CODES)),
    rules_strategy,
    st.lists(st.integers(1, 15), min_size=1, max_size=5),
)
def test_once_arrivals_stop_every_ticket_is_called(
    specs: list[tuple[ServiceCode, int, str | None, DeskId | None, int | None]],
    weight_maps: list[dict[ServiceCode, float]],
    keepers: list[int],
    rules: QueueRules,
    durations: list[int],
) -> None:
    """(d) Desks that together serve every service leave nobody behind, whatever the rules."""
    desks = DESKS[: len(weight_maps)]
    for service, keeper in zip(CODES, keepers):  # make sure someone serves each service
        weight_maps[keeper % len(desks)].setdefault(service, 1.0)
    desk_profiles = {desk: DeskProfile(desk, weight_maps[n]) for n, desk in enumerate(desks)}
    arriving = [
        make_ticket(
            ticket_id,
            service,
            T0 + minute * MINUTE,
            priority=priority,
            target_desk=target if target in desks else None,
            appointment_at=T0 + appointment * MINUTE if appointment is not None else None,
        )
        for ticket_id, (service, minute, priority, target, appointment) in enumerate(specs, start=1)
    ]
    called: list[Ticket] = []
    recent: dict[DeskId, list[bool]] = {desk: [] for desk in desks}
    busy_until = {desk: T0 for desk in desks}
    waiting: list[Ticket] = []
    last_minute = 120 + 15 * (len(arriving) + 1)
    for minute in range(last_minute):
        now = T0 + minute * MINUTE
        waiting += [ticket for ticket in arriving if ticket.issued_at == now]
        for desk in desks:
            if busy_until[desk] > now:
                continue
            window = rules.priority_window
            ticket = choose_next(
                desk_profiles[desk],
                waiting,
                now,
                desk=desk,
                services=SERVICES,
                rules=rules,
                recent_calls=recent[desk][-window:] if window > 0 else (),
            )
            if ticket is None:
                continue
            called.append(ticket)
            recent[desk].append(ticket.priority is not None)
            waiting.remove(ticket)
            busy_until[desk] = now + durations[len(called) % len(durations)] * MINUTE
    assert sorted(ticket.id for ticket in called) == [ticket.id for ticket in arriving]


@settings(deadline=None, max_examples=60)
@given(
    st.integers(1, 3),  # favourite-service arrivals per call: 1 keeps up, more floods the desk
    st.sampled_from([2.0, 4.0, 8.0]),
    st.sampled_from([0.1, 0.25, 0.5]),
    st.sampled_from([RESIDENCE, SOCIAL]),
    st.sampled_from([0.5, 1.0, 1.5]),
    st.integers(0, 30),
)
@example(3, 8.0, 0.1, SOCIAL, 1.5, 30)  # a deep backlog of escalated favourites is ahead of it
def test_an_escalated_low_weight_ticket_is_called_despite_a_flood_of_the_favourite_service(
    arrivals_per_call: int, favourite: float, lonely_weight: float, lonely_service: ServiceCode, factor: float, arrives: int
) -> None:
    """(d) Once past its escalation threshold, a ticket waits only for escalated tickets issued before it."""
    rules = QueueRules(escalation_factor=factor, priority_share=0.5)
    profile = DeskProfile("p", {PASSPORT: favourite, lonely_service: lonely_weight})
    threshold = SERVICES[lonely_service].target_wait * factor
    lonely: Ticket | None = None
    waiting: list[Ticket] = []
    next_id = 1
    ahead: int | None = None  # tickets the lonely one must still let go first, once escalated
    calls_since_escalated = 0
    for minute in range(2000):
        now = T0 + minute * MINUTE
        if minute == arrives:
            lonely = make_ticket(next_id, lonely_service, now)
            waiting.append(lonely)
            next_id += 1
        for _ in range(arrivals_per_call):
            waiting.append(make_ticket(next_id, PASSPORT, now))
            next_id += 1
        call_at = now + MINUTE / 2
        if lonely is not None and ahead is None and call_at - lonely.issued_at > threshold:
            key = (lonely.issued_at, lonely.id)
            ahead = sum(
                1 for t in waiting if is_escalated(t, call_at, SERVICES, rules) and (t.issued_at, t.id) < key
            )
            assert ahead <= arrivals_per_call * (arrives + 1)  # bounded by who came before it
        chosen = choose_next(profile, waiting, call_at, desk=DESKS[0], services=SERVICES, rules=rules)
        assert chosen is not None
        if ahead is not None:
            calls_since_escalated += 1
        if chosen is lonely:
            assert ahead is None or calls_since_escalated <= ahead + 1
            return
        waiting.remove(chosen)
    raise AssertionError("the low-weight ticket starved")
