"""Every operation's documented answer is what it really answers.

A day in office `alpha` walks every operation to a success (tickets
issued, called, held, transferred, finished and rated; desks opened,
paused, closed, re-profiled; devices registered and revoked; the audit,
the dashboard and every report read), and each answer, success or error,
is checked against the OpenAPI document's schema for its status. The
schemas are closed, so a field added to a view without its schema fails
here. tests/contract/test_schemathesis.py does the same against a real
server with generated requests.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from dataclasses import replace
from typing import Any

import pytest

import queue_server.api
from booking_cases import missed_three_times
from factories import small_network
from openapi_check import check_answer
from queue_server.api.registry import OPERATIONS
from queue_server.commands.remote_tickets import door_key
from queue_server.domain.model import LocalizedText, Network, OfficeCode, OfficeKind
from queue_server.domain.trips import Trip
from reporting.conftest import (
    history,  # noqa: F401
    loaded,  # noqa: F401  (a quarter of history for the reports)
)
from web import PASSWORD, bearer

for module in pkgutil.iter_modules(queue_server.api.__path__):  # every module declares its operations on import
    importlib.import_module(f"queue_server.api.{module.name}")


class Checker:
    """Sends requests through the app and checks each answer against the document."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.document = client.get("/api/v1/openapi.json").get_json()
        self.succeeded: set[tuple[str, str]] = set()

    def call(self, method: str, template: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        answer = self.client.open(path, method=method, headers=bearer(token) if token else {}, **kwargs)
        is_json = answer.headers.get("Content-Type", "").startswith("application/json")
        check_answer(self.document, method, template, answer.status_code, answer.headers.get("Content-Type", ""), answer.get_json() if is_json else None)
        if answer.status_code < 300:
            self.succeeded.add((method, template))
        return answer


@pytest.fixture
def network() -> Network:
    """The test network, with `beta` a van: a trip in the quarter of history and one still to come."""
    found = small_network()
    beta = found.offices[OfficeCode("beta")]
    stop = LocalizedText("с. Тестове, біля сільради", "Testove village, by the village council")
    trips = (Trip(dt.date(2026, 1, 13), stop, dt.time(9), dt.time(13)), Trip(dt.date(2026, 12, 8), stop, dt.time(10), dt.time(14)))
    mobile = replace(beta, kind=OfficeKind.MOBILE, trips=trips)
    return replace(found, offices={**found.offices, mobile.code: mobile})


@pytest.fixture
def checker(client) -> Checker:
    return Checker(client)


def test_a_day_of_every_operation_matches_the_document(checker: Checker, tokens, loaded, clock, app_ctx) -> None:  # noqa: F811
    call = checker.call
    operator, supervisor, admin, kiosk, manager = (tokens[name] for name in ("operator", "supervisor", "admin", "kiosk", "manager"))

    # the network, public
    call("GET", "/api/v1/offices", "/api/v1/offices")
    call("GET", "/api/v1/offices/{office}", "/api/v1/offices/alpha")
    call("GET", "/api/v1/offices/{office}", "/api/v1/offices/nowhere")
    van = call("GET", "/api/v1/offices/{office}", "/api/v1/offices/beta").get_json()
    assert [trip["date"] for trip in van["trips"]] == ["2026-12-08"], van  # the January trip is over
    call("GET", "/api/v1/offices/{office}/services", "/api/v1/offices/alpha/services")
    call("GET", "/api/v1/offices/{office}/categories", "/api/v1/offices/alpha/categories")
    call("GET", "/api/v1/offices/{office}/desks", "/api/v1/offices/alpha/desks")
    call("GET", "/api/v1/offices/{office}/services/{service}/wait", "/api/v1/offices/alpha/services/passport/wait")
    call("GET", "/api/v1/priorities", "/api/v1/priorities")
    call("GET", "/api/v1/constants", "/api/v1/constants")
    call("GET", "/api/v1/waits", "/api/v1/waits")
    call("GET", "/api/v1/waits", "/api/v1/waits?lang=en")
    call("GET", "/api/v1/waits", "/api/v1/waits?lang=xx")  # 400
    call("GET", "/api/v1/offices/{office}/boards", "/api/v1/offices/alpha/boards")
    call("GET", "/api/v1/offices/{office}/boards/{board}", "/api/v1/offices/alpha/boards/alpha-windows")
    call("GET", "/api/v1/offices/{office}/boards/{board}", "/api/v1/offices/alpha/boards/alpha-tv")  # paired: 401

    # tickets
    issue = "/api/v1/offices/{office}/tickets"
    first = call("POST", issue, "/api/v1/offices/alpha/tickets", kiosk, json={"service": "passport", "priority": "veteran"}).get_json()
    second = call("POST", issue, "/api/v1/offices/alpha/tickets", operator, json={"service": "residence", "print": False}).get_json()
    third = call("POST", issue, "/api/v1/offices/alpha/tickets", operator, json={"service": "passport", "print": False, "lang": "en"}).get_json()
    call("POST", issue, "/api/v1/offices/alpha/tickets", operator, json={"service": "passport", "print": True})  # 400
    call("GET", "/api/v1/tickets/{token}", f"/api/v1/tickets/{first['token']}")
    call("GET", "/api/v1/offices/{office}/queue", "/api/v1/offices/alpha/queue")
    call("GET", "/api/v1/offices/{office}/queue", "/api/v1/offices/alpha/queue", operator)

    # a desk's work
    desk = "/api/v1/desks/{desk_id}"
    call("POST", desk + "/open", "/api/v1/desks/alpha-1/open", operator)
    called = call("POST", desk + "/call-next", "/api/v1/desks/alpha-1/call-next", operator).get_json()
    call("POST", desk + "/recall", "/api/v1/desks/alpha-1/recall", operator, json={"ticket": called["id"]})
    call("POST", desk + "/start", "/api/v1/desks/alpha-1/start", operator, json={"ticket": called["id"]})
    call("POST", desk + "/finish", "/api/v1/desks/alpha-1/finish", operator, json={"ticket": called["id"]})
    rated = next(t for t in (first, second, third) if t["id"] == called["id"])
    outcome = "/api/v1/offices/{office}/outcomes"
    today_ = clock.now.date().isoformat()
    call("POST", outcome, "/api/v1/offices/alpha/outcomes", operator, json={"ticket_id": called["id"], "outcome_date": today_})
    call("POST", outcome, "/api/v1/offices/alpha/outcomes", operator, json={"ticket_id": called["id"], "outcome_date": "2000-01-01"})  # 400
    call("POST", outcome, "/api/v1/offices/beta/outcomes", operator, json={"ticket_id": called["id"], "outcome_date": today_})  # 403
    served = "/api/v1/offices/{office}/served-requests"
    call("GET", served, "/api/v1/offices/alpha/served-requests", operator)
    call("GET", served, "/api/v1/offices/beta/served-requests", operator)  # 403
    csv_text = f"office,day,ticket_number,service,outcome_date\nalpha,{today_},{rated['number']},,{today_}\nalpha,{today_},X1,,{today_}\n"
    call("POST", "/api/v1/outcomes/import", "/api/v1/outcomes/import", manager, json={"csv": csv_text})
    call("POST", "/api/v1/outcomes/import", "/api/v1/outcomes/import", manager, json={"csv": "a,b\n"})  # 400
    call("POST", "/api/v1/tickets/{token}/rating", f"/api/v1/tickets/{rated['token']}/rating", json={"score": 5, "comment": "дякую", "recommend": 10, "reasons": ["politeness", "result"]})
    call("GET", "/api/v1/tickets/{token}", f"/api/v1/tickets/{rated['token']}")
    called = call("POST", desk + "/call-next", "/api/v1/desks/alpha-1/call-next", operator).get_json()
    call("POST", desk + "/hold", "/api/v1/desks/alpha-1/hold", operator, json={"ticket": called["id"]})
    call("POST", desk + "/return", "/api/v1/desks/alpha-1/return", operator, json={"ticket": called["id"]})
    call("POST", desk + "/transfer", "/api/v1/desks/alpha-1/transfer", operator, json={"ticket": called["id"], "service": "social", "note": "довідка"})
    called = call("POST", desk + "/call-next", "/api/v1/desks/alpha-1/call-next", operator).get_json()
    call("POST", desk + "/no-show", "/api/v1/desks/alpha-1/no-show", operator, json={"ticket": called["id"]})
    call("POST", desk + "/call-next", "/api/v1/desks/alpha-1/call-next", operator)  # nobody left for it: 204
    call("POST", issue, "/api/v1/offices/alpha/tickets", operator, json={"services": ["passport", "residence"], "print": False})
    called = call("POST", desk + "/call-next", "/api/v1/desks/alpha-1/call-next", operator).get_json()
    call("POST", desk + "/add-step", "/api/v1/desks/alpha-1/add-step", operator, json={"ticket": called["id"], "service": "social"})
    call("POST", desk + "/skip-step", "/api/v1/desks/alpha-1/skip-step", operator, json={"ticket": called["id"], "step": 3, "reason": "вже має довідку"})
    call("POST", desk + "/end-visit", "/api/v1/desks/alpha-1/end-visit", operator, json={"ticket": called["id"], "reason": "решту зробить пізніше"})
    alert = "/api/v1/offices/{office}/alert"
    call("POST", alert, "/api/v1/offices/alpha/alert", supervisor, json={"active": True})
    call("GET", alert, "/api/v1/offices/alpha/alert")
    call("POST", issue, "/api/v1/offices/alpha/tickets", kiosk, json={"service": "passport"})  # 409: air_raid
    call("POST", alert, "/api/v1/offices/alpha/alert", manager, json={"active": False})
    network_alert = "/api/v1/alerts"
    call("POST", network_alert, network_alert, manager, json={"offices": ["alpha", "beta"], "active": True})
    call("GET", network_alert, network_alert)
    call("POST", network_alert, network_alert, manager, json={"offices": ["alpha", "nowhere"], "active": False})  # 400
    call("POST", network_alert, network_alert, supervisor, json={"offices": "all", "active": False})  # 403
    call("POST", network_alert, network_alert, admin, json={"offices": "all", "active": False})
    paper_mode = "/api/v1/offices/{office}/paper-mode"
    call("POST", paper_mode, "/api/v1/offices/alpha/paper-mode", supervisor, json={"active": True})
    call("GET", paper_mode, "/api/v1/offices/alpha/paper-mode")
    call("POST", issue, "/api/v1/offices/alpha/tickets", kiosk, json={"service": "passport"})  # 409: paper_mode
    paper = call("POST", desk + "/paper-ticket", "/api/v1/desks/alpha-1/paper-ticket", operator, json={"number": "р250", "service": "passport"}).get_json()
    call("POST", desk + "/finish", "/api/v1/desks/alpha-1/finish", operator, json={"ticket": paper["id"]})
    survey, questionnaire = "/api/v1/desks/{desk_id}/survey", {"score": 2, "recommend": 6, "reasons": ["waiting"], "comment": "довго", "complaint": True}
    filed = call("POST", survey, "/api/v1/desks/alpha-1/survey", json=questionnaire)
    assert filed.status_code == 201 and filed.get_json()["complaint"] is not None, filed.get_json()
    call("POST", survey, "/api/v1/desks/alpha-1/survey", json={"score": 5})  # 409: the visit has its answer
    call("POST", survey, "/api/v1/desks/alpha-1/survey", json={"score": 5, "reasons": ["nothing"]})  # 400
    call("POST", survey, "/api/v1/desks/alpha-9/survey", json={"score": 5})  # 404
    call("POST", desk + "/paper-ticket", "/api/v1/desks/alpha-1/paper-ticket", operator, json={"number": "Р250", "service": "passport"})  # 409: paper_number_used
    call("POST", desk + "/paper-ticket", "/api/v1/desks/alpha-1/paper-ticket", operator, json={"number": "Р999", "service": "passport"})  # 400: outside the roll
    call("POST", paper_mode, "/api/v1/offices/alpha/paper-mode", manager, json={"active": False})
    call("POST", "/api/v1/offices/{office}/day/close", "/api/v1/offices/alpha/day/close", supervisor)  # nothing left: 0
    cap = "/api/v1/offices/{office}/services/{service}/cap"
    call("PUT", cap, "/api/v1/offices/alpha/services/residence/cap", supervisor, json={"daily_cap": 0, "hourly_cap": None})
    call("PUT", cap, "/api/v1/offices/alpha/services/residence/cap", supervisor, json={"daily_cap": -1})  # 400
    call("PUT", cap, "/api/v1/offices/alpha/services/nothing/cap", supervisor, json={"daily_cap": 1})  # 404
    call("PUT", cap, "/api/v1/offices/alpha/services/residence/cap", operator, json={"daily_cap": 1})  # 403
    call("GET", "/api/v1/offices/{office}/caps", "/api/v1/offices/alpha/caps", kiosk)
    call("POST", issue, "/api/v1/offices/alpha/tickets", kiosk, json={"service": "residence"})  # 409: sold_out
    call("POST", issue, "/api/v1/offices/alpha/tickets", supervisor, json={"service": "residence", "print": False, "override": True})
    call("DELETE", cap, "/api/v1/offices/alpha/services/residence/cap", manager)
    call("DELETE", cap, "/api/v1/offices/alpha/services/residence/cap", manager)  # 404: no change left
    call("POST", desk + "/pause", "/api/v1/desks/alpha-1/pause", operator, json={"reason": "break"})
    call("POST", desk + "/resume", "/api/v1/desks/alpha-1/resume", operator)
    call("POST", desk + "/open", "/api/v1/desks/alpha-1/open", operator)  # 409: already open
    if ("POST", desk + "/take-over") in {(op.method, op.path) for op in OPERATIONS}:
        call("POST", desk + "/take-over", "/api/v1/desks/alpha-1/take-over", supervisor)
        call("POST", desk + "/close", "/api/v1/desks/alpha-1/close", supervisor)
    else:
        call("POST", desk + "/close", "/api/v1/desks/alpha-1/close", operator)
    call("GET", desk + "/today", "/api/v1/desks/alpha-1/today", operator)

    # the supervisor's operations
    waiting = call("POST", issue, "/api/v1/offices/alpha/tickets", supervisor, json={"service": "passport", "print": False}).get_json()
    moving = call("POST", issue, "/api/v1/offices/alpha/tickets", supervisor, json={"service": "passport", "print": False}).get_json()
    ticket_path = "/api/v1/offices/{office}/tickets/{ticket_id}"
    call("POST", ticket_path + "/move", f"/api/v1/offices/alpha/tickets/{moving['id']}/move", supervisor, json={"service": "residence", "reason": "інша послуга"})
    call("POST", ticket_path + "/cancel", f"/api/v1/offices/alpha/tickets/{moving['id']}/cancel", supervisor, json={"reason": "пішов"})
    call("POST", desk + "/open", "/api/v1/desks/alpha-2/open", supervisor)
    call("POST", desk + "/call-ticket", "/api/v1/desks/alpha-2/call-ticket", supervisor, json={"ticket": waiting["id"], "reason": "терміново"})
    call("GET", "/api/v1/offices/{office}/desks/state", "/api/v1/offices/alpha/desks/state", supervisor)
    call("GET", "/api/v1/offices/{office}/staff", "/api/v1/offices/alpha/staff", supervisor)
    call("POST", desk + "/force-close", "/api/v1/desks/alpha-2/force-close", supervisor, json={"reason": "кінець дня"})
    call("PUT", desk + "/services", "/api/v1/desks/alpha-2/services", supervisor, json={"weights": {"passport": 1, "social": 0.5}})
    call("DELETE", desk + "/services", "/api/v1/desks/alpha-2/services", supervisor)

    # logins
    logged_in = call("POST", "/api/v1/auth/login", "/api/v1/auth/login", json={"username": "olena", "password": PASSWORD}).get_json()
    call("POST", "/api/v1/auth/login", "/api/v1/auth/login", json={"username": "olena", "password": "not-the-password"})
    call("GET", "/api/v1/auth/me", "/api/v1/auth/me", logged_in["token"])
    call("GET", "/api/v1/auth/me", "/api/v1/auth/me", kiosk)
    call("POST", "/api/v1/auth/password", "/api/v1/auth/password", logged_in["token"], json={"current_password": PASSWORD, "new_password": "a-new-password-1"})
    call("POST", "/api/v1/auth/logout", "/api/v1/auth/logout", logged_in["token"])
    call("GET", "/api/v1/auth/me", "/api/v1/auth/me", logged_in["token"])  # 401
    if ("POST", "/api/v1/offices/{office}/staff/{username}/unlock") in {(op.method, op.path) for op in OPERATIONS}:
        call("POST", "/api/v1/offices/{office}/staff/{username}/unlock", "/api/v1/offices/alpha/staff/olena/unlock", supervisor)

    # devices
    call("GET", "/api/v1/devices", "/api/v1/devices?office=alpha", admin)
    added = call("POST", "/api/v1/devices", "/api/v1/devices", admin, json={"kind": "display", "office": "alpha", "name": "hall-2"}).get_json()
    call("POST", "/api/v1/devices/{device_id}/revoke", f"/api/v1/devices/{added['id']}/revoke", admin)

    # remote tickets for today, and their arrival
    remote = "/api/v1/offices/{office}/remote-tickets"
    from_phone = call("POST", remote, "/api/v1/offices/alpha/remote-tickets", json={"service": "passport", "phone": "0671234567"}).get_json()
    call("POST", remote, "/api/v1/offices/alpha/remote-tickets", json={"service": "passport", "phone": "+380671234567"})  # 409
    call("POST", remote, "/api/v1/offices/alpha/remote-tickets", json={"service": "passport", "phone": "12"})  # 400
    call("POST", remote, "/api/v1/offices/beta/remote-tickets", json={"service": "passport", "phone": "0501234567"})  # 409: off
    call("POST", "/api/v1/offices/{office}/arrivals", "/api/v1/offices/alpha/arrivals", kiosk, json={"code": from_phone["code"]})
    call("POST", "/api/v1/offices/{office}/arrivals", "/api/v1/offices/alpha/arrivals", kiosk, json={"code": "XXXXX"})  # 404
    by_door = call("POST", remote, "/api/v1/offices/alpha/remote-tickets", json={"service": "residence", "phone": "0501234567", "lang": "en"}).get_json()
    door = "/api/v1/tickets/{token}/arrival"
    call("POST", door, f"/api/v1/tickets/{by_door['token']}/arrival", json={"door": "wrong"})  # 409
    call("POST", door, f"/api/v1/tickets/{by_door['token']}/arrival", json={"door": door_key(checker.client.application.extensions["cherga"], "alpha")})
    call("GET", "/api/v1/tickets/{token}", f"/api/v1/tickets/{by_door['token']}")

    # the audit, the dashboard, the reports
    call("GET", "/api/v1/offices/{office}/audit", "/api/v1/offices/alpha/audit", supervisor)
    call("GET", "/api/v1/audit", "/api/v1/audit?limit=50", manager)
    call("GET", "/api/v1/dashboard", "/api/v1/dashboard", manager)
    call("GET", "/api/v1/dashboard", "/api/v1/dashboard?=false", manager)  # 400: an unknown parameter
    call("GET", "/api/v1/dashboard/{office}", "/api/v1/dashboard/alpha", manager)
    period = "from=2026-01-01&to=2026-03-31"
    call("GET", "/api/v1/reports/summary", f"/api/v1/reports/summary?{period}&office=alpha&service=passport&hour=10", manager)
    call("GET", "/api/v1/reports/summary", f"/api/v1/reports/summary?{period}", manager)
    for group in ("office", "service", "operator", "day", "hour", "weekday", "month"):
        call("GET", "/api/v1/reports/figures", f"/api/v1/reports/figures?{period}&group={group}", manager)
    call("GET", "/api/v1/reports/operators", f"/api/v1/reports/operators?{period}", manager)
    call("GET", "/api/v1/reports/annual", "/api/v1/reports/annual?year=2026", manager)
    paper_report = call("GET", "/api/v1/reports/paper-tickets", "/api/v1/reports/paper-tickets?from=2026-11-01&to=2026-11-30&office=alpha", supervisor).get_json()
    assert paper_report and paper_report[0]["paper_tickets"] == 1, paper_report
    call("GET", "/api/v1/reports/paper-tickets", "/api/v1/reports/paper-tickets?from=2026-11-30&to=2026-11-01", manager)  # 400
    call("GET", "/api/v1/reports/summary", "/api/v1/reports/summary?office=&from=&to=", manager)  # 400
    trip_report = call("GET", "/api/v1/reports/trips", f"/api/v1/reports/trips?{period}&office=beta", manager).get_json()
    assert [row["date"] for row in trip_report] == ["2026-01-13"] and trip_report[0]["issued"] > 0, trip_report
    call("GET", "/api/v1/reports/trips", f"/api/v1/reports/trips?{period}", manager)
    call("GET", "/api/v1/reports/deadlines", f"/api/v1/reports/deadlines?{period}", manager)
    call("GET", "/api/v1/reports/deadlines", f"/api/v1/reports/deadlines?{period}&service=nothing", manager)  # 400
    call("GET", "/api/v1/reports/trips", f"/api/v1/reports/trips?{period}&office=beta", supervisor)  # 403: not beta's
    call("GET", "/api/v1/reports/trips", f"/api/v1/reports/trips?{period}&office=nowhere", manager)  # 400
    call("GET", "/api/v1/reports/complaints", f"/api/v1/reports/complaints?{period}&office=alpha", supervisor)
    call("GET", "/api/v1/reports/complaints", f"/api/v1/reports/complaints?{period}", manager)
    call("GET", "/api/v1/reports/survey", f"/api/v1/reports/survey?{period}&office=alpha", supervisor)
    call("GET", "/api/v1/reports/survey", f"/api/v1/reports/survey?{period}", manager)
    call("GET", "/api/v1/reports/kpis", f"/api/v1/reports/kpis?{period}", manager)
    call("GET", "/api/v1/reports/kpis", f"/api/v1/reports/kpis?{period}&office=alpha", supervisor)
    call("GET", "/api/v1/reports/kpis", f"/api/v1/reports/kpis?{period}", supervisor)  # 403: the network is for managers

    # bookings: the slots of a day, a booking, its page, a check-in in time, the office's day, a cancelled one
    slots = "/api/v1/offices/{office}/services/{service}/slots"
    today = clock.now.date().isoformat()
    free = call("GET", slots, f"/api/v1/offices/alpha/services/passport/slots?date={today}").get_json()
    call("GET", "/api/v1/offices/{office}/services/{service}/days", "/api/v1/offices/alpha/services/passport/days")
    call("GET", "/api/v1/offices/{office}/services/{service}/days", "/api/v1/offices/alpha/services/no-such/days")  # 404
    call("GET", slots, "/api/v1/offices/alpha/services/passport/slots?date=2026-02-30")  # 400
    visitor = {"office": "alpha", "service": "passport", "name": "Олена", "phone": "+380671234567"}
    booked = call("POST", "/api/v1/appointments", "/api/v1/appointments", json={**visitor, "start": free[0]["start"]}).get_json()
    later = call("POST", "/api/v1/appointments", "/api/v1/appointments", json={**visitor, "start": free[1]["start"]}).get_json()
    call("POST", "/api/v1/appointments", "/api/v1/appointments", json={**visitor, "start": free[1]["start"]})  # 409: full
    call("GET", "/api/v1/appointments/{token}", f"/api/v1/appointments/{booked['token']}")
    call("POST", "/api/v1/appointments/{token}/cancel", f"/api/v1/appointments/{later['token']}/cancel")
    call("POST", "/api/v1/appointments/{token}/cancel", f"/api/v1/appointments/{later['token']}/cancel")  # 409: cancelled
    for_a_caller = call("POST", "/api/v1/appointments", "/api/v1/appointments", supervisor, json={**visitor, "start": free[2]["start"]}).get_json()
    by_code = "/api/v1/offices/{office}/appointments/{code}/cancel"
    call("POST", by_code, f"/api/v1/offices/alpha/appointments/{for_a_caller['code']}/cancel", supervisor)
    call("POST", by_code, "/api/v1/offices/alpha/appointments/ZZZZZZ/cancel", supervisor)  # 404
    clock.advance(50)  # ten minutes before the first free time: within the early window (and every session)
    check_ins = "/api/v1/offices/{office}/check-ins"
    call("POST", check_ins, "/api/v1/offices/alpha/check-ins", kiosk, json={"code": booked["code"]})
    call("POST", check_ins, "/api/v1/offices/alpha/check-ins", kiosk, json={"code": booked["code"]})  # 409: already
    day_list = call("GET", "/api/v1/offices/{office}/appointments", f"/api/v1/offices/alpha/appointments?date={today}", supervisor)
    assert day_list.status_code == 200, day_list.get_json()

    # closures of bookings, and a lifted no-show block
    closures = "/api/v1/offices/{office}/booking-closures"
    tomorrow = (clock.now + dt.timedelta(days=1)).date().isoformat()
    closing = {"date": tomorrow, "desk": "alpha-1", "start": "12:00", "end": "15:00", "reason": "training"}
    closed = call("POST", closures, "/api/v1/offices/alpha/booking-closures", supervisor, json=closing).get_json()
    call("POST", closures, "/api/v1/offices/alpha/booking-closures", supervisor, json={"date": tomorrow, "start": "12:00"})  # 400
    call("GET", closures, "/api/v1/offices/alpha/booking-closures", supervisor)
    withdraw = closures + "/{closure_id}/withdraw"
    call("POST", withdraw, f"/api/v1/offices/alpha/booking-closures/{closed['id']}/withdraw", supervisor)
    call("POST", withdraw, f"/api/v1/offices/alpha/booking-closures/{closed['id']}/withdraw", supervisor)  # 409
    # the register of complaints: the visitor's, a hotline one entered, assigned, answered; a withdrawn one; the lists
    filed = "/api/v1/tickets/{token}/complaint"
    call("POST", filed, f"/api/v1/tickets/{rated['token']}/complaint", json={"text": "Довго чекали"})
    call("POST", filed, f"/api/v1/tickets/{rated['token']}/complaint", json={"text": "Ще раз"})  # 409: one open
    office_complaints = "/api/v1/offices/{office}/complaints"
    entered = call("POST", office_complaints, "/api/v1/offices/alpha/complaints", supervisor, json={"channel": "hotline", "text": "Дзвінок"}).get_json()
    call("POST", office_complaints, "/api/v1/offices/alpha/complaints", supervisor, json={"channel": "survey", "text": "x"})  # 400
    one = office_complaints + "/{complaint_id}"
    call("POST", one + "/assign", f"/api/v1/offices/alpha/complaints/{entered['id']}/assign", supervisor, json={"assignee": "olena"})
    call("POST", one + "/answer", f"/api/v1/offices/alpha/complaints/{entered['id']}/answer", supervisor, json={"text": "Відповіли"})
    call("POST", one + "/withdraw", f"/api/v1/offices/alpha/complaints/{entered['id']}/withdraw", supervisor)  # 409: answered
    other = call("POST", office_complaints, "/api/v1/offices/alpha/complaints", manager, json={"channel": "written", "text": "Лист"}).get_json()
    call("POST", one + "/withdraw", f"/api/v1/offices/alpha/complaints/{other['id']}/withdraw", manager)
    call("GET", office_complaints, "/api/v1/offices/alpha/complaints?status=received&overdue=false", supervisor)
    call("GET", "/api/v1/complaints/overdue", "/api/v1/complaints/overdue", manager)
    # a visitor's call for help at a kiosk: asked (twice: the same call), listed, answered (twice: 409), an unknown one
    help_calls = "/api/v1/offices/{office}/help-requests"
    asked = call("POST", help_calls, "/api/v1/offices/alpha/help-requests", kiosk, json={}).get_json()
    call("POST", help_calls, "/api/v1/offices/alpha/help-requests", kiosk, json={})
    call("GET", help_calls, "/api/v1/offices/alpha/help-requests", supervisor)
    answered = help_calls + "/{call_id}/handled"
    call("POST", answered, f"/api/v1/offices/alpha/help-requests/{asked['id']}/handled", manager, json={})
    call("POST", answered, f"/api/v1/offices/alpha/help-requests/{asked['id']}/handled", supervisor, json={})  # 409
    call("POST", answered, "/api/v1/offices/alpha/help-requests/99999/handled", supervisor, json={})  # 404
    missed_three_times(app_ctx, "alpha", code="MSSD22", now=clock.now)
    lift = "/api/v1/offices/{office}/booking-blocks/lift"
    call("POST", lift, "/api/v1/offices/alpha/booking-blocks/lift", supervisor, json={"code": "MSSD22"})
    call("POST", lift, "/api/v1/offices/alpha/booking-blocks/lift", supervisor, json={"code": "MSSD22"})  # 409: not blocked

    # an office node (of beta: alpha stays the centre's): pairing, a batch, one refused for a gap, changes; the nodes' state
    from queue_server.commands.nodes import adopt

    node = adopt(app_ctx, "beta", node="beta-node", address="http://10.0.0.2:8000").token
    given = call("GET", "/api/v1/node/assignment", "/api/v1/node/assignment", node).get_json()
    event = {"type": "desk.opened", "at": clock.now.isoformat(), "data": {}}
    batch = {"office": "beta", "rows": [], "appended": {}, "waiting": 0}
    call("POST", "/api/v1/node/batch", "/api/v1/node/batch", node, json={**batch, "events": [{**event, "seq": given["seq"] + 1}]})
    call("POST", "/api/v1/node/batch", "/api/v1/node/batch", node, json={**batch, "events": [{**event, "seq": given["seq"] + 5}]})  # 409
    call("POST", "/api/v1/node/batch", "/api/v1/node/batch", node, json={**batch, "office": "alpha", "events": []})  # 403
    call("POST", "/api/v1/node/changes", "/api/v1/node/changes", node, json={"known": {}})
    call("GET", "/api/v1/nodes", "/api/v1/nodes", manager)

    expected = {(op.method, op.path) for op in OPERATIONS if op.media == "application/json" and any(200 <= s < 300 and s != 204 for s in op.responses)}
    missed = sorted(expected - checker.succeeded)
    assert not missed, f"operations the walk never brought to a success: {missed}"


def test_every_json_answer_has_a_schema(checker: Checker) -> None:
    for path, item in checker.document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    assert content["schema"], f"{method.upper()} {path} {status} {media}: no schema"
