"""Cardinal numbers 0..999 in Ukrainian words, as a voice should say them.

Ticket and desk numbers are spoken, not spelled digit by digit, and only
«один»/«два» change with the gender of the noun they count (одна, дві; одне).
The apostrophe is the ASCII one: espeak-ng reads «п'ять» as one word, but
spells «пʼять» (U+02BC) letter by letter and names the apostrophe in English.
"""

from __future__ import annotations

GENDERS = ("masculine", "feminine", "neuter")

ZERO = "нуль"
_UNITS = ("", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять")
_GENDERED = {
    "masculine": {1: "один", 2: "два"},
    "feminine": {1: "одна", 2: "дві"},
    "neuter": {1: "одне", 2: "два"},
}
_TEENS = (
    "десять",
    "одинадцять",
    "дванадцять",
    "тринадцять",
    "чотирнадцять",
    "п'ятнадцять",
    "шістнадцять",
    "сімнадцять",
    "вісімнадцять",
    "дев'ятнадцять",
)
_TENS = ("", "", "двадцять", "тридцять", "сорок", "п'ятдесят", "шістдесят", "сімдесят", "вісімдесят", "дев'яносто")
_HUNDREDS = ("", "сто", "двісті", "триста", "чотириста", "п'ятсот", "шістсот", "сімсот", "вісімсот", "дев'ятсот")


def number_words(n: int, gender: str = "masculine") -> str:
    """`n` (0..999) in words; `gender` is that of the counted noun (21 талон, 21 година → «двадцять одна»)."""
    if gender not in _GENDERED:
        raise ValueError(f"gender must be one of {', '.join(GENDERS)}, not {gender!r}")
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 999:
        raise ValueError(f"only whole numbers 0..999 can be said, not {n!r}")
    if n == 0:
        return ZERO
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words = [_HUNDREDS[hundreds]]
    if tens == 1:
        words.append(_TEENS[units])
    else:
        words.append(_TENS[tens])
        words.append(_GENDERED[gender].get(units, _UNITS[units]))
    return " ".join(word for word in words if word)


def all_number_words() -> tuple[str, ...]:
    """Every single word `number_words` can give for a masculine count, smallest number first."""
    words = (ZERO, *_UNITS[1:], *_TEENS, *_TENS[2:], *_HUNDREDS[1:])
    return tuple(dict.fromkeys(words))
