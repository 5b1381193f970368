"""The printer's own report (ESC/POS real-time status, `DLE EOT n`), read into plain words.

A supervisor must learn that the paper is out before visitors do, so the
agent asks the printer whenever it can answer and reports what it says.
"""

from __future__ import annotations

from dataclasses import dataclass

from protocol.messages import PrinterState

DLE_EOT = b"\x10\x04"
ASK_PRINTER = DLE_EOT + b"\x01"
ASK_OFFLINE_CAUSE = DLE_EOT + b"\x02"
ASK_PAPER = DLE_EOT + b"\x04"


@dataclass(frozen=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.state in (PrinterState.READY, PrinterState.PAPER_LOW, PrinterState.UNKNOWN)


def _valid(byte: int) -> bool:
    # every real-time status byte has bit 1 set, bit 4 set, bits 0 and 7 clear
    return byte & 0b1001_0011 == 0b0001_0010


def interpret(printer: int, offline_cause: int, paper: int) -> PrinterStatus:
    """The three status bytes (answers to DLE EOT 1, 2 and 4) as one state, the worst first."""
    if not all(_valid(byte) for byte in (printer, offline_cause, paper)):
        return PrinterStatus(PrinterState.UNKNOWN, "the printer's answer is not an ESC/POS status")
    if offline_cause & 0x04:
        return PrinterStatus(PrinterState.COVER_OPEN, "the cover is open")
    if paper & 0x60 or offline_cause & 0x20:
        return PrinterStatus(PrinterState.PAPER_OUT, "the paper has run out")
    if printer & 0x08:
        return PrinterStatus(PrinterState.OFFLINE, "the printer is offline")
    if paper & 0x0C:
        return PrinterStatus(PrinterState.PAPER_LOW, "the paper is nearly out")
    return PrinterStatus(PrinterState.READY)
