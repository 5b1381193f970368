"""The visitors' questionnaire after a visit, as the national one asks it (docs/survey.md).

One answer per visit, from the ticket's page or from the QR code at the
desk: satisfaction 1–5 (required), «would you recommend us» 0–10, reasons
from a fixed list, a comment, and whether the comment is a complaint. The
checks here are the whole rule, so the ticket page, the desk's page and the
API refuse the same answers with the same words. Which visit a desk's QR
code rates is `desk_visit`: the visit being served there, or the one
finished there within the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .errors import InvalidRequest

MAX_COMMENT = 1000
LOW_SCORES = frozenset({1, 2})  # the low ratings: as the reports' `complaints` count them
DEFAULT_DESK_WINDOW = dt.timedelta(minutes=15)


class Reason(StrEnum):
    """What the visitor's answer is about (several may be chosen): the national questionnaire's list."""

    WAITING = "waiting"
    SEATING = "seating"
    CROWDING = "crowding"
    TEMPERATURE = "temperature"
    POLITENESS = "politeness"
    COMPETENCE = "competence"
    INFORMATION = "information"
    RESULT = "result"


REASON_CODES = frozenset(reason.value for reason in Reason)


class Channel(StrEnum):
    """Where the answer was given: the ticket's page, or the QR code at the desk."""

    TICKET_PAGE = "ticket_page"
    DESK_QR = "desk_qr"


@dataclass(frozen=True)
class Answer:
    """A checked answer: `reasons` in the list's order, each once; `comment` stripped, None when blank."""

    score: int
    recommend: int | None = None
    reasons: tuple[Reason, ...] = ()
    comment: str | None = None
    complaint: bool = False


def _whole(value: object, low: int, high: int, field: str, words: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidRequest(f"{field} must be a whole number from {low} to {high} ({words})", field=field)
    return value


def answer(
    score: object,
    *,
    recommend: object = None,
    reasons: Iterable[object] = (),
    comment: str | None = None,
    complaint: bool = False,
) -> Answer:
    """The answer, checked: a 400 naming the field for the first thing wrong."""
    checked_score = _whole(score, 1, 5, "score", "satisfaction")
    checked_recommend = None if recommend is None else _whole(recommend, 0, 10, "recommend", "would you recommend us")
    chosen: set[Reason] = set()
    for reason in reasons:
        if not isinstance(reason, str) or reason not in REASON_CODES:
            raise InvalidRequest(f"unknown reason {str(reason)[:40]!r}; the reasons are {', '.join(Reason)}", field="reasons")
        chosen.add(Reason(reason))
    text = comment.strip() or None if comment is not None else None
    if text is not None and len(text) > MAX_COMMENT:
        raise InvalidRequest(f"comment must be at most {MAX_COMMENT} characters", field="comment")
    if complaint and text is None:
        raise InvalidRequest("a complaint needs a comment that says what went wrong", field="complaint")
    if complaint and checked_score not in LOW_SCORES:
        raise InvalidRequest("a complaint goes with a low satisfaction score (1 or 2)", field="complaint")
    ordered = tuple(reason for reason in Reason if reason in chosen)
    return Answer(checked_score, checked_recommend, ordered, text, complaint)


@dataclass(frozen=True)
class DeskVisit:
    """A visit a desk's QR code may rate: being served at the desk (`finished_at` None) or finished there."""

    ticket_id: int
    number: str
    serving: bool
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


def rateable_at_desk(visits: Sequence[DeskVisit], now: dt.datetime, window: dt.timedelta) -> list[DeskVisit]:
    """The visits a QR scan at the desk may rate now, newest first: being served, then finished within the window.

    A visit finished exactly `window` ago still counts; one finished in the
    future (a clock set back) counts as just finished; of two finished at
    the same moment the later ticket is the newer.
    """
    serving = sorted((visit for visit in visits if visit.serving), key=lambda visit: (visit.started_at or now, visit.ticket_id), reverse=True)
    finished = [visit for visit in visits if not visit.serving and visit.finished_at is not None and now - visit.finished_at <= window]
    finished.sort(key=lambda visit: (visit.finished_at or now, visit.ticket_id), reverse=True)  # the later ticket of one moment
    return serving + finished


def desk_visit(visits: Sequence[DeskVisit], now: dt.datetime, window: dt.timedelta, number: str | None = None) -> DeskVisit | None:
    """The visit a scan rates: the one the page showed (`number`) if it may still be rated, else the newest; None when none."""
    rateable = rateable_at_desk(visits, now, window)
    if number is not None:
        return next((visit for visit in rateable if visit.number == number), None)
    return rateable[0] if rateable else None
