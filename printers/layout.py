"""The printed ticket, laid out once as pure data.

The same layout is rendered to ESC/POS for any printer profile (58 or 80 mm,
code page or image text), so every ticket of every printer says the same
thing in the same order: office, the big number, the service (or a visit's
steps, numbered), the time, people ahead, the estimated wait, and the QR
code of the ticket's page.
What is printed is the print job's ticket (`protocol.PrintTicket`), the type
the server sends and the agent checks.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from enum import IntEnum

from protocol.messages import PrintTicket


class Size(IntEnum):
    """Character magnification (ESC/POS `GS !`): 1 normal, 2 double, 4 for the number."""

    NORMAL = 1
    LARGE = 2
    HUGE = 4


@dataclass(frozen=True)
class Text:
    text: str
    size: Size = Size.NORMAL
    bold: bool = False
    center: bool = True


@dataclass(frozen=True)
class Qr:
    """The ticket page's address; `module` is the dot size of one QR module."""

    data: str
    module: int = 6


@dataclass(frozen=True)
class Rule:
    """A separating line across the paper."""


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Cut the paper (a partial cut leaves the ticket hanging for the visitor)."""


Block = Text | Qr | Rule | Feed | Cut


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def layout_ticket(ticket: PrintTicket, columns: int) -> tuple[Block, ...]:
    """The blocks of one ticket for paper `columns` characters wide (32 on 58 mm, 48 on 80 mm).

    The words around the figures are the ticket's own `labels`, which the
    server sends in the ticket's language: this package holds no text.
    """
    labels = ticket.labels
    blocks: list[Block] = [Text(line, bold=True) for line in wrap(ticket.office, columns)]
    blocks += [Rule(), Text(labels["number"]), Text(ticket.number, Size.HUGE, bold=True), Feed()]
    blocks += _what_for(ticket, columns)
    if ticket.priority:
        blocks += [Text(line) for line in wrap(ticket.priority, columns)]
    blocks += [Rule()]
    if ticket.people_ahead > 0:
        blocks += [Text(f"{labels['ahead']}: {ticket.people_ahead}", Size.LARGE if columns >= 48 else Size.NORMAL)]
        if ticket.estimated_wait_minutes is not None:
            blocks += [Text(f"{labels['wait']}: ~{ticket.estimated_wait_minutes} {labels['minutes']}")]
    else:
        blocks += [Text(labels["next"], Size.LARGE if columns >= 48 else Size.NORMAL, bold=True)]
    if ticket.estimated_wait_minutes is None:  # never a figure that assumes a desk nobody opened
        blocks += [Text(line, bold=True) for line in wrap(labels["no_desk"], columns)]
        blocks += [Text(line) for line in wrap(labels["unknown"], columns)]
    blocks += [Text(f"{labels['issued']} {ticket.issued_at}"), Feed()]
    blocks += [Qr(ticket.status_url, module=6 if columns >= 48 else 5)]
    blocks += [Text(line) for line in wrap(labels["scan"], columns)]
    blocks += [Text(line) for line in wrap(labels["watch"], columns)]
    blocks += [Feed(2), Cut()]
    return tuple(blocks)


def _what_for(ticket: PrintTicket, columns: int) -> list[Block]:
    """The service, or a visit's steps numbered in the order the visitor goes through them.

    A package's name heads its steps; services the visitor chose one by one
    are themselves the headline, so they are printed bold. The numbers stand
    at the left edge and a long name goes on under its own first letter, so
    the list reads as a list on a 32-character roll too.
    """
    if not ticket.steps:
        return [Text(line, bold=True) for line in wrap(ticket.service, columns)]
    blocks: list[Block] = []
    if ticket.package:
        blocks += [Text(line, bold=True) for line in wrap(ticket.package, columns)]
    for index, name in enumerate(ticket.steps, start=1):
        mark = f"{index}. "
        lines = wrap(name, columns - len(mark))
        blocks += [Text(mark + lines[0], bold=not ticket.package, center=False)]
        blocks += [Text(" " * len(mark) + line, bold=not ticket.package, center=False) for line in lines[1:]]
    return blocks
