"""The simulated people's decisions: the day's shape, services by their share, seeded determinism."""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import Counter

import pytest

from queue_server.network_config import load_network
from queue_server.simulation import plan as people


@pytest.fixture(scope="module")
def network():
    return load_network()


def test_the_day_has_a_morning_peak_and_a_lunch_dip() -> None:
    shape = [people.day_shape(hour) for hour in range(8, 18)]
    peak = max(range(8, 18), key=people.day_shape)
    assert 9 <= peak <= 11
    assert people.day_shape(13) < people.day_shape(11) and people.day_shape(13) < people.day_shape(14)
    assert people.day_shape(17) < people.day_shape(10)
    assert 0.9 <= statistics.fmean(shape) <= 1.1  # the shape keeps the day's mean


def test_the_arrival_rate_follows_the_office_s_capacity_and_the_hour(network) -> None:
    main, small = people.office_plan(network, network.offices["main"]), people.office_plan(network, network.offices["dovh-4"])
    behaviour = people.Behaviour()
    assert people.arrivals_per_hour(main, 10, behaviour) > people.arrivals_per_hour(small, 10, behaviour) > 0
    assert people.arrivals_per_hour(main, 10, behaviour) > people.arrivals_per_hour(main, 13, behaviour)
    rng = random.Random(4)
    gaps = [people.arrival_gap(rng, 30).total_seconds() for _ in range(20_000)]
    assert statistics.fmean(gaps) == pytest.approx(120, rel=0.05)  # 30 an hour: one every two minutes


def test_a_visitor_chooses_a_service_by_its_share_of_the_desks(network) -> None:
    office = network.offices["dovh-1"]
    plan = people.office_plan(network, office)
    expected: Counter[str] = Counter()
    for desk in office.desks:
        for code, weight in desk.profile.weights.items():
            if weight > 0 and not network.services[code].package:
                expected[code] += weight
    assert {share.code: share.share for share in plan.services} == pytest.approx(dict(expected))
    assert not any(network.services[share.code].package for share in plan.services)
    rng = random.Random(11)
    drawn = Counter(people.choose_service(rng, plan).code for _ in range(40_000))
    total = sum(expected.values())
    for code, weight in expected.most_common(5):
        assert drawn[code] / 40_000 == pytest.approx(weight / total, abs=0.01)


def test_the_same_seed_makes_the_same_people(network) -> None:
    plan = people.office_plan(network, network.offices["vet"])
    priorities = sorted(network.priorities)

    def day(seed: int) -> list[people.Visitor]:
        rng = random.Random(f"{seed}:vet")
        return [people.visitor(rng, plan, priorities, people.Behaviour()) for _ in range(200)]

    assert day(7) == day(7)
    assert day(7) != day(8)
    crowd = day(7)
    assert 0 < sum(visitor.priority is not None for visitor in crowd) < 40
    assert 0 < sum(not visitor.comes_when_called for visitor in crowd) < 30
    assert all(visitor.rating is None for visitor in crowd if not visitor.comes_when_called)


def test_a_service_lasts_about_its_typical_duration() -> None:
    rng = random.Random(3)
    typical = dt.timedelta(minutes=10)
    times = [people.service_time(rng, typical).total_seconds() for _ in range(20_000)]
    assert min(times) >= 150 and max(times) <= 1800
    assert statistics.fmean(times) == pytest.approx(600, rel=0.05)


def test_administrators_take_lunch_once_and_short_breaks_now_and_then() -> None:
    rng = random.Random(5)
    behaviour = people.Behaviour()
    at_noon = [people.desk_break(rng, 12, False, behaviour) for _ in range(2_000)]
    assert any(pause and pause.reason == "lunch" for pause in at_noon)
    after_lunch = [people.desk_break(rng, 12, True, behaviour) for _ in range(2_000)]
    assert not any(pause and pause.reason == "lunch" for pause in after_lunch)
    assert 20 < sum(pause is not None for pause in after_lunch) < 120  # about 3 %


def test_an_office_whose_desks_serve_nothing_is_not_simulated(network) -> None:
    import dataclasses

    office = network.offices["mob-1"]
    idle = dataclasses.replace(office, desks=tuple(dataclasses.replace(desk, profile=dataclasses.replace(desk.profile, weights={})) for desk in office.desks))
    assert people.office_plan(network, idle) is None
