"""Properties of the call-next policy over queues built with the shared test factories and the small network.

As in test_policy_properties.py, desks call in turn from one shared waiting
list, and a called ticket leaves it before the next desk chooses.
"""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from hypothesis import given, settings

from factories import small_network
from factories import ticket as network_ticket
from queue_server.domain.model import DeskId, DeskProfile, QueueRules, ServiceCode
from queue_server.domain.policy import choose_next, eligible

T0 = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
DESKS = [DeskId("alpha-1"), DeskId("alpha-2"), DeskId("alpha-3")]
NETWORK = small_network()
SERVICE_NAMES = ["passport", "residence", "social"]

tickets_strategy = st.lists(
    st.tuples(
        st.sampled_from(SERVICE_NAMES),
        st.integers(0, 240),  # minutes after T0 when issued
        st.sampled_from([None, None, None, "veteran", "disability"]),
        st.sampled_from([None, None, None, None, DESKS[0], DESKS[1]]),  # target desk after a transfer
        st.booleans(),  # held by desk 3
        st.sampled_from([None, None, 30, 200, 400]),  # appointment, minutes after T0
    ),
    max_size=40,
)
profiles_strategy = st.lists(
    st.dictionaries(st.sampled_from(SERVICE_NAMES), st.floats(0.25, 4.0), min_size=1), min_size=3, max_size=3
)
network_rules_strategy = st.builds(
    QueueRules,
    priority_share=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    priority_window=st.integers(1, 12),
    escalation_factor=st.sampled_from([0.0, 1.0, 2.0]),
)


def build_in_network(specs):
    made = []
    for index, (service, minute, priority, target, held, appointment) in enumerate(specs, start=1):
        made.append(
            network_ticket(
                service,
                ticket_id=index,
                issued_at=T0 + minute * MINUTE,
                priority=priority,
                target_desk=target,
                held_by=DESKS[2] if held and target is None else None,
                appointment_at=T0 + appointment * MINUTE if appointment is not None else None,
            )
        )
    return made


@settings(max_examples=300, deadline=None)
@given(tickets_strategy, profiles_strategy, network_rules_strategy, st.integers(240, 600))
def test_desks_draining_one_queue_never_take_a_ticket_twice(specs, weights, rules, start_minute) -> None:
    waiting = build_in_network(specs)
    profiles = [DeskProfile("p", {ServiceCode(k): v for k, v in w.items()}) for w in weights]
    now = T0 + start_minute * MINUTE
    taken: list[int] = []
    recent: dict[DeskId, list[bool]] = {desk: [] for desk in DESKS}
    progress = True
    while progress:
        progress = False
        for desk, profile in zip(DESKS, profiles):
            chosen = choose_next(profile, waiting, now, desk=desk, services=NETWORK.services, rules=rules, recent_calls=recent[desk])
            if chosen is None:
                continue
            assert chosen in eligible(profile, waiting, desk=desk)
            assert chosen.id not in taken
            taken.append(chosen.id)
            recent[desk].append(chosen.priority is not None)
            waiting = [t for t in waiting if t.id != chosen.id]
            now += MINUTE
            progress = True
    # what is left is only what no desk may take: held tickets, or services nobody serves
    for left in waiting:
        assert all(left not in eligible(p, waiting, desk=d) for d, p in zip(DESKS, profiles))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["passport", "residence"]), st.integers(0, 240)), min_size=1, max_size=40))
def test_with_equal_weights_the_longest_waiting_goes_first_in_the_small_network(specs) -> None:
    waiting = [network_ticket(service, ticket_id=i, issued_at=T0 + minute * MINUTE) for i, (service, minute) in enumerate(specs, 1)]
    profile = DeskProfile("p", {ServiceCode("passport"): 1.0, ServiceCode("residence"): 1.0})
    rules = QueueRules(escalation_factor=0.0)
    now = T0 + 300 * MINUTE
    chosen = choose_next(profile, waiting, now, desk=DESKS[0], services=NETWORK.services, rules=rules)
    assert chosen == min(waiting, key=lambda t: (t.issued_at, t.id))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([0.0, 0.2, 0.25, 0.5, 0.75, 1.0]), st.integers(1, 20))
def test_the_configured_priority_share_holds_when_both_kinds_always_wait(share, window) -> None:
    rules = QueueRules(priority_share=share, priority_window=window, escalation_factor=0.0)
    profile = DeskProfile("p", {ServiceCode("passport"): 1.0})
    recent: list[bool] = []
    calls = 400
    for n in range(calls):
        now = T0 + (1000 + n) * MINUTE
        waiting = [network_ticket(ticket_id=1, issued_at=T0), network_ticket(ticket_id=2, issued_at=T0 + MINUTE, priority="veteran")]
        chosen = choose_next(profile, waiting, now, desk=DESKS[0], services=NETWORK.services, rules=rules, recent_calls=recent[-window:])
        recent.append(chosen.priority is not None)
    fraction = sum(recent) / calls
    assert abs(fraction - share) <= 1 / (window + 1) + 0.01, (fraction, share, window)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.sampled_from([1.0, 1.5, 2.0]))
def test_nothing_starves_a_low_weight_ticket_is_called_once_past_its_target(arrivals_per_call, factor) -> None:
    """A desk flooded with its favourite service still calls the lonely other one in bounded time."""
    rules = QueueRules(escalation_factor=factor)
    profile = DeskProfile("p", {ServiceCode("passport"): 4.0, ServiceCode("residence"): 0.25})
    lonely = network_ticket("residence", ticket_id=1, issued_at=T0)
    target = NETWORK.services[ServiceCode("residence")].target_wait
    waiting = [lonely]
    next_id = 2
    for call in range(1000):
        now = T0 + call * MINUTE
        for _ in range(arrivals_per_call):
            waiting.append(network_ticket(ticket_id=next_id, issued_at=now))
            next_id += 1
        chosen = choose_next(profile, waiting, now, desk=DESKS[0], services=NETWORK.services, rules=rules)
        if chosen.id == lonely.id:
            assert now - lonely.issued_at <= target * factor + dt.timedelta(minutes=1)
            return
        waiting.remove(chosen)
    raise AssertionError("the residence ticket starved")


@settings(max_examples=100, deadline=None)
@given(tickets_strategy)
def test_nobody_waits_while_a_free_desk_could_serve_them(specs) -> None:
    waiting = build_in_network(specs)
    universal = DeskProfile("u", {ServiceCode(s): 1.0 for s in SERVICE_NAMES})
    chosen = choose_next(universal, waiting, T0 + 600 * MINUTE, desk=DESKS[0], services=NETWORK.services, rules=QueueRules())
    assert (chosen is None) == (not eligible(universal, waiting, desk=DESKS[0]))
