"""The questionnaire's rules: what an answer may hold, which visit a desk's code rates, the loyalty index."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain import survey as rule
from queue_server.domain.errors import InvalidRequest
from queue_server.reporting.survey_figures import SurveyRow, figures, loyalty_index

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)
WINDOW = dt.timedelta(minutes=15)


def visit(ticket_id: int, *, serving: bool = False, ago: float | None = None, started: float = 30) -> rule.DeskVisit:
    finished = None if ago is None else NOW - dt.timedelta(minutes=ago)
    return rule.DeskVisit(ticket_id, f"П{ticket_id:03}", serving, NOW - dt.timedelta(minutes=started), finished)


def test_an_answer_is_checked_whole() -> None:
    found = rule.answer(2, recommend=0, reasons=["result", "waiting", "result"], comment="  Довго  ", complaint=True)
    assert found == rule.Answer(2, 0, (rule.Reason.WAITING, rule.Reason.RESULT), "Довго", True)
    assert rule.answer(5).reasons == () and rule.answer(5, comment=" ").comment is None
    for field, wrong in (
        ("score", {"score": 0}), ("score", {"score": 5.0}), ("score", {"score": False}), ("recommend", {"score": 3, "recommend": 11}),
        ("recommend", {"score": 3, "recommend": True}), ("reasons", {"score": 3, "reasons": ["queue"]}),
        ("comment", {"score": 3, "comment": "я" * 1001}), ("complaint", {"score": 2, "complaint": True}),
        ("complaint", {"score": 3, "comment": "ні", "complaint": True}),
    ):
        score = wrong.pop("score")
        with pytest.raises(InvalidRequest) as refused:
            rule.answer(score, **wrong)
        assert refused.value.details["field"] == field


def test_the_desk_rates_the_visit_being_served_then_the_latest_finished_in_the_window() -> None:
    visits = [visit(1, ago=20), visit(2, ago=15), visit(3, ago=4), visit(4, serving=True, started=2)]
    assert [item.ticket_id for item in rule.rateable_at_desk(visits, NOW, WINDOW)] == [4, 3, 2]  # 15 minutes ago: still
    assert rule.desk_visit(visits, NOW, WINDOW).ticket_id == 4
    assert rule.desk_visit(visits[:3], NOW, WINDOW).ticket_id == 3
    assert rule.desk_visit(visits, NOW, WINDOW, "П002").ticket_id == 2  # the one the page showed
    assert rule.desk_visit(visits, NOW, WINDOW, "П001") is None  # past the window: not another visit instead
    assert rule.desk_visit(visits[:1], NOW, WINDOW) is None
    assert rule.desk_visit([visit(7, ago=1), visit(8, ago=1)], NOW, WINDOW).ticket_id == 8  # the same moment: the later ticket


def test_the_loyalty_index() -> None:
    assert loyalty_index([]) is None
    assert loyalty_index([10, 9]) == 100.0 and loyalty_index([0, 6]) == -100.0 and loyalty_index([7, 8]) == 0.0
    assert loyalty_index([10, 9, 8, 7, 6, 0]) == 0.0
    assert loyalty_index([10, 10, 7]) == 66.7  # 2 of 3 promoters, no detractor


def test_the_figures_of_a_few_answers() -> None:
    def row(score: int, recommend: int | None, *reasons: str) -> SurveyRow:
        return SurveyRow("alpha", "alpha-1", "olena", score, recommend, reasons, "desk_qr")

    found = figures([row(5, 10, "politeness"), row(4, None), row(2, 3, "waiting", "politeness"), row(1, 9)])
    assert (found["answers"], found["satisfied"], found["satisfaction_share"], found["average_score"]) == (4, 2, 0.5, 3.0)
    assert (found["recommend_answers"], found["promoters"], found["detractors"], found["loyalty_index"]) == (3, 2, 1, 33.3)
    assert found["reasons"]["politeness"] == 2 and found["reasons"]["waiting"] == 1 and found["reasons"]["seating"] == 0
    assert list(found["reasons"]) == [reason.value for reason in rule.Reason]
    assert figures([])["satisfaction_share"] is None and figures([])["average_score"] is None
