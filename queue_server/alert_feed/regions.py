"""`config/alert_regions.toml`: which offices each region of the alert feed covers.

    [regions]
    dnipropetrovsk = "all"                 # every office of the network
    kryvyi-rih = ["main", "pokrovskyi"]    # or a list of office codes

A region id is the feed's own (`"id"` in its answer). An office may be in
several regions: it is paused while any of them is in an alert. The file is
read only when the feed is switched on (`CHERGA_ALERT_FEED_URL`); a wrong
entry stops the start with a message that names it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..domain.model import OfficeCode

REGIONS_FILE = "alert_regions.toml"
EVERY_OFFICE = "all"
MAX_REGION_ID = 100


class AlertRegionsError(ValueError):
    """The region map cannot be used; the message names the entry."""


RegionMap = Mapping[str, tuple[OfficeCode, ...]]


def read_regions(config_dir: Path, offices: Iterable[str]) -> dict[str, tuple[OfficeCode, ...]]:
    """The map of `config_dir/alert_regions.toml` against the network's offices; {} when there is no file."""
    path = Path(config_dir) / REGIONS_FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AlertRegionsError(f"{path}: {error}") from None
    return regions_of(data, list(offices), str(path))


def regions_of(data: Mapping[str, object], offices: list[str], where: str = REGIONS_FILE) -> dict[str, tuple[OfficeCode, ...]]:
    unknown_keys = sorted(set(data) - {"regions"})
    if unknown_keys:
        raise AlertRegionsError(f"{where}: unknown key {unknown_keys[0]!r} (allowed: regions)")
    table = data.get("regions", {})
    if not isinstance(table, dict):
        raise AlertRegionsError(f"{where}: regions must be a table of region = offices")
    found: dict[str, tuple[OfficeCode, ...]] = {}
    for region, value in table.items():
        if not region.strip() or len(region) > MAX_REGION_ID:
            raise AlertRegionsError(f"{where}: regions.{region!r}: a region id has 1 to {MAX_REGION_ID} characters")
        if value == EVERY_OFFICE:
            found[region] = tuple(OfficeCode(code) for code in offices)
            continue
        if not isinstance(value, list) or not value or not all(isinstance(code, str) for code in value):
            raise AlertRegionsError(f'{where}: regions.{region}: expected "{EVERY_OFFICE}" or a list of office codes')
        strangers = [code for code in value if code not in offices]
        if strangers:
            raise AlertRegionsError(f"{where}: regions.{region}: unknown office {strangers[0]!r}")
        found[region] = tuple(OfficeCode(code) for code in dict.fromkeys(value))
    return found
