"""The words of a call in Ukrainian and English, the sentence read aloud, and what is refused."""

from __future__ import annotations

import pytest

from display_board.voice.announcement import (
    LATIN_LETTERS,
    LETTER_NAMES,
    announcement_text,
    announcement_words,
    split_ticket_number,
    vocabulary,
    vocabulary_in_order,
)


def test_the_example_call_in_ukrainian() -> None:
    words = announcement_words("А015", 3, "window", "uk")
    assert words == ("талон", "а", "п'ятнадцять", "вікно", "три")
    assert announcement_text(words, "uk") == "Талон а п'ятнадцять, вікно три."


def test_the_example_call_in_english() -> None:
    words = announcement_words("А015", 3, "window", "en")
    assert words == ("ticket", "A", "15", "window", "3")
    assert announcement_text(words, "en") == "Ticket A15, window 3."


def test_rooms_and_numbers_of_several_words() -> None:
    words = announcement_words("П121", 12, "room", "uk")
    assert words == ("талон", "пе", "сто", "двадцять", "один", "кабінет", "дванадцять")
    assert announcement_text(words, "uk") == "Талон пе сто двадцять один, кабінет дванадцять."
    assert announcement_words("П121", 12, "room", "en") == ("ticket", "P", "121", "room", "12")


def test_the_desk_number_is_a_masculine_label() -> None:
    assert announcement_words("Б1", 1, "window", "uk")[-2:] == ("вікно", "один")
    assert announcement_words("Б2", 2, "window", "uk")[-2:] == ("вікно", "два")
    assert announcement_words("Б21", 21, "room", "uk")[-3:] == ("кабінет", "двадцять", "один")


def test_leading_zeros_are_not_said() -> None:
    assert announcement_words("В007", 1, "window", "uk")[:3] == ("талон", "ве", "сім")
    assert announcement_words("В007", 1, "window", "en")[:3] == ("ticket", "V", "7")
    assert announcement_words("В000", 1, "window", "uk")[2] == "нуль"


def test_two_letters_and_no_letter() -> None:
    assert announcement_words("ЖЩ7", 4, "window", "uk") == ("талон", "же", "ща", "сім", "вікно", "чотири")
    words = announcement_words("ЖЩ7", 4, "window", "en")
    assert words == ("ticket", "Zh", "Shch", "7", "window", "4")
    assert announcement_text(words, "en") == "Ticket ZhShch7, window 4."
    assert announcement_words("42", 5, "window", "uk") == ("талон", "сорок", "два", "вікно", "п'ять")
    assert announcement_text(announcement_words("42", 5, "window", "en"), "en") == "Ticket 42, window 5."


def test_every_prefix_letter_has_a_name_and_a_transliteration() -> None:
    used = "А Б В Г Д Е Є Ж З И І К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ю Я".split()
    assert set(used) <= set(LETTER_NAMES) == set(LATIN_LETTERS)
    assert "Ь" not in LETTER_NAMES
    for letter in LETTER_NAMES:
        assert announcement_words(f"{letter}1", 1, "window", "uk")[1] == LETTER_NAMES[letter]
        assert announcement_words(f"{letter}1", 1, "window", "en")[1] == LATIN_LETTERS[letter]
    assert [LETTER_NAMES[c] for c in "ГҐЙЛХЦЩ"] == ["ге", "ґе", "йот", "ел", "ха", "це", "ща"]
    assert [LATIN_LETTERS[c] for c in "ГҐЄЇХЦЩ"] == ["H", "G", "Ye", "Yi", "Kh", "Ts", "Shch"]


@pytest.mark.parametrize(
    "number",
    ["", "А", "А1234", "АБВ1", "Ь1", "а15", "A15", "А-15", "А 15", "15А", "А١٥", "А½"],
)
def test_malformed_ticket_numbers_are_refused(number: str) -> None:
    with pytest.raises(ValueError, match="ticket number"):
        announcement_words(number, 1, "window", "uk")


def test_a_latin_look_alike_is_pointed_out() -> None:
    with pytest.raises(ValueError, match="Latin letter"):
        split_ticket_number("A015")  # Latin A
    assert split_ticket_number("А015") == ("А", 15)  # Cyrillic А


@pytest.mark.parametrize("desk_number", [0, 1000, -3, True, 2.0])
def test_desk_numbers_outside_1_to_999_are_refused(desk_number: object) -> None:
    with pytest.raises(ValueError, match="desk number"):
        announcement_words("А1", desk_number, "window", "uk")  # type: ignore[arg-type]


def test_unknown_kind_and_language_are_refused() -> None:
    with pytest.raises(ValueError, match="desk kind"):
        announcement_words("А1", 1, "counter", "uk")
    with pytest.raises(ValueError, match="language"):
        announcement_words("А1", 1, "window", "pl")
    with pytest.raises(ValueError, match="language"):
        announcement_text(("talon",), "pl")
    with pytest.raises(ValueError, match="not the words"):
        announcement_text(("талон", "а", "один"), "uk")
    with pytest.raises(ValueError, match="not the words"):
        announcement_text(announcement_words("А1", 1, "window", "uk"), "en")


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_vocabulary_holds_every_word_of_every_call(lang: str) -> None:
    words = vocabulary(lang)
    assert len(words) == len(vocabulary_in_order(lang))
    for number in ["А1", "Б015", "ЩЮ999", "0", "Ґ120", "Й11"]:
        for desk, kind in [(1, "window"), (12, "room"), (999, "room"), (40, "window")]:
            assert set(announcement_words(number, desk, kind, lang)) <= words


def test_the_ukrainian_vocabulary_is_small_enough_to_record() -> None:
    words = vocabulary_in_order("uk")
    assert words[:3] == ("талон", "вікно", "кабінет")
    assert len(words) == 3 + 32 + 1 + 9 + 10 + 8 + 9 + 10  # the last ten: the air-raid alert's words
    assert "двісті" in words and "дві" not in words
