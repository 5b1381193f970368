"""The paper roll, pure: reading a typed number against the roll, and estimating when it was handed out."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import T0
from queue_server.domain import paper_roll
from queue_server.domain.errors import InvalidRequest
from queue_server.domain.paper_roll import PaperMode, PaperRoll

MINUTE = dt.timedelta(minutes=1)
ROLL = PaperRoll()  # Р001–Р500


@pytest.mark.parametrize("typed", ["Р012", "р12", "P012", "p12", "12", "012", " Р 012 ", "Р-12", "р0012"])
def test_the_same_number_however_it_is_typed(typed: str) -> None:
    read = paper_roll.parse(typed, ROLL)
    assert (read.number, read.sequence, read.prefix) == ("Р012", 12, "Р")


@pytest.mark.parametrize("typed", ["Р0", "Р501", "Б012", "PP12", "", "   ", "Р", "12Р", "Р1.5", "Р12А", "Р-"])
def test_what_is_not_a_number_of_the_roll_is_refused(typed: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        paper_roll.parse(typed, ROLL)
    assert refused.value.details["field"] == "number"


def test_a_roll_of_its_own_letters_digits_and_bounds() -> None:
    roll = PaperRoll(prefix="ВА", first=100, last=1999, digits=4)
    assert roll.series == "ВА0100–ВА1999"
    assert paper_roll.parse("ba150", roll).number == "ВА0150"  # Latin B and A read as their Cyrillic twins
    with pytest.raises(InvalidRequest, match="outside"):
        paper_roll.parse("ВА99", roll)


def test_a_clash_with_a_service_letter_is_found_whatever_the_alphabet() -> None:
    assert paper_roll.clashes(ROLL, {"tax": "Р", "passport": "П"}) == ["tax"]
    assert paper_roll.clashes(PaperRoll(prefix="ПР"), {"tax": "Р", "passport": "П"}) == []


def test_before_any_number_the_estimate_is_the_start() -> None:
    assert paper_roll.estimate_issue_time(1, {}, first=1, start=T0, now=T0 + 30 * MINUTE) == T0
    # above the first, with nothing known: halfway between the start and now
    assert paper_roll.estimate_issue_time(7, {}, first=1, start=T0, now=T0 + 30 * MINUTE) == T0 + 15 * MINUTE


def test_between_two_known_numbers_the_time_is_interpolated() -> None:
    entered = {10: T0 + 20 * MINUTE, 20: T0 + 40 * MINUTE}
    assert paper_roll.estimate_issue_time(15, entered, first=1, start=T0, now=T0 + 60 * MINUTE) == T0 + 30 * MINUTE
    assert paper_roll.estimate_issue_time(4, entered, first=1, start=T0, now=T0 + 60 * MINUTE) == T0 + 20 * MINUTE * 3 / 9
    assert paper_roll.estimate_issue_time(30, entered, first=1, start=T0, now=T0 + 60 * MINUTE) == T0 + 50 * MINUTE


def test_never_later_than_now() -> None:
    start_later = T0 + 90 * MINUTE  # an opening in the future (a desk works early)
    assert paper_roll.estimate_issue_time(3, {}, first=1, start=start_later, now=T0) == T0


def test_the_start_is_the_switch_to_paper_when_it_came_after_the_opening() -> None:
    mode = PaperMode("alpha", T0 + 60 * MINUTE, "iryna")
    assert paper_roll.handed_out_from(T0, mode) == T0 + 60 * MINUTE
    assert paper_roll.handed_out_from(T0 + 120 * MINUTE, mode) == T0 + 120 * MINUTE  # on since before the opening
    assert paper_roll.handed_out_from(T0, None) == T0


@given(
    st.dictionaries(st.integers(1, 500), st.integers(0, 600), max_size=20),
    st.integers(1, 500),
    st.integers(0, 600),
)
def test_an_estimate_lies_between_its_neighbours_and_before_now(known: dict[int, int], number: int, now_minutes: int) -> None:
    now = T0 + now_minutes * MINUTE
    entered = {n: T0 + m * MINUTE for n, m in known.items()}
    estimate = paper_roll.estimate_issue_time(number, entered, first=1, start=T0, now=now)
    assert estimate <= now
    assert estimate >= min(T0, now)
    below = [n for n in entered if n < number]
    if below:  # never before its nearest lower neighbour: that visitor took the roll first
        assert estimate >= min(entered[max(below)], now)


def test_paper_mode_switches_on_and_off_once_each() -> None:
    on = paper_roll.switch_on(None, "alpha", T0, "iryna")
    assert on.active
    off = paper_roll.switch_off(on, "alpha", T0 + MINUTE, "iryna")
    assert not off.active and off.ended_by == "iryna"
    paper_roll.refuse_kiosk(off, by_kiosk=True)
    paper_roll.refuse_kiosk(on, by_kiosk=False)
    with pytest.raises(paper_roll.PaperModeOn):
        paper_roll.refuse_kiosk(on, by_kiosk=True)
