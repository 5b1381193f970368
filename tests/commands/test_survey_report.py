"""The survey's report against a recomputation from the answers this test gave, by office, desk and administrator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.survey import answer_at_desk
from queue_server.commands.visitors import answer_ticket, rate_ticket
from queue_server.domain import survey as rule
from queue_server.domain.errors import AccessDenied
from queue_server.reporting.period import period
from queue_server.reporting.queries import ReportQuery
from queue_server.reporting.survey_report import survey_report
from queue_server.store.accounts import UserRecord

UTC = dt.timezone.utc
REASONS = [reason.value for reason in rule.Reason]


@pytest.fixture
def manager():
    return staff_actor(UserRecord(3, "maria", "x", "manager", True, ()))


def test_the_report_matches_a_recomputation(ctx, clock, kiosk, supervisor, manager) -> None:
    zone = ZoneInfo("Europe/Kyiv")
    staff = {
        "alpha-1": staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",))),
        "alpha-2": staff_actor(UserRecord(4, "petro", "x", "operator", True, ("alpha",))),
        "beta-1": staff_actor(UserRecord(5, "oksana", "x", "operator", True, ("beta",))),
    }
    clock.now = dt.datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    for desk, actor in staff.items():
        desk_state.open_desk(ctx, desk, actor=actor)
    given: list[dict] = []  # what the test answered: office, desk, administrator, local day, score, recommend, reasons
    n = 0
    for day in (23, 24, 25):
        for utc_hour in (7, 10, 13, 16):
            for desk, actor in staff.items():
                n += 1
                clock.now = dt.datetime(2026, 11, day, utc_hour, n % 50, tzinfo=UTC)
                office = desk.split("-")[0]
                ticket = issue_ticket(ctx, office, "passport", actor=kiosk if office == "alpha" else manager).ticket
                called = desk_work.call_next(ctx, desk, actor=actor)
                assert called.id == ticket.id
                desk_work.finish(ctx, desk, actor=actor)
                score, recommend = 1 + n % 5, (None if n % 4 == 0 else (n * 7) % 11)
                reasons = [REASONS[i] for i in range(len(REASONS)) if (n >> i) % 3 == 1]
                if n % 6 == 5:  # the visitor answers late on the ticket's page, either side of Kyiv's midnight (22:00 UTC)
                    clock.now = dt.datetime(2026, 11, day, 21, 50 if n % 12 == 5 else 59, tzinfo=UTC) + dt.timedelta(minutes=15 * (n % 2))
                    answer_ticket(ctx, ticket.token, score=score, recommend=recommend, reasons=reasons)
                elif n % 6 == 1:  # a rating of the old form: a score and nothing else
                    rate_ticket(ctx, ticket.token, score=score)
                    recommend, reasons = None, []
                else:
                    clock.advance(minutes=3)
                    answer_at_desk(ctx, desk, rule.answer(score, recommend=recommend, reasons=reasons))
                given.append({"office": office, "desk": desk, "administrator": actor.name, "day": clock.now.astimezone(zone).date(),
                              "score": score, "recommend": recommend, "reasons": reasons})  # fmt: skip
    first, last = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    counted = [answer for answer in given if first <= answer["day"] <= last]
    assert 0 < len(counted) < len(given)

    def expected(answers: list[dict]) -> dict:
        scores = [answer["score"] for answer in answers]
        tens = [answer["recommend"] for answer in answers if answer["recommend"] is not None]
        promoters, detractors = sum(1 for x in tens if x >= 9), sum(1 for x in tens if x <= 6)
        return {
            "answers": len(scores),
            "satisfaction_share": round(sum(1 for x in scores if x >= 4) / len(scores), 4),
            "average_score": round(sum(scores) / len(scores), 2),
            "recommend_answers": len(tens),
            "loyalty_index": round(100 * promoters / len(tens) - 100 * detractors / len(tens), 1),
            "reasons": dict(Counter(reason for answer in answers for reason in answer["reasons"])),
        }

    def shown(row: dict) -> dict:
        return {**{key: row[key] for key in ("answers", "satisfaction_share", "average_score", "recommend_answers", "loyalty_index")},
                "reasons": {key: value for key, value in row["reasons"].items() if value}}  # fmt: skip

    report = survey_report(ctx, ReportQuery(office=None, period=period(first, last)), actor=manager)
    assert shown(report) == expected(counted)
    for key, rows in (("office", report["by_office"]), ("desk", report["by_desk"]), ("administrator", report["by_administrator"])):
        assert [row[key] for row in rows] == sorted({answer[key] for answer in counted})
        for row in rows:
            assert shown(row) == expected([answer for answer in counted if answer[key] == row[key]]), (key, row[key])
    assert report["from_desk_qr"] > 0 and report["loyalty_index"] is not None
    own = survey_report(ctx, ReportQuery(office="alpha", period=period(first, last)), actor=supervisor)
    assert [row["office"] for row in own["by_office"]] == ["alpha"]
    with pytest.raises(AccessDenied):
        survey_report(ctx, ReportQuery(office="beta", period=period(first, last)), actor=supervisor)


def test_the_sqlite_export_carries_the_answers_of_the_survey(ctx, clock, kiosk, manager, tmp_path) -> None:
    """The file for Datasette has each answer's «would you recommend», reasons and channel beside its score."""
    import sqlite_utils

    from queue_server.reporting.exports import sqlite_export
    from queue_server.reporting.queries import export_data

    olena = staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",)))
    clock.now = dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    desk_state.open_desk(ctx, "alpha-1", actor=olena)
    served = []
    for _ in range(3):
        ticket = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
        desk_work.call_next(ctx, "alpha-1", actor=olena)
        desk_work.finish(ctx, "alpha-1", actor=olena)
        served.append(ticket)
        clock.advance(minutes=2)
    answer_at_desk(ctx, "alpha-1", rule.answer(5, recommend=10, reasons=[REASONS[0], REASONS[2]]))  # the last visit, by the desk's code
    answer_ticket(ctx, served[0].token, score=2, recommend=3, reasons=[REASONS[1]])
    rate_ticket(ctx, served[1].token, score=4)  # the old form: a score only

    data = export_data(ctx, ReportQuery(office="alpha", period=period(dt.date(2026, 11, 24), dt.date(2026, 11, 24))), actor=manager, with_visits=True)
    db = sqlite_utils.Database(sqlite_export.write(data, tmp_path / "export.sqlite"))
    rows = {row["ticket"]: row for row in db["ratings"].rows}
    assert {key: rows[served[2].id][key] for key in ("score", "recommend", "reasons", "channel")} == {
        "score": 5, "recommend": 10, "reasons": f"{REASONS[0]} {REASONS[2]}", "channel": "desk_qr"}  # fmt: skip
    assert (rows[served[0].id]["recommend"], rows[served[0].id]["reasons"], rows[served[0].id]["channel"]) == (3, REASONS[1], "ticket_page")
    assert (rows[served[1].id]["score"], rows[served[1].id]["recommend"], rows[served[1].id]["reasons"]) == (4, None, None)
    db.close()
