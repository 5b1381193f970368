"""The call-next policy once more through the shared test factories and the small network, the way a desk meets it.

The rules one by one, with their edges, are in test_policy.py.
"""

from __future__ import annotations

import datetime as dt

from factories import small_network
from factories import ticket as network_ticket
from policy_cases import DESK, MINUTE, NOW, OTHER, T0
from queue_server.domain.model import DeskProfile, QueueRules, ServiceCode
from queue_server.domain.policy import choose_next, eligible, priority_turn

NETWORK = small_network()
NETWORK_BOTH = DeskProfile("test", {ServiceCode("passport"): 1.0, ServiceCode("residence"): 1.0})
RULES = QueueRules(priority_share=0.5, escalation_factor=0)  # escalation off unless a test turns it on


def choose_in_network(waiting, profile=NETWORK_BOTH, rules=RULES, recent=(), now=NOW, desk=DESK):
    return choose_next(profile, waiting, now, desk=desk, services=NETWORK.services, rules=rules, recent_calls=recent)


def at(minutes: float) -> dt.datetime:
    return T0 + minutes * MINUTE


def test_nobody_waiting() -> None:
    assert choose_in_network([]) is None
    assert choose_in_network([network_ticket("social", issued_at=at(0))]) is None  # a service the desk does not serve


def test_the_longest_waiting_goes_first() -> None:
    newer, older = network_ticket(issued_at=at(10)), network_ticket("residence", issued_at=at(5))
    assert choose_in_network([newer, older]) == older


def test_ties_go_to_the_smaller_id() -> None:
    first, second = network_ticket(issued_at=at(5), ticket_id=1001), network_ticket(issued_at=at(5), ticket_id=1002)
    assert choose_in_network([second, first]) == first


def test_held_tickets_and_tickets_sent_elsewhere_are_passed_by() -> None:
    held = network_ticket(issued_at=at(0), held_by=DESK)
    elsewhere = network_ticket(issued_at=at(1), target_desk=OTHER)
    mine = network_ticket(issued_at=at(30))
    assert eligible(NETWORK_BOTH, [held, elsewhere, mine], desk=DESK) == [mine]
    assert choose_in_network([held, elsewhere, mine]) == mine


def test_a_ticket_sent_to_this_desk_goes_first_even_outside_its_profile() -> None:
    sent_here = network_ticket("social", issued_at=at(40), target_desk=DESK)
    older = network_ticket(issued_at=at(0))
    assert choose_in_network([older, sent_here]) == sent_here


def test_weights_make_a_desk_prefer_a_service_without_starving_the_other() -> None:
    profile = DeskProfile("test", {ServiceCode("passport"): 3.0, ServiceCode("residence"): 1.0})
    passport = network_ticket(issued_at=at(40))  # waited 20 minutes × 3 = 60
    residence = network_ticket("residence", issued_at=at(10))  # waited 50 minutes × 1 = 50
    assert choose_in_network([residence, passport], profile=profile) == passport
    much_older = network_ticket("residence", issued_at=at(-30))  # 90 × 1 beats 60
    assert choose_in_network([much_older, passport], profile=profile) == much_older


def test_an_appointment_due_goes_first_and_the_earliest_appointment_of_them() -> None:
    walk_in = network_ticket(issued_at=at(0))
    due_later = network_ticket(issued_at=at(50), appointment_at=NOW + 4 * MINUTE)
    due_sooner = network_ticket(issued_at=at(55), appointment_at=NOW - MINUTE)
    not_yet = network_ticket(issued_at=at(1), appointment_at=NOW + 30 * MINUTE)
    assert choose_in_network([walk_in, due_later, due_sooner, not_yet]) == due_sooner
    assert choose_in_network([walk_in, not_yet]) == walk_in  # an early appointment waits like everybody


def test_escalation_lifts_a_ticket_past_its_target() -> None:
    rules = QueueRules(priority_share=1.0, escalation_factor=1.0)  # target wait of the test services: 20 minutes
    veteran = network_ticket(issued_at=at(50), priority="veteran")
    overdue = network_ticket(issued_at=at(30))  # waited 30 > 20
    assert choose_in_network([veteran, overdue], rules=rules) == overdue
    fresh = network_ticket(issued_at=at(45))
    assert choose_in_network([veteran, fresh], rules=rules) == veteran


def test_priority_share() -> None:
    veteran = network_ticket(issued_at=at(50), priority="veteran")
    regular = network_ticket(issued_at=at(0))
    assert choose_in_network([regular, veteran], rules=QueueRules(priority_share=1.0, escalation_factor=0)) == veteran
    assert choose_in_network([regular, veteran], rules=QueueRules(priority_share=0.0, escalation_factor=0)) == regular
    assert choose_in_network([regular, veteran], recent=()) == veteran
    assert choose_in_network([regular, veteran], recent=(True,)) == regular
    assert choose_in_network([regular, veteran], recent=(True, False)) == regular  # (1+1)/(2+1) > 0.5
    assert choose_in_network([regular, veteran], recent=(True, False, False)) == veteran  # (1+1)/(3+1) = 0.5


def test_with_one_kind_only_the_desk_never_idles() -> None:
    veteran = network_ticket(issued_at=at(50), priority="veteran")
    assert choose_in_network([veteran], rules=QueueRules(priority_share=0.0, escalation_factor=0)) == veteran
    regular = network_ticket(issued_at=at(0))
    assert choose_in_network([regular], recent=(False,) * 10) == regular


def test_priority_turn_rule_at_a_glance() -> None:
    assert not priority_turn([], 0.0)
    assert priority_turn([True] * 10, 1.0)
    assert priority_turn([], 0.25)
    assert not priority_turn([True], 0.25)
    assert not priority_turn([True, False, False, False, False], 0.25)  # (1+1)/(5+1) > 0.25
    assert priority_turn([True] + [False] * 7, 0.25)  # (1+1)/(8+1) <= 0.25
