"""A hall board's settings: what it shows and how it speaks (the board's page asks at each load)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.boards import Board
from ..domain.model import Desk, LocalizedText, Office
from ..domain.views import JSON, render
from .fields import Clock, meta

ORIENTATIONS = ("landscape", "portrait")


def _localized(text: LocalizedText | None) -> tuple[str | None, str | None]:
    return (text.uk, text.en) if text is not None else (None, None)


@dataclass(frozen=True)
class BoardSummaryView:
    """One of the office's named boards, as the list shows it."""

    code: str
    title: str | None
    paired: bool
    orientation: str = field(metadata=meta(values=ORIENTATIONS))

    @classmethod
    def of(cls, board: Board) -> BoardSummaryView:
        return cls(board.code, _localized(board.name)[0], board.paired, board.orientation)


@dataclass(frozen=True)
class BoardDeskView:
    """A desk whose calls the board shows."""

    id: str
    number: int
    kind: str
    name: str
    name_en: str

    @classmethod
    def of(cls, desk: Desk) -> BoardDeskView:
        return cls(desk.id, desk.number, desk.kind, desk.name.uk, desk.name.en)


@dataclass(frozen=True)
class BoardView:
    """A board's settings, with the office's name and desks filled in where the board names none."""

    code: str
    office: str
    title: str
    title_en: str
    timezone: str
    orientation: str = field(metadata=meta(values=ORIENTATIONS))
    services: tuple[str, ...] | None
    desks: tuple[BoardDeskView, ...]
    all_desks: bool
    recent_calls: int
    ticker: str | None
    ticker_en: str | None
    paired: bool
    volume: float
    muted: bool
    quiet_hours: tuple[Clock, Clock] | None
    english: bool
    repeat_recall: bool
    shelter: str | None = field(metadata=meta("the way to the office's shelter, shown in an air-raid alert (null: the board's general line)"))
    shelter_en: str | None = field(metadata=meta("the same in English"))

    @classmethod
    def of(cls, board: Board, office: Office, *, default_code: str) -> BoardView:
        """`default_code`: how the API spells the default board's code (its configured code is empty)."""
        title, title_en = _localized(board.name)
        ticker, ticker_en = _localized(board.ticker)
        quiet = board.quiet_hours
        return cls(
            code=board.code or default_code,
            office=office.code,
            title=title or office.name.uk,
            title_en=title_en or office.name.en,
            timezone=office.timezone,
            orientation=board.orientation,
            services=tuple(sorted(board.services)) if board.services is not None else None,
            desks=tuple(BoardDeskView.of(desk) for desk in office.desks if board.desks is None or desk.id in board.desks),
            all_desks=board.desks is None,
            recent_calls=board.recent_calls,
            ticker=ticker,
            ticker_en=ticker_en,
            paired=board.paired,
            volume=board.volume,
            muted=board.muted,
            quiet_hours=(Clock(quiet[0].strftime("%H:%M")), Clock(quiet[1].strftime("%H:%M"))) if quiet else None,
            english=board.english,
            repeat_recall=board.repeat_recall,
            shelter=office.shelter.uk if office.shelter else None,
            shelter_en=office.shelter.en if office.shelter else None,
        )


def board_summary_json(view: BoardSummaryView) -> JSON:
    return render(view)


def board_json(view: BoardView) -> JSON:
    return render(view)
