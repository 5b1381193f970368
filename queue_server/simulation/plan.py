"""What the simulated people decide: when visitors come, what they ask for, how long a service takes.

Pure: every function takes the random generator and the moment it needs,
so a seed gives the same day's decisions whatever the server answers. All
durations are of the simulated day; the driver divides them by its speed.

- Visitors arrive at each office as a Poisson stream whose rate follows the
  shape of a real day (`DAY_SHAPE`: a morning peak, a lunch dip, a quiet
  end) times the office's capacity (what its desks can serve in an hour)
  times a load (below 1 the desks keep up on average; the peaks still make
  queues).
- A visitor chooses a service by its share at the office: the sum of the
  weights the office's desk profiles give it, the same shares the
  configuration uses to divide the desks' time.
- Some visitors have a priority category, some never come to the desk when
  called (no-shows), some rate the service afterwards.
- A service lasts about its typical duration (`typical_duration_minutes`),
  drawn from a gamma distribution: most visits close to it, a few much longer.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.model import Network, Office, ServiceCode

# The share of a day's visitors per local hour, relative to the day's mean (1.0): «Віза»'s offices
# open at 8, are busiest mid-morning, quieter over lunch, and fill again in the early afternoon.
DAY_SHAPE: dict[int, float] = {
    8: 0.9, 9: 1.35, 10: 1.45, 11: 1.25, 12: 0.85, 13: 0.7, 14: 1.0, 15: 1.05, 16: 0.8, 17: 0.6, 18: 0.5, 19: 0.4,
}  # fmt: skip
# Outside a real day's hours (only a round-the-clock copy of the configuration is open then, as the
# demo's at night) the day's mean: the demo is alive at 3 a.m. too.
OFF_HOURS = 1.0
RATING_WEIGHTS = (4, 4, 8, 28, 56)  # scores 1 to 5: most visitors who rate are content
BETWEEN_VISITORS_SECONDS = (5.0, 20.0)  # an administrator types up and calls the next visitor
SHAPE = 4.0  # the gamma distribution's shape for service times: a coefficient of variation of 0.5


def day_shape(hour: int) -> float:
    """The arrival rate at a local hour, relative to the day's mean."""
    return DAY_SHAPE.get(hour, OFF_HOURS)


@dataclass(frozen=True)
class Behaviour:
    """How the simulated people behave; the defaults are an ordinary working day."""

    load: float = 0.95  # arrivals over what the desks can serve, at the day's mean hour
    priority_share: float = 0.08  # veterans, people with disabilities, the elderly, pregnant visitors
    no_show_share: float = 0.06  # called, never came to the desk
    rating_share: float = 0.35  # rate the service on the ticket's page afterwards
    break_share: float = 0.03  # after a visitor, the administrator takes a short break
    break_minutes: tuple[int, int] = (5, 15)
    lunch_minutes: int = 30  # once a day, between 12 and 14 local, when the queue allows
    opening_crowd_per_desk: float = 1.5  # visitors already at the door when the simulation starts


@dataclass(frozen=True)
class ServiceShare:
    code: ServiceCode
    share: float
    typical: dt.timedelta


@dataclass(frozen=True)
class OfficePlan:
    """What the simulator needs of an office: its services with their shares, its desks, its capacity."""

    code: str
    timezone: str
    services: tuple[ServiceShare, ...]
    desks: tuple[str, ...]
    capacity_per_hour: float  # visitors its desks serve in an hour at the services' typical durations


def office_plan(network: Network, office: Office) -> OfficePlan | None:
    """The office's plan; None for an office whose desks serve nothing (nothing to simulate there)."""
    shares: dict[ServiceCode, float] = {}
    capacity = 0.0
    for desk in office.desks:
        weights = {
            code: weight
            for code, weight in desk.profile.weights.items()
            if weight > 0 and code in network.services and not network.services[code].package
        }
        if not weights:
            continue
        for code, weight in weights.items():
            shares[code] = shares.get(code, 0.0) + weight
        mean_minutes = sum(weight * network.services[code].typical_duration.total_seconds() / 60 for code, weight in weights.items()) / sum(weights.values())
        capacity += 60 / max(mean_minutes, 1.0)
    if not shares:
        return None
    services = tuple(ServiceShare(code, share, network.services[code].typical_duration) for code, share in sorted(shares.items()))
    desks = tuple(desk.id for desk in office.desks if any(code in shares for code in desk.profile.weights))
    return OfficePlan(office.code, office.timezone, services, desks, capacity)


def arrivals_per_hour(plan: OfficePlan, hour: int, behaviour: Behaviour) -> float:
    return plan.capacity_per_hour * behaviour.load * day_shape(hour)


def arrival_gap(rng: random.Random, per_hour: float) -> dt.timedelta:
    """The time to the next visitor of a Poisson stream of `per_hour` visitors an hour."""
    return dt.timedelta(seconds=rng.expovariate(max(per_hour, 0.01) / 3600))


def choose_service(rng: random.Random, plan: OfficePlan) -> ServiceShare:
    return rng.choices(plan.services, weights=[service.share for service in plan.services])[0]


@dataclass(frozen=True)
class Visitor:
    """One visitor's decisions, made when they arrive."""

    service: ServiceCode
    priority: str | None
    comes_when_called: bool
    rating: int | None  # the score they give afterwards, None: they do not rate
    walk: dt.timedelta  # from the call to the desk
    service_time: dt.timedelta  # at the desk


def visitor(rng: random.Random, plan: OfficePlan, priorities: Sequence[str], behaviour: Behaviour) -> Visitor:
    service = choose_service(rng, plan)
    priority = rng.choice(priorities) if priorities and rng.random() < behaviour.priority_share else None
    comes = rng.random() >= behaviour.no_show_share
    rating = rng.choices((1, 2, 3, 4, 5), weights=RATING_WEIGHTS)[0] if comes and rng.random() < behaviour.rating_share else None
    return Visitor(service.code, priority, comes, rating, walk_time(rng), service_time(rng, service.typical))


def service_time(rng: random.Random, typical: dt.timedelta) -> dt.timedelta:
    """About `typical` (its mean), from a quarter of it to three times it."""
    seconds = typical.total_seconds()
    drawn = rng.gammavariate(SHAPE, seconds / SHAPE)
    return dt.timedelta(seconds=min(max(drawn, seconds / 4), seconds * 3))


def walk_time(rng: random.Random) -> dt.timedelta:
    """From the board's call to the desk: the visitor hears it, finds the desk, sits down."""
    return dt.timedelta(seconds=rng.uniform(10, 60))


def no_show_patience(rng: random.Random) -> dt.timedelta:
    """How long an administrator waits for a called visitor before marking a no-show."""
    return dt.timedelta(seconds=rng.uniform(90, 180))


def desk_opening(rng: random.Random) -> dt.timedelta:
    """When a desk opens after the simulation starts: the administrators sit down within a minute and a half."""
    return dt.timedelta(seconds=rng.uniform(0, 90))


def opening_crowd(rng: random.Random, plan: OfficePlan, behaviour: Behaviour) -> list[dt.timedelta]:
    """When the visitors already at the door take their tickets: within the first minute."""
    count = round(len(plan.desks) * behaviour.opening_crowd_per_desk)
    return sorted(dt.timedelta(seconds=rng.uniform(0, 60)) for _ in range(count))


@dataclass(frozen=True)
class Break:
    reason: str  # one of the desks' pause reasons
    length: dt.timedelta


def desk_break(rng: random.Random, hour: int, had_lunch: bool, behaviour: Behaviour) -> Break | None:
    """Whether the administrator takes a break after a visitor: lunch once between 12 and 14, now and then a short one."""
    if not had_lunch and 12 <= hour < 14 and rng.random() < 0.15:
        return Break("lunch", dt.timedelta(minutes=behaviour.lunch_minutes))
    if rng.random() < behaviour.break_share:
        return Break("break", dt.timedelta(minutes=rng.uniform(*behaviour.break_minutes)))
    return None
