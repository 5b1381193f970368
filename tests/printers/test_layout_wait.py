"""The printed wait line: a figure only when a desk is open, else the plain words that none is."""

from __future__ import annotations

import dataclasses

import pytest

from escpos_reader import read
from printers.escpos_render import render
from printers.layout import Text, layout_ticket
from printers.profiles import PROFILES
from protocol.messages import PrintTicket
from queue_server.commands.printing import print_labels

TICKET = PrintTicket(
    labels=print_labels("uk"),
    office="Головний офіс ЦНАП «Віза»",
    number="П015",
    service="Оформлення ID-картки",
    issued_at="25.11.2026 01:00",
    people_ahead=3,
    estimated_wait_minutes=None,
    status_url="http://192.0.2.10:8000/t/Zx9-abc_DEF",
)


@pytest.mark.parametrize("name", ["epson-58", "epson-80", "cyrillic-1251-80"])
def test_with_no_desk_open_the_paper_says_the_wait_is_unknown(name) -> None:
    profile = PROFILES[name]
    paper = read(render(layout_ticket(TICKET, profile.columns), profile))
    text = " ".join(paper.lines)
    assert "Перед вами: 3" in text
    assert "Зараз жодне вікно не працює." in text and "Час очікування невідомий" in text
    assert "Орієнтовне очікування" not in text and "None" not in text and "хв" not in text
    assert paper.question_marks == 0 and paper.images == []  # plain code-page text, nothing drawn as an image


def test_the_first_in_line_with_no_desk_open_is_told_both() -> None:
    blocks = [block.text for block in layout_ticket(dataclasses.replace(TICKET, people_ahead=0), 32) if isinstance(block, Text)]
    assert "Ви наступні" in blocks and "Зараз жодне вікно не працює." in blocks


def test_an_open_desk_still_gives_the_figure_in_english_too() -> None:
    english = dataclasses.replace(TICKET, estimated_wait_minutes=12, lang="en", labels=print_labels("en"))
    blocks = [block.text for block in layout_ticket(english, 48) if isinstance(block, Text)]
    assert "Estimated wait: ~12 min" in blocks and not any("desk is open" in text for text in blocks)
    unknown = [block.text for block in layout_ticket(dataclasses.replace(TICKET, lang="en", labels=print_labels("en")), 48) if isinstance(block, Text)]
    assert "No desk is open now." in unknown and "The wait is unknown" in unknown


def test_the_lines_fit_58_mm_paper() -> None:
    for block in layout_ticket(TICKET, 32):
        if isinstance(block, Text) and block.size == 1:
            assert len(block.text) <= 32, block.text
