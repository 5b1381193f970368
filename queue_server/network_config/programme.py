"""`network.toml` `[programme]`: the targets of the programme's four indicators, and `[programme.benchmark]`.

Every key may be left out (that indicator then has no target, or no
benchmark); a key that is there must be a number in its range, and a
benchmark must say whose it is (`name`, `name_en`), since a figure to
compare with means nothing without its source and year.
"""

from __future__ import annotations

from typing import Any

from ..domain.programme import Indicator, Programme, Target
from .reader import Reader, path_of

KEY = "programme"
BENCHMARK = "benchmark"
PERCENT = (0.0, 100.0)
PER_1000 = (0.0, 1000.0)
# target key → (indicator, floor or ceiling, range)
TARGET_KEYS: dict[str, tuple[Indicator, str, tuple[float, float]]] = {
    "deadlines_max_percent": (Indicator.DEADLINES, "at_most", PERCENT),
    "complaints_max_per_1000": (Indicator.COMPLAINTS, "at_most", PER_1000),
    "satisfaction_min_percent": (Indicator.SATISFACTION, "at_least", PERCENT),
    "load_min_percent": (Indicator.LOAD, "at_least", PERCENT),
    "load_max_percent": (Indicator.LOAD, "at_most", PERCENT),
}
BENCHMARK_KEYS: dict[str, tuple[Indicator, tuple[float, float]]] = {
    "deadlines_percent": (Indicator.DEADLINES, PERCENT),
    "complaints_per_1000": (Indicator.COMPLAINTS, PER_1000),
    "satisfaction_percent": (Indicator.SATISFACTION, PERCENT),
    "load_percent": (Indicator.LOAD, PERCENT),
}


def _number(reader: Reader, table: dict[str, Any], key: str, name: str, bounds: tuple[float, float]) -> float | None:
    value = reader.get(table, key, name, float, None)
    if value is not None and not bounds[0] <= value <= bounds[1]:
        reader.problem(path_of(key, name), f"must be from {bounds[0]:g} to {bounds[1]:g}, not {value:g}")
        return None
    return value


def read_programme(reader: Reader, table: Any) -> Programme | None:
    """The programme of `[programme]` (empty when the table is absent); None after any problem."""
    if not reader.keys(table, KEY, (*TARGET_KEYS, BENCHMARK)):
        return None
    before = len(reader.problems)
    bounds: dict[Indicator, dict[str, float]] = {}
    for name, (indicator, side, limits) in TARGET_KEYS.items():
        value = _number(reader, table, KEY, name, limits)
        if value is not None:
            bounds.setdefault(indicator, {})[side] = value
    load = bounds.get(Indicator.LOAD, {})
    if "at_least" in load and "at_most" in load and load["at_least"] > load["at_most"]:
        reader.problem(
            path_of(KEY, "load_max_percent"),
            f"must not be below load_min_percent ({load['at_least']:g}), not {load['at_most']:g}",
        )
    benchmark, name = _benchmark(reader, table.get(BENCHMARK, {}))
    if len(reader.problems) != before:
        return None
    targets = {indicator: Target(**sides) for indicator, sides in bounds.items()}
    return Programme(targets=targets, benchmark=benchmark, benchmark_name=name)


def _benchmark(reader: Reader, table: Any) -> tuple[dict[Indicator, float], Any]:
    key = path_of(KEY, BENCHMARK)
    if not reader.keys(table, key, ("name", "name_en", *BENCHMARK_KEYS)):
        return {}, None
    values: dict[Indicator, float] = {}
    for name, (indicator, limits) in BENCHMARK_KEYS.items():
        value = _number(reader, table, key, name, limits)
        if value is not None:
            values[indicator] = value
    if not table:
        return values, None
    return values, reader.localized(table, key)
