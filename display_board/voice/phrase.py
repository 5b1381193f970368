"""A kiosk's spoken sentence: a screen's title, the choice under the visitor's finger, the number just issued.

The kiosk's accessible mode speaks what the page shows, in the page's own
words (from its catalogue and the office's service names), through the same
voice and cache as the hall boards. Only a ticket number needs help: «А015»
read as it is written comes out as letters and a zero, so it is said as the
boards say it, «а п'ятнадцять», and a typographic apostrophe becomes the
ASCII one espeak-ng reads within a word. The text goes to espeak-ng as one argument,
never through a shell; what could read as an option or a control is dropped.
"""

from __future__ import annotations

import re

from .announcement import LANGUAGES, LATIN_LETTERS, LETTER_NAMES
from .numerals import number_words

MAX_LENGTH = 400  # a screen's title with its choice, or a ticket's number and what to do next
TICKET_IN_TEXT = re.compile(r"(?<![\w'])([АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ]{1,2})(\d{1,3})(?!\w)")
CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")
APOSTROPHES = str.maketrans({"\u02bc": "'", "\u2019": "'"})  # espeak-ng spells «пʼять» letter by letter (docs/voice.md)


def phrase_text(text: str, lang: str) -> str:
    """The sentence as the synthesiser should read it: ticket numbers in words, one line, nothing that reads as an option."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    plain = " ".join(CONTROLS.sub(" ", text).split()).lstrip("-— ").translate(APOSTROPHES)
    if not plain:
        raise ValueError("nothing to say")
    if len(plain) > MAX_LENGTH:
        raise ValueError(f"at most {MAX_LENGTH} characters are said at once, not {len(plain)}")
    return TICKET_IN_TEXT.sub(lambda match: _ticket(match.group(1), int(match.group(2)), lang), plain)


def phrase_words(text: str) -> tuple[str, ...]:
    """The words of a sentence, to find an office's recorded clip of each (rarely all there: espeak-ng reads the rest)."""
    return tuple(word for word in (part.strip(".,:;!?«»()\"") for part in text.split()) if word)


def _ticket(prefix: str, value: int, lang: str) -> str:
    if lang == "uk":
        return " ".join((*(LETTER_NAMES[c] for c in prefix), number_words(value)))
    return "".join(LATIN_LETTERS[c] for c in prefix) + str(value)
