"""The desk's list of requests to record outcomes for: the caller's served requests with a term, their deadline and outcome.

The deadlines are counted here by hand (a weekend and alpha's holiday
between the visit and its deadline), not by the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from queue_server.commands.outcomes import record_outcome
from queue_server.domain.errors import AccessDenied
from queue_server.reads.served_requests import served_requests
from queue_server.store.schema import tickets
from reporting.test_deadlines import STAFF, VISIT, with_terms
from web import bearer

D = dt.date


@pytest.fixture
def network():
    return with_terms()  # passport 3 working days, residence 3 calendar days, social none; alpha closed on 2 Nov


def served(ctx, number: str, service: str, by: str | None, *, day: dt.date = VISIT, status: str = "done", steps: list | None = None, office: str = "alpha") -> int:
    with ctx.engine.begin() as conn:
        return conn.execute(
            sa.insert(tickets).values(
                office=office, token=f"{office}-{day}-{number}", number=number, prefix=number[0], day=day, sequence=int(number[1:]),
                service=service, status=status, issued_by="kiosk", served_by=by, steps=steps,
                issued_at=dt.datetime.combine(day, dt.time(7), dt.timezone.utc),
                finished_at=dt.datetime.combine(day, dt.time(8, int(number[1:])), dt.timezone.utc),
            )
        ).inserted_primary_key[0]  # fmt: skip


def test_the_list_is_the_callers_served_requests_with_a_term_newest_first(app_ctx, client, tokens) -> None:
    mine = served(app_ctx, "П001", "passport", "olena")
    served(app_ctx, "П002", "passport", "taras")  # another's
    served(app_ctx, "С003", "social", "olena")  # no term
    served(app_ctx, "П004", "passport", "olena", status="no_show")  # not served
    served(app_ctx, "П005", "passport", "olena", day=D(2026, 10, 1))  # 54 days ago: not recent
    served(app_ctx, "П006", "passport", "olena", office="beta")  # another office
    residence = served(app_ctx, "Р007", "residence", "olena", day=D(2026, 11, 20))
    steps = [{"service": "residence", "status": "done", "served_by": "taras"}, {"service": "passport", "status": "done", "served_by": "olena"}]
    visit = served(app_ctx, "Р008", "residence", None, day=D(2026, 11, 23), steps=steps)
    record_outcome(app_ctx, residence, D(2026, 11, 22), actor=STAFF)
    rows = [item.as_dict() for item in served_requests(app_ctx, "alpha", actor=STAFF)]
    assert rows == [
        {"ticket_id": visit, "ticket_number": "Р008", "day": "2026-11-23", "service": "passport", "step": 1,
         "deadline": "2026-11-26", "outcome_date": None},  # Mon 23 → Tue, Wed, Thu
        {"ticket_id": residence, "ticket_number": "Р007", "day": "2026-11-20", "service": "residence", "step": 0,
         "deadline": "2026-11-23", "outcome_date": "2026-11-22"},  # three calendar days
        {"ticket_id": mine, "ticket_number": "П001", "day": "2026-10-29", "service": "passport", "step": 0,
         "deadline": "2026-11-04", "outcome_date": None},  # Thu 29 Oct → Fri 30, (weekend, holiday 2 Nov) Tue 3, Wed 4
    ]  # fmt: skip
    assert client.get("/api/v1/offices/alpha/served-requests", headers=bearer(tokens["operator"])).get_json() == rows
    assert client.get("/api/v1/offices/alpha/served-requests", headers=bearer(tokens["operator_beta"])).status_code == 403
    assert client.get("/api/v1/offices/nowhere/served-requests", headers=bearer(tokens["manager"])).status_code == 404
    assert client.get("/api/v1/offices/alpha/served-requests").status_code == 401
    with pytest.raises(AccessDenied):
        served_requests(app_ctx, "beta", actor=STAFF)
