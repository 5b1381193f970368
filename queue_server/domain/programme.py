"""The city's programme for the centre: its four indicators, their targets and a benchmark to compare with.

The programme judges the centre by four figures (docs/reports.md, «The
programme's four indicators»). Which way is good differs: fewer violated
deadlines and fewer complaints are better, more satisfied visitors are
better, and the administrators' load is good inside a band (too low wastes
desks, too high wears people out and lengthens the queue). The verdict is
therefore decided here, once, for the dashboard, the annual summary and
the files alike. Values come from `network.toml` `[programme]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model.py's Network holds a Programme
    from .model import LocalizedText


class Indicator(StrEnum):
    DEADLINES = "deadlines"  # the share of requests whose statutory deadline was violated, %
    COMPLAINTS = "complaints"  # complaints per 1,000 requests
    SATISFACTION = "satisfaction"  # visitors satisfied (4 or 5 of 5), %
    LOAD = "load"  # the administrators' utilisation, %


INDICATORS = tuple(Indicator)  # the order they are shown side by side


class Better(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"
    BAND = "band"


BETTER: Mapping[Indicator, Better] = {
    Indicator.DEADLINES: Better.LOWER,
    Indicator.COMPLAINTS: Better.LOWER,
    Indicator.SATISFACTION: Better.HIGHER,
    Indicator.LOAD: Better.BAND,
}


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"  # above the ceiling of a lower-is-better figure, below the floor of a higher-is-better one
    BELOW_BAND = "below_band"  # the load under its band
    ABOVE_BAND = "above_band"  # the load over its band
    NO_DATA = "no_data"  # nothing to measure in the period
    NO_TARGET = "no_target"  # the programme sets none


@dataclass(frozen=True)
class Target:
    """A floor, a ceiling or both (a band); None where the programme sets none."""

    at_least: float | None = None
    at_most: float | None = None

    @property
    def set(self) -> bool:
        return self.at_least is not None or self.at_most is not None

    def verdict(self, value: float | None, better: Better) -> Verdict:
        """Met or not, for the value as shown (already rounded): the reader checks it by eye."""
        if value is None:
            return Verdict.NO_DATA
        if not self.set:
            return Verdict.NO_TARGET
        low = self.at_least is not None and value < self.at_least
        high = self.at_most is not None and value > self.at_most
        if better is Better.BAND:
            return Verdict.BELOW_BAND if low else Verdict.ABOVE_BAND if high else Verdict.MET
        return Verdict.NOT_MET if low or high else Verdict.MET


@dataclass(frozen=True)
class Programme:
    """The targets of each indicator, and the benchmark (a named set of values, such as Ukraine's of a year)."""

    targets: Mapping[Indicator, Target] = field(default_factory=dict)
    benchmark: Mapping[Indicator, float] = field(default_factory=dict)
    benchmark_name: LocalizedText | None = None

    def target(self, indicator: Indicator) -> Target:
        return self.targets.get(indicator, Target())
