"""Printer profiles: paper width, how Ukrainian text reaches paper, how the QR is made.

Ordinary Epson-compatible printers differ in what they can do: most hold
the code page PC1125 (Ukrainian) or WPC1251 (Cyrillic), some neither, and
some print no native QR. A profile says which way works for a printer; text
that the chosen code page cannot hold is printed as an image instead, so a
`?` never reaches paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TextMode(StrEnum):
    CODEPAGE = "codepage"  # fast, sharp: the printer's own font in a Cyrillic code page
    IMAGE = "image"  # always right: text drawn with a Cyrillic font and sent as a bitmap


class QrMode(StrEnum):
    NATIVE = "native"  # the printer draws it (GS ( k)
    IMAGE = "image"  # drawn here and sent as a bitmap


# ESC t n numbers of the Epson code page table, and Python's codec for each
CODEPAGES: dict[str, tuple[int, str]] = {
    "CP1125": (44, "cp1125"),  # PC1125, Ukrainian: has і ї є ґ
    "WPC1251": (46, "cp1251"),  # Windows Cyrillic: has і ї є ґ
    "CP866": (17, "cp866"),  # PC866, Russian: lacks і ї є ґ; kept for old printers, with image fallback
}

PAPER = {58: (32, 384), 80: (48, 576)}  # columns of font A, printable dots


@dataclass(frozen=True)
class PrinterProfile:
    name: str = "epson-80"
    paper_mm: int = 80
    text_mode: TextMode = TextMode.CODEPAGE
    codepage: str = "CP1125"
    qr_mode: QrMode = QrMode.NATIVE
    font_path: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    def __post_init__(self) -> None:
        if self.paper_mm not in PAPER:
            raise ValueError(f"paper_mm must be 58 or 80, not {self.paper_mm}")
        if self.codepage not in CODEPAGES:
            raise ValueError(f"codepage must be one of {', '.join(CODEPAGES)}, not {self.codepage!r}")

    @property
    def columns(self) -> int:
        return PAPER[self.paper_mm][0]

    @property
    def dots(self) -> int:
        return PAPER[self.paper_mm][1]


PROFILES = {
    "epson-80": PrinterProfile(),
    "epson-58": PrinterProfile(name="epson-58", paper_mm=58),
    "cyrillic-1251-80": PrinterProfile(name="cyrillic-1251-80", codepage="WPC1251"),
    "image-58": PrinterProfile(name="image-58", paper_mm=58, text_mode=TextMode.IMAGE, qr_mode=QrMode.IMAGE),
    "image-80": PrinterProfile(name="image-80", text_mode=TextMode.IMAGE, qr_mode=QrMode.IMAGE),
}
