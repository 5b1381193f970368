"""The ESC/POS bytes read back: Ukrainian text in the right code page, the QR payload, the cut."""

from __future__ import annotations

import dataclasses

import pytest

from escpos_reader import read
from printers.escpos_render import render
from printers.layout import Cut, Qr, Text, layout_ticket
from printers.profiles import PROFILES, PrinterProfile, QrMode, TextMode
from protocol.messages import PrintTicket
from queue_server.commands.printing import print_labels

TICKET = PrintTicket(
    labels=print_labels("uk"),
    office="Головний офіс ЦНАП «Віза»",
    number="П015",
    service="Оформлення ID-картки: їжак, ґанок, єнот, Ії Ґґ Єє",
    issued_at="24.11.2026 10:15",
    people_ahead=3,
    estimated_wait_minutes=12,
    status_url="http://192.0.2.10:8000/t/Zx9-abc_DEF",
    priority="Ветеран війни",
)


@pytest.mark.parametrize("name", ["epson-80", "epson-58", "cyrillic-1251-80"])
def test_code_page_printers_get_real_ukrainian_letters(name) -> None:
    profile = PROFILES[name]
    paper = read(render(layout_ticket(TICKET, profile.columns), profile))
    text = "\n".join(paper.lines)
    assert paper.codepage == {"CP1125": 44, "WPC1251": 46}[profile.codepage]
    for word in ("Головний офіс ЦНАП \"Віза\"", "П015", "їжак", "ґанок", "єнот", "Ії", "Ґґ", "Єє", "Перед вами: 3", "~12 хв", "24.11.2026 10:15"):
        assert word in text, (word, text)
    assert paper.question_marks == 0 and paper.images == []
    assert paper.qr_codes == [TICKET.status_url]
    assert paper.cuts == 1


def test_lines_fit_the_paper() -> None:
    for profile in (PROFILES["epson-58"], PROFILES["epson-80"]):
        for block in layout_ticket(TICKET, profile.columns):
            if isinstance(block, Text) and block.size == 1:
                assert len(block.text) <= profile.columns, block.text


@pytest.mark.parametrize("name", ["image-58", "image-80"])
def test_image_printers_get_bitmaps_as_wide_as_the_paper(name) -> None:
    profile = PROFILES[name]
    paper = read(render(layout_ticket(TICKET, profile.columns), profile))
    assert paper.lines == []  # no text in any code page: nothing can come out as '?'
    assert paper.qr_codes == []  # the QR is an image too
    assert len(paper.images) >= 10 and all(width == profile.dots for width, _ in paper.images)
    assert paper.cuts == 1


def test_a_line_the_code_page_cannot_hold_is_printed_as_an_image() -> None:
    profile = PrinterProfile(codepage="CP866")  # PC866 lacks і ї є ґ
    paper = read(render((Text("Київ, Ґалаґан"), Text("Москва не наша"), Cut()), profile))
    assert paper.lines == ["Москва не наша"]
    assert len(paper.images) == 1 and paper.question_marks == 0


def test_native_and_image_qr() -> None:
    native = read(render((Qr("http://x/t/1"), Cut()), PrinterProfile(qr_mode=QrMode.NATIVE)))
    drawn = read(render((Qr("http://x/t/1"), Cut()), PrinterProfile(qr_mode=QrMode.IMAGE)))
    assert native.qr_codes == ["http://x/t/1"] and native.images == []
    assert drawn.qr_codes == [] and len(drawn.images) == 1


def test_english_ticket() -> None:
    english = dataclasses.replace(TICKET, lang="en", labels=print_labels("en"), service="First ID card", people_ahead=0)
    paper = read(render(layout_ticket(english, 48), PROFILES["epson-80"]))
    text = "\n".join(paper.lines)
    assert "Your number" in text and "You are next" in text and "Scan the QR code" in text


def test_bad_profiles_are_refused() -> None:
    with pytest.raises(ValueError, match="58 or 80"):
        PrinterProfile(paper_mm=76)
    with pytest.raises(ValueError, match="codepage"):
        PrinterProfile(codepage="UTF-8")
    with pytest.raises(RuntimeError, match="fonts-dejavu-core"):
        render((Text("Привіт"),), PrinterProfile(text_mode=TextMode.IMAGE, font_path="/nonexistent.ttf"))


def test_image_text_is_broken_to_fit_the_paper_in_the_drawing_font() -> None:
    from printers.escpos_render import _font_for, fit_lines
    from printers.layout import Size

    profile = PROFILES["image-58"]
    long_text = "Орієнтовне очікування: приблизно сорок п'ять хвилин у черзі до вікна"
    lines = fit_lines(long_text, Size.NORMAL, False, profile)
    font = _font_for(Size.NORMAL, False, profile)
    assert len(lines) > 1 and " ".join(lines) == long_text
    assert all(font.getlength(line) <= profile.dots for line in lines)
