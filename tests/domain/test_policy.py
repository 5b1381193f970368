"""The call-next policy, rule by rule and edge by edge: who may be called, and classes 1 to 3."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from policy_cases import (
    BOTH,
    DESK,
    MINUTE,
    NOW,
    OTHER,
    PASSPORT,
    RESIDENCE,
    SERVICES,
    SOCIAL,
    choose,
    ticket,
)
from queue_server.domain.model import DeskProfile, QueueRules, ServiceCode
from queue_server.domain.policy import eligible, is_due, is_escalated, weighted_wait
from queue_server.domain.tickets import TicketStatus


# eligibility


def test_nobody_waiting_gives_none() -> None:
    assert choose([]) is None
    assert eligible(BOTH, [], desk=DESK) == []


def test_nobody_this_desk_may_serve_gives_none() -> None:
    unserved = ticket(SOCIAL, 0)
    held = ticket(PASSPORT, 0, held_by=DESK)
    elsewhere = ticket(PASSPORT, 0, target_desk=OTHER)
    assert choose([unserved, held, elsewhere]) is None


def test_a_held_ticket_is_passed_by_even_by_the_desk_holding_it() -> None:
    held_here, held_there = ticket(issued=0, held_by=DESK), ticket(issued=1, held_by=OTHER)
    fresh = ticket(issued=50)
    assert eligible(BOTH, [held_here, held_there, fresh], desk=DESK) == [fresh]
    assert choose([held_here, held_there, fresh]) == fresh


@pytest.mark.parametrize("status", [s for s in TicketStatus if s is not TicketStatus.WAITING])
def test_a_ticket_not_waiting_is_passed_by(status: TicketStatus) -> None:
    gone, fresh = ticket(issued=0, status=status), ticket(issued=50)
    assert choose([gone, fresh]) == fresh


def test_a_ticket_sent_to_another_desk_is_never_eligible_even_for_a_served_service() -> None:
    elsewhere = ticket(PASSPORT, 0, target_desk=OTHER, appointment_at=NOW)
    assert eligible(BOTH, [elsewhere], desk=DESK) == []
    assert choose([elsewhere]) is None
    assert choose([elsewhere], desk=OTHER) == elsewhere


def test_a_ticket_sent_to_this_desk_is_served_though_the_profile_lacks_its_service() -> None:
    sent_here = ticket(SOCIAL, 55, target_desk=DESK)
    assert not BOTH.serves(SOCIAL)
    assert eligible(BOTH, [sent_here], desk=DESK) == [sent_here]
    assert choose([sent_here]) == sent_here


def test_eligible_keeps_the_given_order() -> None:
    first, second, third = ticket(issued=30), ticket(RESIDENCE, 10), ticket(issued=20)
    assert eligible(BOTH, [first, second, third], desk=DESK) == [first, second, third]


# class 1: appointments due


def test_an_appointment_due_goes_before_everyone() -> None:
    due = ticket(issued=59, appointment_at=NOW)
    sent_here = ticket(issued=0, target_desk=DESK)
    overdue = ticket(issued=-100)
    veteran = ticket(issued=-50, priority="veteran")
    rules = QueueRules(priority_share=1.0, escalation_factor=1.0)
    assert choose([sent_here, overdue, veteran, due], rules=rules) == due


def test_an_appointment_counts_as_due_from_the_window_before_its_time() -> None:
    rules = QueueRules(appointment_window=5 * MINUTE, escalation_factor=0.0)
    on_the_edge = ticket(issued=59, appointment_at=NOW + 5 * MINUTE)
    just_outside = ticket(issued=59, appointment_at=NOW + 5 * MINUTE + dt.timedelta(microseconds=1))
    assert is_due(on_the_edge, NOW, rules)
    assert not is_due(just_outside, NOW, rules)
    assert not is_due(ticket(issued=0), NOW, rules)
    walk_in = ticket(issued=0)
    assert choose([walk_in, on_the_edge], rules=rules) == on_the_edge
    assert choose([walk_in, just_outside], rules=rules) == walk_in


def test_an_appointment_not_yet_due_waits_like_a_walk_in() -> None:
    early = ticket(issued=10, appointment_at=NOW + 60 * MINUTE)
    newer_walk_in, older_walk_in = ticket(issued=20), ticket(issued=5)
    assert choose([newer_walk_in, early]) == early
    assert choose([older_walk_in, early]) == older_walk_in


def test_the_earliest_appointment_goes_first_then_the_earliest_issued() -> None:
    later = ticket(issued=0, appointment_at=NOW + 4 * MINUTE)
    sooner = ticket(issued=50, appointment_at=NOW - 10 * MINUTE)
    same_time_issued_later = ticket(issued=55, appointment_at=NOW - 10 * MINUTE)
    assert choose([later, same_time_issued_later, sooner]) == sooner


def test_an_appointment_sent_to_another_desk_stays_there() -> None:
    due_elsewhere = ticket(issued=50, appointment_at=NOW, target_desk=OTHER)
    walk_in = ticket(issued=30)
    assert choose([due_elsewhere, walk_in]) == walk_in


# class 2: transfers to this desk


def test_a_ticket_sent_here_goes_before_escalated_priority_and_older_tickets() -> None:
    rules = QueueRules(priority_share=1.0, escalation_factor=1.0)
    sent_here = ticket(issued=55, target_desk=DESK)
    overdue = ticket(issued=0)
    veteran = ticket(issued=10, priority="veteran")
    assert choose([overdue, veteran, sent_here], rules=rules) == sent_here


def test_among_tickets_sent_here_the_largest_weighted_wait_goes_first() -> None:
    profile = DeskProfile("p", {PASSPORT: 3.0})
    passport = ticket(PASSPORT, 40, target_desk=DESK)  # 20 minutes × 3 = 60
    social = ticket(SOCIAL, 0, target_desk=DESK)  # outside the profile: 60 minutes × 1.0 = 60, issued earlier
    assert weighted_wait(profile, social, NOW) == 3600.0
    assert choose([passport, social], profile=profile) == social
    newer_social = ticket(SOCIAL, 1, target_desk=DESK)  # 59 × 1 < 60
    assert choose([newer_social, passport], profile=profile) == passport


# class 3: escalation


def test_escalation_starts_strictly_past_factor_times_target() -> None:
    rules = QueueRules(escalation_factor=1.5)  # target 20 minutes: escalated past 30 minutes
    exactly = ticket(issued=30)
    past = replace(exactly, issued_at=exactly.issued_at - dt.timedelta(microseconds=1))
    assert not is_escalated(exactly, NOW, SERVICES, rules)
    assert is_escalated(past, NOW, SERVICES, rules)
    assert is_escalated(ticket(SOCIAL, -1), NOW, SERVICES, rules)  # 61 > 1.5 × 40
    assert not is_escalated(ticket(SOCIAL, 0), NOW, SERVICES, rules)  # 60 is not past 60


@pytest.mark.parametrize("factor", [0.0, -1.0])
def test_escalation_is_off_when_the_factor_is_not_positive(factor: float) -> None:
    rules = QueueRules(priority_share=1.0, escalation_factor=factor)
    ancient = ticket(issued=-1000)
    assert not is_escalated(ancient, NOW, SERVICES, rules)
    veteran = ticket(issued=59, priority="veteran")
    assert choose([ancient, veteran], rules=rules) == veteran


def test_a_service_without_a_known_target_never_escalates() -> None:
    unknown = ServiceCode("unknown")
    rules = QueueRules(escalation_factor=1.0)
    assert not is_escalated(ticket(unknown, -1000), NOW, SERVICES, rules)


def test_an_escalated_ticket_goes_before_priority_visitors_even_at_share_one() -> None:
    rules = QueueRules(priority_share=1.0, escalation_factor=1.0)
    veteran = ticket(issued=50, priority="veteran")
    overdue = ticket(issued=30)  # 30 > 20
    within_target = ticket(issued=45)
    assert choose([veteran, overdue], rules=rules) == overdue
    assert choose([veteran, within_target], rules=rules) == veteran


def test_escalated_tickets_go_by_waiting_time_not_by_weight() -> None:
    """Escalation exists to override weights: the favourite service cannot keep an overdue ticket back."""
    profile = DeskProfile("p", {PASSPORT: 4.0, RESIDENCE: 0.25})
    rules = QueueRules(escalation_factor=1.0)
    lonely = ticket(RESIDENCE, 0)  # 60 minutes × 0.25 = 15
    favourite = ticket(PASSPORT, 10)  # 50 minutes × 4 = 200, escalated too
    assert choose([favourite, lonely], profile=profile, rules=rules) == lonely
    fresh_favourite = ticket(PASSPORT, 50)  # not escalated: the escalated lonely one still goes first
    assert choose([fresh_favourite, lonely], profile=profile, rules=rules) == lonely


def test_an_escalated_ticket_sent_to_another_desk_stays_there() -> None:
    rules = QueueRules(escalation_factor=1.0)
    overdue_elsewhere = ticket(issued=-100, target_desk=OTHER)
    fresh = ticket(issued=59)
    assert choose([overdue_elsewhere, fresh], rules=rules) == fresh
