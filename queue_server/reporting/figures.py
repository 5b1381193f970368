"""The figures of the city's programme over a period: counting and sorting over plain rows.

The store hands over one row per ticket issued in the period, turned into
columns once (`visits.Visits`); each grouping is then one `Counter`
over (key, what the visit counts towards) pairs, plus one sorted list per
group for the percentiles.

Every figure, as computed here (docs/reports.md says the same):

- `issued`: tickets issued in the period, whatever became of them;
- `served`: tickets finished at a desk (status `done`);
- `no_show`: tickets that ended as a no-show; `no_show_share` = no_show /
  (served + no_show), the share of the visitors called who did not come;
- wait = issued_at → called_at (the last call) of tickets that ended served or
  no-show: `wait_p50_minutes`, `wait_p90_minutes` (nearest rank, see
  `percentile`), `wait_max_minutes`;
- service time = started_at → finished_at of served tickets:
  `service_p50_minutes`, `service_p90_minutes`;
- `within_target_share`: served tickets whose wait is at most their
  service's target wait, over the served tickets whose service has a target;
- `ratings`: ratings given for the period's tickets; `average_rating` their
  mean score; `satisfaction_share` the share of scores 4 and 5;
- `complaints`: ratings of 1 or 2 with a comment that is not blank;
  `complaints_per_1000` = 1,000 × complaints / served.

A ticket is a visit, whatever its number of steps (services): the figures
above count visits. A visit of several services is measured as its first
step (its service, its wait issue → first call, its target), its service
time is the time of its steps done, and:

- `visits`: the same count as `issued`, in the centre's words;
  `packages`: the visits issued for a package;
- `services_provided`: steps done, whatever became of their visit (a
  visit of one service done counts 1, a skipped step 0);
  `average_steps_done`: steps done per visit served;
- visit time = issued_at → finished_at of visits served:
  `visit_p50_minutes`, `visit_p90_minutes`;
- step wait = ready → call of every step called that is over (done,
  skipped at the desk, or its visit's no-show), the first step's ready
  being the issue: `step_wait_p50_minutes`, `step_wait_p90_minutes`; step
  service time = start → finish of every step done:
  `step_service_p50_minutes`, `step_service_p90_minutes`. A step counts
  under its own service and administrator (a visit under its first's).

Minutes are rounded to 0.1, shares to 0.0001, the average rating and the
complaints per 1,000 to 0.01; a figure with nothing to measure is None.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from typing import Any

from .arithmetic import minutes, percentile, share
from .visits import STEP_DONE, STEP_SKIPPED, Visits

SUMMARY_FIELDS = (
    "issued", "served", "no_show", "no_show_share", "average_rating", "satisfaction_share",
    "complaints", "complaints_per_1000", "wait_p50_minutes", "wait_p90_minutes", "wait_max_minutes",
    "service_p50_minutes", "service_p90_minutes", "within_target_share", "ratings",
    "visits", "packages", "services_provided", "average_steps_done", "visit_p50_minutes", "visit_p90_minutes",
    "step_wait_p50_minutes", "step_wait_p90_minutes", "step_service_p50_minutes", "step_service_p90_minutes",
)  # fmt: skip
STEP_FIELDS = (
    "step", "services_provided", "skipped", "wait_p50_minutes", "wait_p90_minutes", "service_p50_minutes", "service_p90_minutes",
)  # fmt: skip
DONE = "done"
NO_SHOW = "no_show"

# The figures


@dataclass(frozen=True)
class Figures:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    no_show_share: float | None = None
    average_rating: float | None = None
    satisfaction_share: float | None = None
    complaints: int = 0
    complaints_per_1000: float | None = None
    wait_p50_minutes: float | None = None
    wait_p90_minutes: float | None = None
    wait_max_minutes: float | None = None
    service_p50_minutes: float | None = None
    service_p90_minutes: float | None = None
    within_target_share: float | None = None
    ratings: int = 0
    visits: int = 0
    packages: int = 0
    services_provided: int = 0
    average_steps_done: float | None = None
    visit_p50_minutes: float | None = None
    visit_p90_minutes: float | None = None
    step_wait_p50_minutes: float | None = None
    step_wait_p90_minutes: float | None = None
    step_service_p50_minutes: float | None = None
    step_service_p90_minutes: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SUMMARY_FIELDS}


# What a visit counts towards, packed in one small integer so that a grouping
# needs one `Counter` over (key, code) pairs instead of one per figure:
# code = outcome + 3 × target + 9 × score + 54 × complaint.
OTHER, SERVED, MISSED = 0, 1, 2  # outcome: cancelled or still open, served, no-show
UNMEASURED, OVER, WITHIN = 0, 1, 2  # target: not a served visit with a wait and a target; over it; within it


def _code(status: str, wait: int | None, target: int | None, score: int | None, complaint: bool) -> int:
    outcome = SERVED if status == DONE else MISSED if status == NO_SHOW else OTHER
    aim = UNMEASURED if outcome != SERVED or wait is None or target is None else WITHIN if wait <= target else OVER
    return outcome + 3 * aim + 9 * (score or 0) + 54 * complaint


@dataclass
class _Tally:
    """One group's counts, decoded from its (code, count) pairs."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    targeted: int = 0
    within: int = 0
    ratings: int = 0
    score_sum: int = 0
    satisfied: int = 0
    complaints: int = 0

    def add(self, code: int, count: int) -> None:
        complaint, rest = divmod(code, 54)
        score, rest = divmod(rest, 9)
        aim, outcome = divmod(rest, 3)
        self.issued += count
        self.served += count if outcome == SERVED else 0
        self.no_show += count if outcome == MISSED else 0
        self.targeted += count if aim != UNMEASURED else 0
        self.within += count if aim == WITHIN else 0
        if score:
            self.ratings += count
            self.score_sum += score * count
            self.satisfied += count if score >= 4 else 0
        self.complaints += count * complaint

    def figures(self, waits: Sequence[int], service_times: Sequence[int], visit: _VisitPart) -> Figures:
        return Figures(
            issued=self.issued,
            served=self.served,
            no_show=self.no_show,
            no_show_share=share(self.no_show, self.served + self.no_show),
            average_rating=round(self.score_sum / self.ratings, 2) if self.ratings else None,
            satisfaction_share=share(self.satisfied, self.ratings),
            complaints=self.complaints,
            complaints_per_1000=round(1000 * self.complaints / self.served, 2) if self.served else None,
            wait_p50_minutes=minutes(percentile(waits, 50)),
            wait_p90_minutes=minutes(percentile(waits, 90)),
            wait_max_minutes=minutes(waits[-1] if waits else None),
            service_p50_minutes=minutes(percentile(service_times, 50)),
            service_p90_minutes=minutes(percentile(service_times, 90)),
            within_target_share=share(self.within, self.targeted),
            ratings=self.ratings,
            visits=self.issued,
            packages=visit.packages,
            services_provided=visit.services_provided,
            average_steps_done=round((self.served + visit.more_steps_done) / self.served, 2) if self.served else None,
            visit_p50_minutes=minutes(percentile(visit.visit_times, 50)),
            visit_p90_minutes=minutes(percentile(visit.visit_times, 90)),
            step_wait_p50_minutes=minutes(percentile(visit.step_waits, 50)),
            step_wait_p90_minutes=minutes(percentile(visit.step_waits, 90)),
            step_service_p50_minutes=minutes(percentile(visit.step_service_times, 50)),
            step_service_p90_minutes=minutes(percentile(visit.step_service_times, 90)),
        )


@dataclass
class _VisitPart:
    """One group's figures of visits and steps, besides the counts of `_Tally`."""

    packages: int = 0
    services_provided: int = 0
    more_steps_done: int = 0  # over one a served visit: steps done − 1, summed over the served visits of several steps
    visit_times: Sequence[int] = ()
    step_waits: Sequence[int] = ()
    step_service_times: Sequence[int] = ()


@dataclass
class _Prepared:
    """What every grouping of the same visits needs, made once."""

    codes: list[int]
    ended: list[bool]  # served or no-show, with a wait
    waits: list[int]
    timed: list[bool]  # served, with a service time
    service_times: list[int]
    lasted: list[bool]  # served, with a visit time
    visit_times: list[int]
    several: bool  # some visit has several steps: the steps' figures are not the visits'
    single_served: list[bool]
    single_ended: list[bool]
    single_timed: list[bool]
    served_of_several: list[int]  # indices of the served visits of several steps
    step_waited: list[bool]  # of `visits.steps`: a wait measured
    step_timed: list[bool]
    step_done: list[bool]


def _prepare(visits: Visits, targets_ms: Mapping[str, int]) -> _Prepared:
    codes = list(
        map(_code, visits.status, visits.wait_ms, map(targets_ms.get, visits.service), visits.score, visits.complaint)
    )
    ended = [code % 3 != OTHER and wait is not None for code, wait in zip(codes, visits.wait_ms)]
    timed = [code % 3 == SERVED and spent is not None for code, spent in zip(codes, visits.service_ms)]
    lasted = [code % 3 == SERVED and spent is not None for code, spent in zip(codes, visits.visit_ms)]
    steps = visits.steps
    several = len(steps) > 0 or not all(visits.single)
    return _Prepared(
        codes=codes,
        ended=ended,
        waits=list(compress(visits.wait_ms, ended)),  # type: ignore[arg-type]
        timed=timed,
        service_times=list(compress(visits.service_ms, timed)),  # type: ignore[arg-type]
        lasted=lasted,
        visit_times=list(compress(visits.visit_ms, lasted)),  # type: ignore[arg-type]
        several=several,
        single_served=[code % 3 == SERVED and one for code, one in zip(codes, visits.single)] if several else [],
        single_ended=list(map(bool.__and__, ended, visits.single)) if several else ended,
        single_timed=list(map(bool.__and__, timed, visits.single)) if several else timed,
        served_of_several=[i for i, one in enumerate(visits.single) if not one and codes[i] % 3 == SERVED] if several else [],
        step_waited=[wait is not None for wait in steps.wait_ms],
        step_timed=[spent is not None for spent in steps.service_ms],
        step_done=[state == STEP_DONE for state in steps.status],
    )


def _lists(keys: Iterable[Hashable], values: Iterable[int]) -> dict[Hashable, list[int]]:
    """Each key's values in ascending order (appending, then one sort per key, is the fastest in plain Python)."""
    found: defaultdict[Hashable, list[int]] = defaultdict(list)
    for key, value in zip(keys, values):
        found[key].append(value)
    for listed in found.values():
        listed.sort()
    return found


class _Every:
    """`Report.by_step` of every visit, not of one package (None being the visits of no package)."""


EVERY = _Every()


@dataclass
class Report:
    """The figures of a set of visits, by any grouping asked for; the preparation is shared."""

    visits: Visits
    targets_ms: Mapping[str, int]
    _prepared: _Prepared | None = field(default=None, repr=False)
    _sorted: tuple[list[int], list[int]] | None = field(default=None, repr=False)

    @property
    def prepared(self) -> _Prepared:
        if self._prepared is None:
            self._prepared = _prepare(self.visits, self.targets_ms)
        return self._prepared

    def total(self) -> Figures:
        ready = self.prepared
        tally = _Tally()
        for code, count in Counter(ready.codes).items():
            tally.add(code, count)
        waits, service_times = self.sorted_times()
        one = self._visit_parts(
            repeat(None, len(self.visits)), repeat(None, len(self.visits.steps)), {None: waits}, {None: service_times}
        )
        return tally.figures(waits, service_times, one.get(None, _VisitPart()))

    def sorted_times(self) -> tuple[list[int], list[int]]:
        """Every wait and service time, each sorted once (the total and its steps both need them)."""
        if self._sorted is None:
            self._sorted = (sorted(self.prepared.waits), sorted(self.prepared.service_times))
        return self._sorted

    def served_by(self, keys: Sequence[Hashable]) -> Counter[Hashable]:
        """Only the served visits of each key: what a table of counts needs, without the percentiles."""
        return Counter(compress(keys, (code % 3 == SERVED for code in self.prepared.codes)))

    def by(self, group: str) -> dict[Hashable, Figures]:
        """The figures of each key that has at least one visit (or a step: by service or administrator)."""
        keys = self.visits.keys(group)
        ready = self.prepared
        tallies: defaultdict[Hashable, _Tally] = defaultdict(_Tally)
        for (key, code), count in Counter(zip(keys, ready.codes)).items():
            tallies[key].add(code, count)
        waits = _lists(compress(keys, ready.ended), ready.waits)
        service_times = _lists(compress(keys, ready.timed), ready.service_times)
        parts = self._visit_parts(keys, self.visits.steps.keys(group) if ready.several else (), waits, service_times)
        return {
            key: tallies[key].figures(waits.get(key, ()), service_times.get(key, ()), parts.get(key, _VisitPart()))
            for key in set(tallies) | set(parts)
        }

    def _visit_parts(
        self,
        keys: Iterable[Hashable],
        step_keys: Iterable[Hashable],
        waits: Mapping[Hashable, list[int]],
        service_times: Mapping[Hashable, list[int]],
    ) -> dict[Hashable, _VisitPart]:
        """Each key's packages, steps and visit times; with no visit of several steps the steps are the visits,
        whose `waits` and `service_times` (each key's, sorted) are the steps' too."""
        visits, ready = self.visits, self.prepared
        keys = list(keys)
        parts: defaultdict[Hashable, _VisitPart] = defaultdict(_VisitPart)
        for key, listed in _lists(compress(keys, ready.lasted), ready.visit_times).items():
            parts[key].visit_times = listed
        if not ready.several:
            for key, count in Counter(compress(keys, (code % 3 == SERVED for code in ready.codes))).items():
                parts[key].services_provided = count
            step_waits, step_times = waits, service_times
        else:
            step_keys = list(step_keys)
            steps = visits.steps
            for key in set(step_keys):  # a key of steps only (a service or an administrator of later steps) has its row
                parts[key]
            for key, count in Counter(compress(keys, (package is not None for package in visits.package))).items():
                parts[key].packages = count
            for index in ready.served_of_several:
                parts[keys[index]].more_steps_done += visits.steps_done[index] - 1
            for key, count in Counter(chain(compress(keys, ready.single_served), compress(step_keys, ready.step_done))).items():
                parts[key].services_provided = count
            step_waits = _lists(
                chain(compress(keys, ready.single_ended), compress(step_keys, ready.step_waited)),
                chain(compress(visits.wait_ms, ready.single_ended), compress(steps.wait_ms, ready.step_waited)),  # type: ignore[arg-type]
            )
            step_times = _lists(
                chain(compress(keys, ready.single_timed), compress(step_keys, ready.step_timed)),
                chain(compress(visits.service_ms, ready.single_timed), compress(steps.service_ms, ready.step_timed)),  # type: ignore[arg-type]
            )
        for key, listed in step_waits.items():
            parts[key].step_waits = listed
        for key, listed in step_times.items():
            parts[key].step_service_times = listed
        return parts

    def by_step(self, package: str | None | _Every = EVERY) -> list[dict[str, Any]]:
        """The figures of each step of the visits (all, or those of one package), in order: step 1 of every
        visit (a visit of one service is its step 1), step 2 of the visits of two or more, and so on.

        A visit of one service has no package (one for a package keeps its
        steps), so a package's steps are all in `visits.steps`: a year's
        export asks for each package's without a pass over every visit.
        """
        visits, steps, ready = self.visits, self.visits.steps, self.prepared
        done: Counter[int] = Counter()
        skipped: Counter[int] = Counter()
        waits: defaultdict[int, list[int]] = defaultdict(list)
        times: defaultdict[int, list[int]] = defaultdict(list)
        positions: set[int] = set()
        if package is EVERY or package is None:  # the visits of one service
            if not ready.several:
                waits[1], times[1] = (list(listed) for listed in self.sorted_times())
                served_singles = sum(code % 3 == SERVED for code in ready.codes)
            else:
                waits[1] = list(compress(visits.wait_ms, ready.single_ended))  # type: ignore[arg-type]
                times[1] = list(compress(visits.service_ms, ready.single_timed))  # type: ignore[arg-type]
                served_singles = sum(ready.single_served)
            if any(visits.single):
                done[1], positions = served_singles, {1}
        chosen: Iterable[tuple[int, str, int | None, int | None]] = zip(steps.position, steps.status, steps.wait_ms, steps.service_ms)
        if package is not EVERY:
            chosen = compress(chosen, [mine == package for mine in steps.package])
        for position, state, wait, spent in chosen:
            positions.add(position)
            done[position] += state == STEP_DONE
            skipped[position] += state == STEP_SKIPPED
            if wait is not None:
                waits[position].append(wait)
            if spent is not None:
                times[position].append(spent)
        rows = []
        for position in sorted(positions):
            waited, took = sorted(waits[position]), sorted(times[position])
            values = (
                position, done[position], skipped[position], minutes(percentile(waited, 50)), minutes(percentile(waited, 90)),
                minutes(percentile(took, 50)), minutes(percentile(took, 90)),
            )  # fmt: skip
            rows.append(dict(zip(STEP_FIELDS, values)))
        return rows
