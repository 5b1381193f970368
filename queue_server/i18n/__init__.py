"""The one message catalogue of every page: Ukrainian first, English second.

Templates call `t("key")`; scripts load `/i18n/<lang>.json` and call `t("key")`
of `static/cherga-i18n.js`. A test checks that every key used anywhere exists
in both languages, so no visible string escapes translation. The catalogue is
kept in several files (`messages*.toml`, one per group of pages) read as one;
a key in two files is an error, not a silent override.
"""

from __future__ import annotations

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


def translate(key: str, lang: str, **values: object) -> str:
    texts = catalogue().get(key)
    if texts is None:
        raise KeyError(f"no message {key!r} in the catalogue")
    text = texts[lang if lang in LANGUAGES else "uk"]
    return text.format(**values) if values else text
