"""The call-next policy, class 4: weights, ties and the priority share."""

from __future__ import annotations

import pytest

from policy_cases import PASSPORT, RESIDENCE, choose, ticket
from queue_server.domain.model import DeskProfile, QueueRules
from queue_server.domain.policy import priority_turn


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
