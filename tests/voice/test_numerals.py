"""Ukrainian numerals 0..999: the table against a construction from word stems, and the tricky forms."""

from __future__ import annotations

import pytest

from display_board.voice.numerals import GENDERS, all_number_words, number_words

UNITS = {1: "один", 2: "два", 3: "три", 4: "чотири", 5: "п'ять", 6: "шість", 7: "сім", 8: "вісім", 9: "дев'ять"}
FORMS_OF_ONE_AND_TWO = {"masculine": ("один", "два"), "feminine": ("одна", "дві"), "neuter": ("одне", "два")}


def stem(unit: int) -> str:
    """The unit without its soft sign: п'ять → п'ят, три → три."""
    return UNITS[unit].removesuffix("ь")


def by_rule(n: int, gender: str) -> str:
    """The same number built differently: from stems and the suffixes -надцять, -дцять, -десят, -ста, -сот."""
    if n == 0:
        return "нуль"
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds:
        words.append({1: "сто", 2: "двісті"}.get(hundreds) or stem(hundreds) + ("ста" if hundreds < 5 else "сот"))
    if tens == 1:
        teen = {0: "десять", 1: "одинадцять", 4: "чотирнадцять"}.get(units)
        words.append(teen or stem(units) + "надцять")
    else:
        if tens:
            words.append({4: "сорок", 9: "дев'яносто"}.get(tens) or stem(tens) + ("дцять" if tens < 4 else "десят"))
        if units:
            words.append(FORMS_OF_ONE_AND_TWO[gender][units - 1] if units <= 2 else UNITS[units])
    return " ".join(words)


@pytest.mark.parametrize("gender", GENDERS)
def test_every_number_matches_the_construction_from_stems(gender: str) -> None:
    table = {n: number_words(n, gender) for n in range(1000)}
    wrong = [(n, words, by_rule(n, gender)) for n, words in table.items() if words != by_rule(n, gender)]
    assert wrong == []


@pytest.mark.parametrize(
    ("n", "gender", "words"),
    [
        (0, "masculine", "нуль"),
        (1, "masculine", "один"),
        (1, "feminine", "одна"),
        (1, "neuter", "одне"),
        (2, "masculine", "два"),
        (2, "feminine", "дві"),
        (2, "neuter", "два"),
        (10, "masculine", "десять"),
        (11, "masculine", "одинадцять"),
        (11, "feminine", "одинадцять"),
        (12, "feminine", "дванадцять"),
        (13, "masculine", "тринадцять"),
        (14, "masculine", "чотирнадцять"),
        (15, "masculine", "п'ятнадцять"),
        (16, "masculine", "шістнадцять"),
        (17, "masculine", "сімнадцять"),
        (18, "masculine", "вісімнадцять"),
        (19, "masculine", "дев'ятнадцять"),
        (20, "masculine", "двадцять"),
        (21, "masculine", "двадцять один"),
        (21, "feminine", "двадцять одна"),
        (21, "neuter", "двадцять одне"),
        (40, "masculine", "сорок"),
        (90, "masculine", "дев'яносто"),
        (100, "masculine", "сто"),
        (101, "masculine", "сто один"),
        (111, "masculine", "сто одинадцять"),
        (200, "masculine", "двісті"),
        (222, "feminine", "двісті двадцять дві"),
        (300, "masculine", "триста"),
        (400, "masculine", "чотириста"),
        (500, "masculine", "п'ятсот"),
        (999, "masculine", "дев'ятсот дев'яносто дев'ять"),
    ],
)
def test_spot_checks(n: int, gender: str, words: str) -> None:
    assert number_words(n, gender) == words


def test_masculine_is_the_default() -> None:
    assert number_words(2) == "два"


@pytest.mark.parametrize("n", [-1, 1000, 10_000])
def test_numbers_outside_0_to_999_are_refused(n: int) -> None:
    with pytest.raises(ValueError, match="0..999"):
        number_words(n)


@pytest.mark.parametrize("n", [1.0, "5", True])
def test_only_whole_numbers(n: object) -> None:
    with pytest.raises(ValueError, match="0..999"):
        number_words(n)  # type: ignore[arg-type]


def test_unknown_gender_is_refused() -> None:
    with pytest.raises(ValueError, match="gender"):
        number_words(1, "plural")


def test_one_apostrophe_everywhere_the_ascii_one() -> None:
    text = " ".join(number_words(n, g) for n in range(1000) for g in GENDERS)
    assert "'" in text
    assert "\u02bc" not in text and "\u2019" not in text


def test_all_number_words_are_exactly_the_words_used() -> None:
    used = {word for n in range(1000) for word in number_words(n).split()}
    assert set(all_number_words()) == used
    assert len(all_number_words()) == len(used)
