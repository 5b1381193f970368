"""An office's shelter directions (`shelter`, `shelter_en`): what its public screens show in an air-raid alert.

Optional, because the catalogue has a general line («Пройдіть до укриття,
персонал покаже шлях») for an office that gives none; but given, the words
are the office's own and must exist in both languages, like every visible
text, so an English screen never shows a blank where the way should be.
"""

from __future__ import annotations

from typing import Any

from ..domain.model import LocalizedText
from .reader import Reader, path_of

SHELTER_KEYS = ("shelter", "shelter_en")
LONGEST = 300  # a board shows it in large letters: a sentence or two, not a page


def read_office_shelter(reader: Reader, entry: dict[str, Any], key: str) -> LocalizedText | None:
    """The office's shelter directions, or None when it gives none (a problem is noted for half a pair)."""
    given = [name for name in SHELTER_KEYS if name in entry]
    if not given:
        return None
    if len(given) == 1:
        missing = SHELTER_KEYS[1] if given[0] == SHELTER_KEYS[0] else SHELTER_KEYS[0]
        reader.problem(path_of(key, missing), f"is required with {given[0]}: the directions are shown in Ukrainian and English")
        return None
    uk = reader.text(entry, key, "shelter", LONGEST)
    en = reader.text(entry, key, "shelter_en", LONGEST)
    return LocalizedText(uk, en) if uk and en else None
