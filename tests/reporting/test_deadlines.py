"""Statutory deadlines: the deadline rule, the desk's record and its refusals, the CSV import, the figure.

The figure is checked against a recomputation written here from the rows the
test inserts, with the working days counted by hand (a weekend and a holiday
between the visit and its deadline), not by the code under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import sqlalchemy as sa

from factories import small_network
from queue_server.commands.context import Actor, ActorKind
from queue_server.commands.outcomes import import_outcomes, record_outcome
from queue_server.domain.deadlines import deadline
from queue_server.domain.errors import AccessDenied, InvalidRequest, NotFound
from queue_server.domain.model import Network, ServiceCode, StatutoryTerm
from queue_server.reporting.deadline_report import deadline_report
from queue_server.reporting.period import period
from queue_server.reporting.queries import ReportQuery
from queue_server.store.schema import audit_log, request_outcomes, tickets

D = dt.date
VISIT = D(2026, 10, 29)  # a Thursday; the clock's today is 2026-11-24
HOLIDAY = D(2026, 11, 2)  # a Monday, a holiday of office alpha only
HEADER = "office,day,ticket_number,service,outcome_date\n"


def with_terms() -> Network:
    """The test network; passport: 3 working days, residence: 3 calendar days, social: none; alpha's holiday."""
    network = small_network()
    services = dict(network.services)
    services[ServiceCode("passport")] = replace(services[ServiceCode("passport")], term=StatutoryTerm(3, working=True))
    services[ServiceCode("residence")] = replace(services[ServiceCode("residence")], term=StatutoryTerm(3))
    offices = dict(network.offices)
    alpha = offices["alpha"]  # type: ignore[index]
    offices[alpha.code] = replace(alpha, hours=replace(alpha.hours, holidays=frozenset({HOLIDAY})))
    return replace(network, services=services, offices=offices)


@pytest.fixture
def network() -> Network:
    return with_terms()


STAFF = Actor(kind=ActorKind.STAFF, name="olena", role="operator", offices=("alpha",))
MANAGER = Actor(kind=ActorKind.STAFF, name="maria", role="manager", offices=())


def visit(ctx, office: str, day: dt.date, number: str, service: str, status: str = "done", steps: list | None = None) -> int:
    with ctx.engine.begin() as conn:
        return conn.execute(
            sa.insert(tickets).values(
                office=office, token=f"{office}-{day}-{number}", number=number, prefix=number[0], day=day,
                sequence=int(number[1:]), service=service, status=status, issued_by="kiosk",
                issued_at=dt.datetime.combine(day, dt.time(7), dt.timezone.utc), steps=steps,
            )
        ).inserted_primary_key[0]  # fmt: skip


def outcomes(ctx) -> list[tuple]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(sa.select(request_outcomes.c.ticket_id, request_outcomes.c.step, request_outcomes.c.service,
                                      request_outcomes.c.outcome_date, request_outcomes.c.source).order_by("ticket_id", "step"))  # fmt: skip
        return [tuple(row) for row in rows]


def working_days_after(day: dt.date, count: int, closed: set[dt.date]) -> dt.date:
    """The test's own count: walk the calendar, skip Saturdays, Sundays and the closed days."""
    found = []
    current = day
    while len(found) < count:
        current = current + dt.timedelta(days=1)
        if current.isoweekday() not in (6, 7) and current not in closed:
            found.append(current)
    return found[-1]


def test_deadline_counts_working_days_past_a_weekend_and_a_holiday():
    # Thu 29 Oct + 3 working days: Fri 30 Oct, (Sat, Sun, holiday Mon 2 Nov), Tue 3 Nov, Wed 4 Nov
    assert deadline(VISIT, StatutoryTerm(3, working=True), {HOLIDAY}) == D(2026, 11, 4)
    assert deadline(VISIT, StatutoryTerm(3, working=True)) == D(2026, 11, 3)
    assert deadline(VISIT, StatutoryTerm(3)) == D(2026, 11, 1)
    assert working_days_after(VISIT, 3, {HOLIDAY}) == D(2026, 11, 4)


def test_the_figure_against_a_recomputation(ctx):
    today = D(2026, 11, 24)
    rows = [  # office, day, service, status, outcome
        ("alpha", VISIT, "passport", "done", D(2026, 11, 4)),  # on time only thanks to the holiday
        ("alpha", VISIT, "passport", "done", D(2026, 11, 5)),  # late
        ("alpha", VISIT, "passport", "done", None),  # deadline passed, no outcome: violated
        ("alpha", D(2026, 11, 23), "passport", "done", None),  # deadline 26 Nov still to come: not counted
        ("alpha", VISIT, "residence", "done", D(2026, 11, 1)),  # calendar days: on time
        ("alpha", VISIT, "residence", "done", D(2026, 11, 2)),  # late
        ("alpha", VISIT, "social", "done", D(2026, 11, 20)),  # no term: not counted
        ("alpha", VISIT, "passport", "no_show", None),  # never served: no request
        ("beta", HOLIDAY, "passport", "done", D(2026, 11, 5)),  # beta works on 2 Nov: Tue, Wed, Thu → on time
        ("beta", HOLIDAY, "passport", "done", D(2026, 11, 6)),  # late
        ("alpha", D(2026, 9, 30), "passport", "done", None),  # before the period
    ]
    for index, (office, day, service, status, outcome) in enumerate(rows, start=1):
        ticket = visit(ctx, office, day, f"П{index:03d}", service, status)
        if outcome is not None and status == "done":
            record_outcome(ctx, ticket, outcome, actor=MANAGER)
    # a visit of two steps: passport on time, residence with no outcome, long past its deadline
    steps = [{"service": "passport", "status": "done"}, {"service": "residence", "status": "done"}]
    two = visit(ctx, "alpha", VISIT, "П100", "residence", steps=steps)
    record_outcome(ctx, two, D(2026, 11, 3), service="passport", actor=STAFF)
    requests = [(o, d, s, out) for o, d, s, st, out in rows if st == "done"] + [
        ("alpha", VISIT, "passport", D(2026, 11, 3)), ("alpha", VISIT, "residence", None)]  # fmt: skip

    def expected(keep) -> dict:
        counted = violated = pending = 0
        for office, day, service, outcome in requests:
            if not (D(2026, 10, 1) <= day <= D(2026, 11, 30)) or service == "social" or not keep(office, service):
                continue
            closed = {HOLIDAY} if office == "alpha" else set()
            last = working_days_after(day, 3, closed) if service == "passport" else day + dt.timedelta(days=3)
            if outcome is None and last >= today:
                pending += 1
                continue
            counted += 1
            violated += outcome is None or outcome > last
        return {"counted": counted, "violated": violated, "pending": pending,
                "percent": round(100 * violated / counted, 1) if counted else None}  # fmt: skip

    query = ReportQuery(office=None, period=period(D(2026, 10, 1), D(2026, 11, 30)))
    report = deadline_report(ctx, query, actor=MANAGER)
    total = expected(lambda office, service: True)
    assert {key: report[key] for key in total} == total
    assert total == {"counted": 9, "violated": 5, "pending": 1, "percent": 55.6}
    assert report["by_office"] == [
        {"office": "alpha", **expected(lambda office, service: office == "alpha")},
        {"office": "beta", **expected(lambda office, service: office == "beta")},
    ]
    by_service = {row["service"]: row for row in report["by_service"]}
    assert set(by_service) == {"passport", "residence"}
    assert by_service["passport"]["working_days"] is True and by_service["residence"]["term_days"] == 3
    assert by_service["residence"]["violated"] == expected(lambda office, service: service == "residence")["violated"]
    alpha_passport = deadline_report(ctx, replace(query, office="alpha", service="passport"), actor=MANAGER)
    assert alpha_passport["counted"] == expected(lambda office, service: office == "alpha" and service == "passport")["counted"]
    with pytest.raises(InvalidRequest):
        deadline_report(ctx, replace(query, service="social"), actor=MANAGER)  # no term: no deadline
    with pytest.raises(AccessDenied):
        deadline_report(ctx, query, actor=STAFF)  # an operator reads no reports


def test_the_desk_refuses_what_is_no_outcome_of_a_request(ctx):
    one = visit(ctx, "alpha", VISIT, "П001", "passport")
    absent = visit(ctx, "alpha", VISIT, "П002", "passport", status="no_show")
    theirs = visit(ctx, "beta", VISIT, "П003", "passport")
    steps = [{"service": "passport", "status": "done"}, {"service": "residence", "status": "done"}]
    two = visit(ctx, "alpha", VISIT, "П004", "residence", steps=steps)
    refusals = [
        (NotFound, dict(ticket_id=9999, outcome_date=D(2026, 11, 1))),
        (NotFound, dict(ticket_id=theirs, outcome_date=D(2026, 11, 1))),  # another office's visit
        (InvalidRequest, dict(ticket_id=absent, outcome_date=D(2026, 11, 1))),
        (InvalidRequest, dict(ticket_id=one, outcome_date=D(2026, 10, 28))),  # before the visit
        (InvalidRequest, dict(ticket_id=one, outcome_date=D(2026, 11, 25))),  # after today
        (InvalidRequest, dict(ticket_id=one, outcome_date=D(2026, 11, 1), service="social")),
        (InvalidRequest, dict(ticket_id=two, outcome_date=D(2026, 11, 1))),  # which of the two steps?
    ]
    for error, kwargs in refusals:
        ticket_id = kwargs.pop("ticket_id")
        with pytest.raises(error):
            record_outcome(ctx, ticket_id, actor=STAFF, **kwargs)
    assert outcomes(ctx) == []
    assert record_outcome(ctx, one, D(2026, 11, 24), actor=STAFF).result == "added"  # today is allowed
    assert record_outcome(ctx, one, D(2026, 11, 24), actor=STAFF).result == "unchanged"
    assert record_outcome(ctx, two, D(2026, 11, 2), service="residence", actor=STAFF).step == 1
    assert outcomes(ctx) == [(one, 0, "passport", D(2026, 11, 24), "desk"), (two, 1, "residence", D(2026, 11, 2), "desk")]


def test_the_import_reports_each_rejected_row_and_writes_the_good_ones_once(ctx):
    one = visit(ctx, "alpha", VISIT, "П001", "passport")
    visit(ctx, "alpha", VISIT, "П002", "passport", status="cancelled")
    steps = [{"service": "passport", "status": "done"}, {"service": "residence", "status": "done"}]
    two = visit(ctx, "alpha", VISIT, "П003", "residence", steps=steps)
    bad = (
        "gamma,2026-10-29,П001,,2026-11-02\n"  # line 2: unknown office
        "alpha,2026-10-29,П999,,2026-11-02\n"  # 3: no such ticket
        "alpha,2026-10-29,П003,social,2026-11-02\n"  # 4: service not of the visit
        "alpha,2026-10-29,П001,,2026-10-28\n"  # 5: before the visit
        "alpha,2026-10-29,П001,,2026-12-01\n"  # 6: in the future
        "alpha,2026-10-29,П001\n"  # 7: malformed
        "alpha,29.10.2026,П001,,2026-11-02\n"  # 8: malformed date
        "alpha,2026-10-29,П002,,2026-11-02\n"  # 9: not served
        "alpha,2026-10-29,П003,,2026-11-02\n"  # 10: which step?
    )
    report = import_outcomes(ctx, (HEADER + bad).encode(), actor=MANAGER)
    assert [(row["line"], row["reason"]) for row in report.rejected] == [
        (2, "unknown_office"), (3, "no_ticket"), (4, "service_not_of_visit"), (5, "before_visit"), (6, "in_future"),
        (7, "malformed"), (8, "malformed"), (9, "not_served"), (10, "service_needed"),
    ]  # fmt: skip
    assert report.added == 0 and outcomes(ctx) == []  # only bad rows: nothing written

    good = "alpha,2026-10-29,П001,,2026-11-02\nalpha,2026-10-29,П003,residence,2026-11-03\n"
    data = ("\ufeff" + HEADER + good + "alpha,2026-10-29,П001,passport,2026-11-02\n" + bad).encode()
    first = import_outcomes(ctx, data, actor=MANAGER)
    assert (first.added, first.changed, first.unchanged) == (2, 0, 0)
    assert first.rejected[0] == {"line": 4, "reason": "duplicate", "message": "the same request as line 2"}
    assert len(first.rejected) == 10
    written = outcomes(ctx)
    assert written == [(one, 0, "passport", D(2026, 11, 2), "import"), (two, 1, "residence", D(2026, 11, 3), "import")]
    with ctx.engine.connect() as conn:
        audited = conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar()
    again = import_outcomes(ctx, data, actor=MANAGER)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    assert outcomes(ctx) == written
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar() == audited

    corrected = import_outcomes(ctx, (HEADER + "alpha,2026-10-29,П001,,2026-11-05\n").encode(), actor=MANAGER)
    assert (corrected.added, corrected.changed) == (0, 1)
    assert outcomes(ctx)[0] == (one, 0, "passport", D(2026, 11, 5), "import")
    with ctx.engine.connect() as conn:
        entry = conn.execute(sa.select(audit_log.c.action, audit_log.c.details).order_by(audit_log.c.id.desc())).first()
    assert entry.action == "outcome_changed" and entry.details["before"] == "2026-11-02"


def test_a_file_that_is_no_outcome_file_is_refused_whole(ctx):
    for data in (b"\xff\xfe not utf-8", b"office;day;ticket;service;date\n", b""):
        with pytest.raises(InvalidRequest):
            import_outcomes(ctx, data, actor=MANAGER)
    assert outcomes(ctx) == []


def test_the_report_operation_refuses_bad_input_and_answers_the_figure(client, app_ctx, tokens):
    ticket = visit(app_ctx, "alpha", VISIT, "П001", "passport")
    record_outcome(app_ctx, ticket, D(2026, 11, 5), actor=MANAGER)

    def get(query: str, who: str = "manager"):
        return client.get(f"/api/v1/reports/deadlines?{query}", headers={"Authorization": f"Bearer {tokens[who]}"})

    period_ = "from=2026-10-01&to=2026-11-30"
    for query, field in [
        ("from=2026-10-01", "to"),
        ("from=1.10.2026&to=2026-11-30", "from"),
        ("from=2026-11-30&to=2026-10-01", "to"),
        (f"{period_}&office=nowhere", "office"),
        (f"{period_}&service=nothing", "service"),
        (f"{period_}&service=social", "service"),  # no statutory term
        (f"{period_}&colour=red", None),
    ]:
        answer = get(query)
        assert answer.status_code == 400, (query, answer.get_json())
        if field:
            assert field in str(answer.get_json()), (query, answer.get_json())
    assert get(period_, "operator").status_code == 403
    assert get(f"{period_}&office=beta", "supervisor").status_code == 403
    assert get(period_, "supervisor").status_code == 403  # the whole network: managers and admins
    assert client.get(f"/api/v1/reports/deadlines?{period_}").status_code == 401
    answer = get(f"{period_}&office=alpha", "supervisor").get_json()
    assert (answer["counted"], answer["violated"], answer["percent"]) == (1, 1, 100.0)  # deadline 4 Nov, outcome 5 Nov
    assert answer["by_service"] == [{"service": "passport", "term_days": 3, "working_days": True,
                                     "counted": 1, "violated": 1, "pending": 0, "percent": 100.0}]  # fmt: skip


def test_the_record_and_import_operations_refuse_bad_input_and_change_nothing(client, app_ctx, tokens):
    ticket = visit(app_ctx, "alpha", VISIT, "П001", "passport")
    theirs = visit(app_ctx, "beta", VISIT, "П002", "passport")

    def post(path: str, body: object, who: str = "operator"):
        return client.post(f"/api/v1{path}", json=body, headers={"Authorization": f"Bearer {tokens[who]}"})

    good = {"ticket_id": ticket, "outcome_date": "2026-11-03"}
    for body, status in [
        ({**good, "outcome_date": "2026-13-01"}, 400),
        ({**good, "outcome_date": "3.11.2026"}, 400),
        ({**good, "ticket_id": "one"}, 400),
        ({**good, "colour": "red"}, 400),
        ({"outcome_date": "2026-11-03"}, 400),
        ({**good, "ticket_id": 99999}, 404),
        ({**good, "ticket_id": theirs}, 404),  # a visit of another office than the path's
        ({**good, "service": "social"}, 400),
        ({**good, "outcome_date": "2026-10-01"}, 400),
        ({**good, "outcome_date": "2026-12-01"}, 400),
    ]:
        answer = post("/offices/alpha/outcomes", body)
        assert answer.status_code == status, (body, answer.get_json())
    assert post("/offices/beta/outcomes", {**good, "ticket_id": theirs}).status_code == 403
    assert post("/offices/nowhere/outcomes", good, "manager").status_code in (403, 404)
    assert post("/outcomes/import", {"csv": HEADER + "alpha,2026-10-29,П001,,2026-11-03\n"}, "supervisor").status_code == 403
    assert post("/outcomes/import", {"csv": "office;day\n"}, "manager").status_code == 400
    assert post("/outcomes/import", {"csv": 5}, "manager").status_code == 400
    assert outcomes(app_ctx) == []
    answer = post("/offices/alpha/outcomes", good)
    assert answer.status_code == 200 and answer.get_json()["result"] == "added"
    answer = post("/outcomes/import", {"csv": HEADER + "alpha,2026-10-29,П001,,2026-11-03\nbeta,2026-10-29,П009,,2026-11-03\n"}, "manager")
    assert answer.get_json() == {"added": 0, "changed": 0, "unchanged": 1,
                                 "rejected": [{"line": 3, "reason": "no_ticket", "message": "no ticket 'П009' of 2026-10-29 at beta"}]}  # fmt: skip
