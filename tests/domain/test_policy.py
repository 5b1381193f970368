"""The call-next policy by example, rule by rule and edge by edge.

Who may be called, then the four classes: appointments due, tickets sent to
this desk, escalation, and weights, ties and the priority share, and remote
tickets. The same rules through the shared test factories and the small
network are in test_policy_in_network.py, the properties over generated
queues in test_policy_properties.py.
"""

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
from queue_server.domain.policy import eligible, is_due, is_escalated, priority_turn, weighted_wait
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


# class 4: weights, ties, priority share


def test_with_equal_weights_the_longest_waiting_goes_first() -> None:
    newer, older = ticket(PASSPORT, 10), ticket(RESIDENCE, 5)
    assert choose([newer, older]) == older


def test_equal_weights_other_than_one_change_nothing() -> None:
    profile = DeskProfile("p", {PASSPORT: 2.5, RESIDENCE: 2.5})
    newer, older = ticket(PASSPORT, 10), ticket(RESIDENCE, 5)
    assert choose([newer, older], profile=profile) == older


def test_a_heavier_service_goes_first_until_a_lighter_one_has_waited_long_enough() -> None:
    profile = DeskProfile("p", {PASSPORT: 3.0, RESIDENCE: 1.0})
    passport = ticket(PASSPORT, 40)  # 20 × 3 = 60
    residence = ticket(RESIDENCE, 10)  # 50 × 1 = 50
    assert choose([residence, passport], profile=profile) == passport
    much_older = ticket(RESIDENCE, -30)  # 90 × 1 beats 60
    assert choose([much_older, passport], profile=profile) == much_older


def test_a_weighted_tie_goes_to_the_earliest_issued() -> None:
    profile = DeskProfile("p", {PASSPORT: 2.0, RESIDENCE: 1.0})
    passport = ticket(PASSPORT, 30)  # 30 × 2 = 60
    residence = ticket(RESIDENCE, 0)  # 60 × 1 = 60, issued earlier
    assert choose([passport, residence], profile=profile) == residence


def test_a_full_tie_goes_to_the_smallest_id() -> None:
    first, second = ticket(issued=5, ticket_id=7), ticket(RESIDENCE, 5, ticket_id=8)
    assert choose([second, first]) == first
    assert choose([first, second]) == first


def test_the_result_does_not_depend_on_the_order_of_waiting() -> None:
    tickets = [ticket(issued=m, ticket_id=100 + m) for m in (5, 3, 9, 3, 1)]
    assert choose(tickets) == choose(list(reversed(tickets))) == tickets[-1]


@pytest.mark.parametrize(
    ("recent", "share", "expected"),
    [
        ((), 0.0, False),
        ((False,) * 10, 0.0, False),
        ((), 0.25, True),  # the desk's first call
        ((), 1.0, True),
        ((True,) * 10, 1.0, True),
        ((True,), 0.5, False),  # 2/2 > 0.5
        ((False,), 0.5, True),  # 1/2 ≤ 0.5
        ((True, False), 0.5, False),  # 2/3 > 0.5
        ((True, False, False), 0.5, True),  # 2/4 ≤ 0.5: the boundary counts
        ((True, False, False, False), 0.25, False),  # 2/5 > 0.25
        ((False, False, False), 0.25, True),  # 1/4 ≤ 0.25
        ((True,) + (False,) * 6, 0.25, True),  # 2/8 ≤ 0.25
        ((True,) * 2 + (False,) * 2, 0.75, True),  # 3/5 ≤ 0.75
        ((True,) * 3 + (False,), 0.75, False),  # 4/5 > 0.75
        ((False,) * 9, 0.1, True),  # 1/10 ≤ 0.1, exactly, in floating point too
        ((False,) * 8, 0.1, False),  # 1/9 > 0.1
        ((True, True, False, False, False, False, False, False, False), 0.3, True),  # 3/10 ≤ 0.3
    ],
)
def test_priority_turn_rule(recent: tuple[bool, ...], share: float, expected: bool) -> None:
    assert priority_turn(recent, share) is expected


def test_share_zero_calls_regulars_while_any_wait() -> None:
    rules = QueueRules(priority_share=0.0, escalation_factor=0.0)
    veteran, regular = ticket(issued=0, priority="veteran"), ticket(issued=50)
    for recent in [(), (False,) * 10, (True,) * 10]:
        assert choose([veteran, regular], rules=rules, recent=recent) == regular


def test_share_one_calls_priority_visitors_first_always() -> None:
    rules = QueueRules(priority_share=1.0, escalation_factor=0.0)
    veteran, regular = ticket(issued=50, priority="veteran"), ticket(issued=0)
    for recent in [(), (False,) * 10, (True,) * 10]:
        assert choose([veteran, regular], rules=rules, recent=recent) == veteran


@pytest.mark.parametrize(
    ("share", "window", "calls"),
    [  # P: a priority visitor, r: a regular one; both kinds always wait
        (0.5, 1, "PrPrPrPrPrPr"),
        (0.5, 3, "PrrPPrrPPrrP"),  # 2 of every 4 calls: floor(0.5 × 4)
        (0.5, 4, "PrrPrPrrPrPr"),  # 2 of every 5: floor(0.5 × 5), the share rounds down
        (0.25, 3, "PrrrPrrrPrrr"),
        (0.75, 3, "PrPPPrPPPrPP"),
        (0.1, 3, "Prrrrrrrrrrr"),  # floor(0.1 × 4) = 0: only the first call of the day
    ],
)
def test_a_share_gives_floor_share_times_window_plus_one_priority_calls_in_every_run(
    share: float, window: int, calls: str
) -> None:
    rules = QueueRules(priority_share=share, priority_window=window, escalation_factor=0.0)
    veteran, regular = ticket(issued=50, priority="veteran"), ticket(issued=0)
    recent: list[bool] = []
    for _ in calls:
        chosen = choose([veteran, regular], rules=rules, recent=recent[-window:])
        assert chosen is not None
        recent.append(chosen.priority is not None)
    assert "".join("P" if was_priority else "r" for was_priority in recent) == calls
    runs = {sum(recent[start : start + window + 1]) for start in range(1, len(recent) - window)}
    assert runs == {int(share * (window + 1))}


def test_only_the_last_window_of_recent_calls_counts() -> None:
    rules = QueueRules(priority_share=0.5, priority_window=2, escalation_factor=0.0)
    veteran, regular = ticket(issued=50, priority="veteran"), ticket(issued=0)
    # all True would say "regular"; the window sees only (False, False): 1/3 ≤ 0.5
    assert choose([veteran, regular], rules=rules, recent=(True,) * 8 + (False, False)) == veteran


def test_a_window_of_zero_remembers_nothing() -> None:
    rules = QueueRules(priority_share=0.5, priority_window=0, escalation_factor=0.0)
    veteran, regular = ticket(issued=50, priority="veteran"), ticket(issued=0)
    assert choose([veteran, regular], rules=rules, recent=(True,) * 5) == veteran


def test_within_a_kind_the_largest_weighted_wait_goes_first() -> None:
    profile = DeskProfile("p", {PASSPORT: 1.0, RESIDENCE: 3.0})
    rules = QueueRules(priority_share=1.0, escalation_factor=0.0)
    veteran_passport = ticket(PASSPORT, 20, priority="veteran")  # 40 × 1
    veteran_residence = ticket(RESIDENCE, 40, priority="disability")  # 20 × 3
    regular = ticket(PASSPORT, 0)
    assert choose([veteran_passport, veteran_residence, regular], profile=profile, rules=rules) == veteran_residence


@pytest.mark.parametrize("share", [0.0, 0.5, 1.0])
def test_with_one_kind_waiting_the_desk_never_idles(share: float) -> None:
    rules = QueueRules(priority_share=share, escalation_factor=0.0)
    veteran = ticket(issued=50, priority="veteran")
    regular = ticket(issued=0)
    assert choose([veteran], rules=rules, recent=(False,) * 10) == veteran
    assert choose([veteran], rules=rules, recent=(True,) * 10) == veteran
    assert choose([regular], rules=rules, recent=(False,) * 10) == regular
    assert choose([regular], rules=rules, recent=()) == regular


def test_the_arguments_are_left_as_they_were() -> None:
    waiting = [ticket(issued=10), ticket(issued=0, priority="veteran")]
    before = list(waiting)
    recent = [True, False]
    choose(waiting, recent=recent)
    assert waiting == before and recent == [True, False]


# remote tickets: passed by until the visitor is at the office, in their place after


def test_a_remote_ticket_not_yet_arrived_is_passed_by() -> None:
    remote = replace(ticket(issued=0), remote=True)
    later = ticket(issued=30)
    assert eligible(BOTH, [remote, later], desk=DESK) == [later]
    assert choose([remote, later]) == later
    assert choose([remote]) is None  # nobody the desk may call: it idles rather than call an absent visitor


def test_a_remote_ticket_once_arrived_is_called_in_its_place() -> None:
    """Issued first, confirmed last: the time of issue still decides, so it goes before the walk-in."""
    remote = replace(ticket(issued=0), remote=True, arrived_at=NOW)
    walk_in = ticket(issued=30)
    assert choose([walk_in, remote]) == remote


def test_an_appointment_due_still_goes_first_but_never_an_absent_remote_one() -> None:
    due = ticket(issued=60, appointment_at=NOW)
    remote = replace(ticket(issued=0), remote=True)
    assert choose([remote, due]) == due
