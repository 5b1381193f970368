"""The one message catalogue of every page: Ukrainian first, English second.

Templates call `t("key")`; scripts load `/i18n/<lang>.json` and call `t("key")`
of `static/cherga-i18n.js`. A test checks that every key used anywhere exists
in both languages, so no visible string escapes translation. The catalogue is
kept in several files (`messages*.toml`, one per group of pages) read as one;
a key in two files is an error, not a silent override.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("uk", "en")
CATALOGUE_FILE = Path(__file__).with_name("messages.toml")
CATALOGUE_FILES = tuple(sorted(CATALOGUE_FILE.parent.glob("messages*.toml")))


@cache
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in CATALOGUE_FILES:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        for key, value in data.items():
            if key in merged:
                raise KeyError(f"message {key!r} is in more than one catalogue file ({path.name})")
            merged[key] = {lang: str(value[lang]) for lang in LANGUAGES}
    return merged


def messages(lang: str) -> dict[str, str]:
    lang = lang if lang in LANGUAGES else "uk"
    return {key: texts[lang] for key, texts in catalogue().items()}


PLURAL = re.compile(r"\{(\w+)\|([^{}]*)\}")


def plural_form(count: int, forms: list[str]) -> str:
    """The word form for `count`: three forms are Ukrainian's (1 відвідувач, 2–4 відвідувачі,
    5+ відвідувачів; 11–14 take the last), two are English's (1 visitor, 2 visitors)."""
    count = abs(int(count))
    if len(forms) == 2:
        return forms[0] if count == 1 else forms[1]
    if len(forms) != 3:
        raise ValueError(f"a plural choice has two forms (en) or three (uk), not {forms!r}")
    if count % 10 == 1 and count % 100 != 11:
        return forms[0]
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return forms[1]
    return forms[2]


def translate(key: str, lang: str, **values: object) -> str:
    """The message in `lang`, its `{name}`s filled in; `{name|form|form…}` picks the word
    form for the number `name` (`count` in «{count} {count|відвідувач|відвідувачі|відвідувачів}»)."""
    texts = catalogue().get(key)
    if texts is None:
        raise KeyError(f"no message {key!r} in the catalogue")
    text = texts[lang if lang in LANGUAGES else "uk"]
    text = PLURAL.sub(lambda match: plural_form(int(values[match.group(1)]), match.group(2).split("|")), text)  # type: ignore[call-overload]
    return text.format(**values) if values else text


def both(key: str, **values: object) -> tuple[str, str]:
    """The message in Ukrainian and in English, for data that carries both (a report's row labels)."""
    return translate(key, "uk", **values), translate(key, "en", **values)
