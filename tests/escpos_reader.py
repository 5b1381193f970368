"""Reads ESC/POS bytes back into what a printer would do: text in its code page, QR data, images, cuts.

Only the commands our renderer uses are understood; anything else is an error,
so an unexpected byte fails the test instead of slipping through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CODEPAGE_CODECS = {44: "cp1125", 46: "cp1251", 17: "cp866", 0: "cp437"}


@dataclass
class Paper:
    lines: list[str] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    images: list[tuple[int, int]] = field(default_factory=list)  # (width dots, height dots)
    cuts: int = 0
    codepage: int = 0
    question_marks: int = 0


def read(data: bytes) -> Paper:
    paper = Paper()
    text = bytearray()
    i = 0

    def flush() -> None:
        if text:
            decoded = bytes(text).decode(CODEPAGE_CODECS[paper.codepage])
            paper.question_marks += decoded.count("?")
            paper.lines += [line for line in decoded.split("\n") if line.strip("-")]
            text.clear()

    while i < len(data):
        byte = data[i]
        if byte == 0x1B:  # ESC
            command = data[i + 1]
            if command == ord("@"):
                i += 2
            elif command in (ord("t"), ord("E"), ord("a"), ord("!"), ord("M"), ord("-"), ord("G"), ord("V"), ord("{")):
                if command == ord("t"):
                    flush()
                    paper.codepage = data[i + 2]
                i += 3
            elif command == ord("d"):
                i += 3
            else:
                raise ValueError(f"unexpected ESC {command:#x} at {i}")
        elif byte == 0x1D:  # GS
            command = data[i + 1]
            if command == ord("!") or command == ord("B") or command == ord("b"):
                i += 3
            elif command == ord("V"):
                flush()
                paper.cuts += 1
                mode = data[i + 2]
                i += 4 if mode in (65, 66) else 3
            elif command == ord("(") and data[i + 2] == ord("k"):
                length = data[i + 3] + 256 * data[i + 4]
                body = data[i + 5 : i + 5 + length]
                if body[0] == 49 and body[1] == 80:  # store the QR data
                    paper.qr_codes.append(body[3:].decode("utf-8"))
                i += 5 + length
            elif command == ord("v") and data[i + 2] == ord("0"):
                flush()
                width_bytes = data[i + 4] + 256 * data[i + 5]
                height = data[i + 6] + 256 * data[i + 7]
                paper.images.append((width_bytes * 8, height))
                i += 8 + width_bytes * height
            else:
                raise ValueError(f"unexpected GS {command:#x} at {i}")
        else:
            text.append(byte)
            i += 1
    flush()
    return paper
