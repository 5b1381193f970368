"""The texts of the messages, from the one catalogue, with the values filled in.

A text names its values (`{office}`, `{date}`, `{time}`, `{code}`, …); a
value the text names but the caller left out is an error in the caller's
transaction, not a message with a hole in it. The booking's time is shown in
the office's zone, whatever the server's.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..i18n import LANGUAGES, catalogue, translate
from .message import MessageValues, Template

DATE_FORMAT = "%d.%m.%Y"
TIME_FORMAT = "%H:%M"
# GSM 03.38's basic alphabet: a text only in these letters fits 160 of them in
# one SMS; any other letter (Cyrillic among them) makes it UCS-2, 70 a segment.
GSM_7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_7_EXTENDED = set("^{}\\[~]|€")  # two places each


@dataclass(frozen=True)
class Text:
    subject: str  # for e-mail; an SMS has none
    body: str
    lang: str


class MissingValue(ValueError):
    """The text names a value the caller did not give."""


def named_values(key: str, lang: str) -> set[str]:
    """The values a message of the catalogue names (a plural choice `{ahead|…}` by its number's name)."""
    return {name.split("|")[0] for _, name, _, _ in string.Formatter().parse(catalogue()[key][lang]) if name}


def _values(values: MessageValues, lang: str) -> dict[str, object | None]:
    local = values.at.astimezone(ZoneInfo(values.office.timezone)) if values.at is not None else None
    return {
        "office": values.office.name.get(lang),
        "service": values.service.name.get(lang) if values.service is not None else None,
        "date": local.strftime(DATE_FORMAT) if local is not None else None,
        "time": local.strftime(TIME_FORMAT) if local is not None else None,
        "code": values.code,
        "number": values.number,
        "ahead": values.ahead,
        "link": values.link,
    }


def _filled(key: str, lang: str, known: dict[str, object | None]) -> str:
    named = named_values(key, lang)
    unknown = named - set(known)
    if unknown:
        raise MissingValue(f"{key} names {', '.join(sorted(unknown))}, which no message has")
    missing = sorted(name for name in named if known[name] is None)
    if missing:
        raise MissingValue(f"{key} needs {', '.join(missing)}")
    return translate(key, lang, **{name: known[name] for name in named})


def render(template: Template, values: MessageValues, lang: str) -> Text:
    """The message's subject and text in `lang` (Ukrainian unless English is asked)."""
    lang = lang if lang in LANGUAGES else "uk"
    known = _values(values, lang)
    return Text(
        subject=_filled(f"message.{template}.subject", lang, known),
        body=_filled(f"message.{template}.text", lang, known),
        lang=lang,
    )


def sms_segments(text: str) -> int:
    """How many SMS a text takes: 160 (153 when split) GSM-7 letters, or 70 (67) UCS-2 ones."""
    if set(text) <= GSM_7 | GSM_7_EXTENDED:
        length = sum(2 if letter in GSM_7_EXTENDED else 1 for letter in text)
        single, part = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if length <= single else -(-length // part)
