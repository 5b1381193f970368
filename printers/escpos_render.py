"""Rendering a ticket layout to ESC/POS bytes with python-escpos.

Text goes out in the profile's code page (`ESC t n`, encoded here with
Python's own codec, so the bytes are known exactly) or, when the profile asks
for it or the code page lacks a character, as an image drawn with a Cyrillic
font. Nothing is ever replaced by `?`.
"""

from __future__ import annotations

from functools import cache

import qrcode  # type: ignore[import-untyped]
import qrcode.constants  # type: ignore[import-untyped]
from escpos.printer import Dummy  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from .layout import Block, Cut, Feed, Qr, Rule, Size, Text
from .profiles import CODEPAGES, PrinterProfile, QrMode, TextMode

ESC = b"\x1b"
GS = b"\x1d"
INITIALIZE = ESC + b"@"
FONT_PIXELS = {Size.NORMAL: 24, Size.LARGE: 40, Size.HUGE: 110}


@cache
def _font(path: str, pixels: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, pixels)
    except OSError as error:
        raise RuntimeError(
            f"the printer profile's font {path!r} cannot be read ({error}); on Debian: apt-get install fonts-dejavu-core"
        ) from error


def _font_for(size: Size, bold: bool, profile: PrinterProfile) -> ImageFont.FreeTypeFont:
    path = profile.font_path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") if bold else profile.font_path
    return _font(path, FONT_PIXELS[size])


def fit_lines(text: str, size: Size, bold: bool, profile: PrinterProfile) -> list[str]:
    """The text broken into lines that fit the paper's dots in the drawing font."""
    font = _font_for(size, bold, profile)
    room = profile.dots - 8
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > room:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def text_image(text: str, size: Size, bold: bool, profile: PrinterProfile) -> Image.Image:
    """One line of text as a 1-bit image as wide as the paper's printable area."""
    font = _font_for(size, bold, profile)
    left, top, right, bottom = font.getbbox(text)
    height = int(bottom - min(top, 0)) + 8
    image = Image.new("1", (profile.dots, height), 1)
    width = int(right - left)
    x = max((profile.dots - width) // 2, 0)
    ImageDraw.Draw(image).text((x - left, 4 - min(top, 0)), text, font=font, fill=0)
    return image


# Typography that Cyrillic code pages lack, with the plain sign a reader expects.
PLAIN = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "’": "'", "ʼ": "'", "–": "-", "—": "-", "№": "N"})


def qr_image(data: str, module: int, profile: PrinterProfile) -> Image.Image:
    """The QR code drawn here, centred on a strip as wide as the paper."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module, border=2)
    code.add_data(data)
    code.make(fit=True)
    drawn = code.make_image(fill_color="black", back_color="white").get_image().convert("1")
    strip = Image.new("1", (profile.dots, drawn.height), 1)
    strip.paste(drawn, (max((profile.dots - drawn.width) // 2, 0), 0))
    return strip


def rule_image(profile: PrinterProfile) -> Image.Image:
    strip = Image.new("1", (profile.dots, 12), 1)
    ImageDraw.Draw(strip).line((8, 6, profile.dots - 8, 6), fill=0, width=2)
    return strip


def encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def render(blocks: tuple[Block, ...], profile: PrinterProfile) -> bytes:
    """The whole ticket as the bytes a printer receives."""
    printer = Dummy()
    # the generic capability profile leaves the paper width unknown (and says so on stdout)
    printer.profile.profile_data["media"]["width"]["pixels"] = profile.dots
    printer._raw(INITIALIZE)
    number, codec = CODEPAGES[profile.codepage]
    if profile.text_mode is TextMode.CODEPAGE:
        printer._raw(ESC + b"t" + bytes([number]))
    for block in blocks:
        if isinstance(block, Text):
            _text(printer, block, profile, codec)
        elif isinstance(block, Qr):
            printer.set(align="center", normal_textsize=True, bold=False)
            if profile.qr_mode is QrMode.NATIVE:
                printer.qr(block.data, size=block.module, native=True)
            else:
                printer.image(qr_image(block.data, block.module, profile), center=False)
        elif isinstance(block, Rule):
            printer.set(align="left", normal_textsize=True, bold=False)
            if profile.text_mode is TextMode.IMAGE:
                printer.image(rule_image(profile), center=False)
            else:
                printer._raw(b"-" * profile.columns + b"\n")
        elif isinstance(block, Feed):
            printer._raw(b"\n" * block.lines)
        elif isinstance(block, Cut):
            printer.cut(mode="PART")
    return bytes(printer.output)


def _text(printer: Dummy, block: Text, profile: PrinterProfile, codec: str) -> None:
    plain = block.text.translate(PLAIN)
    if profile.text_mode is TextMode.CODEPAGE and encodable(plain, codec):
        printer.set(
            align="center" if block.center else "left",
            bold=block.bold,
            custom_size=block.size is not Size.NORMAL,
            width=int(block.size),
            height=int(block.size),
            normal_textsize=block.size is Size.NORMAL,
        )
        printer._raw(plain.encode(codec) + b"\n")
        return
    printer.set(align="left", normal_textsize=True, bold=False)
    for line in fit_lines(block.text, block.size, block.bold, profile):
        printer.image(text_image(line, block.size, block.bold, profile), center=False)
