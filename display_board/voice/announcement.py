"""The words of one spoken call, «Талон А п'ятнадцять, вікно три», as pure data.

Words, not a sentence, because an office may have recorded each word as a
clip: the same tuple chooses the clips, names the files to record, and is
joined into the text espeak-ng reads. Input is validated here, so nothing
but these fixed words and numbers ever reaches the synthesiser.
"""

from __future__ import annotations

from .alert import alert_vocabulary
from .numerals import all_number_words, number_words

LANGUAGES = ("uk", "en")
DESK_KINDS = ("window", "room")

# How a letter of a ticket prefix is said in Ukrainian, alphabet order (Ь never starts a prefix).
LETTER_NAMES = {
    "А": "а", "Б": "бе", "В": "ве", "Г": "ге", "Ґ": "ґе", "Д": "де", "Е": "е", "Є": "є",
    "Ж": "же", "З": "зе", "И": "и", "І": "і", "Ї": "ї", "Й": "йот", "К": "ка", "Л": "ел",
    "М": "ем", "Н": "ен", "О": "о", "П": "пе", "Р": "ер", "С": "ес", "Т": "те", "У": "у",
    "Ф": "еф", "Х": "ха", "Ц": "це", "Ч": "че", "Ш": "ша", "Щ": "ща", "Ю": "ю", "Я": "я",
}

# The official Ukrainian–Latin transliteration (2010), what an English speaker can say.
LATIN_LETTERS = {
    "А": "A", "Б": "B", "В": "V", "Г": "H", "Ґ": "G", "Д": "D", "Е": "E", "Є": "Ye",
    "Ж": "Zh", "З": "Z", "И": "Y", "І": "I", "Ї": "Yi", "Й": "Y", "К": "K", "Л": "L",
    "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U",
    "Ф": "F", "Х": "Kh", "Ц": "Ts", "Ч": "Ch", "Ш": "Sh", "Щ": "Shch", "Ю": "Yu", "Я": "Ya",
}

TICKET_WORD = {"uk": "талон", "en": "ticket"}
DESK_WORDS = {
    "uk": {"window": "вікно", "room": "кабінет"},
    "en": {"window": "window", "room": "room"},
}


def split_ticket_number(number: str) -> tuple[str, int]:
    """«А015» → ("А", 15): zero to two prefix letters, then 1–3 digits."""
    digits = number.lstrip("".join(LETTER_NAMES))
    prefix = number[: len(number) - len(digits)]
    if not (len(prefix) <= 2 and 1 <= len(digits) <= 3 and all(c in "0123456789" for c in digits)):
        latin = any("A" <= c <= "Z" or "a" <= c <= "z" for c in number)
        hint = " (a Latin letter where a Cyrillic one belongs?)" if latin else ""
        raise ValueError(
            f"ticket number {number!r} is not zero to two Ukrainian capital letters followed by 1-3 digits{hint}"
        )
    return prefix, int(digits)


def announcement_words(number: str, desk_number: int, desk_kind: str, lang: str) -> tuple[str, ...]:
    """The call of ticket `number` to desk `desk_number`, one word per item, in the order said.

    A number becomes several words in Ukrainian («сто», «двадцять», «один») and
    stays digits in English, which espeak-ng reads by itself.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if desk_kind not in DESK_KINDS:
        raise ValueError(f"desk kind must be one of {', '.join(DESK_KINDS)}, not {desk_kind!r}")
    if isinstance(desk_number, bool) or not isinstance(desk_number, int) or not 1 <= desk_number <= 999:
        raise ValueError(f"desk number must be a whole number 1..999, not {desk_number!r}")
    prefix, value = split_ticket_number(number)
    desk_word = DESK_WORDS[lang][desk_kind]
    if lang == "uk":
        # The desk number is a label, said in the masculine nominative: «вікно один», «кабінет два».
        letters = tuple(LETTER_NAMES[c] for c in prefix)
        return ("талон", *letters, *number_words(value).split(), desk_word, *number_words(desk_number).split())
    letters = tuple(LATIN_LETTERS[c] for c in prefix)
    return ("ticket", *letters, str(value), desk_word, str(desk_number))


def announcement_text(words: tuple[str, ...], lang: str) -> str:
    """The words as one sentence to be read aloud: «Талон а п'ятнадцять, вікно три.»

    In English the letters are written against the number («Ticket A15»): apart,
    espeak-ng reads a lone «A» as the article, "ticket uh fifteen".
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    kinds = set(DESK_WORDS[lang].values())
    desk_at = max((i for i, word in enumerate(words) if word in kinds), default=None)
    if not words or words[0] != TICKET_WORD[lang] or desk_at is None:
        raise ValueError(f"not the words of a {lang} announcement: {words!r}")
    ticket, desk = words[:desk_at], words[desk_at:]
    if lang == "en":
        ticket = (ticket[0], "".join(ticket[1:]))
    spoken = f"{' '.join(ticket)}, {' '.join(desk)}."
    return spoken[0].upper() + spoken[1:]


def vocabulary_in_order(lang: str) -> tuple[str, ...]:
    """Every word an announcement in `lang` can need: the fixed words, the letters, the numbers, then the alert's words."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    fixed = (TICKET_WORD[lang], *DESK_WORDS[lang].values())
    if lang == "uk":
        return (*fixed, *LETTER_NAMES.values(), *all_number_words(), *alert_vocabulary(lang))
    letters = tuple(dict.fromkeys(LATIN_LETTERS.values()))
    return (*fixed, *letters, *(str(n) for n in range(1000)), *alert_vocabulary(lang))


def vocabulary(lang: str) -> set[str]:
    """The words an office records as clips for `lang` (one file each, named by the word)."""
    return set(vocabulary_in_order(lang))
