"""Visits of several steps, made by the desks' own commands, and the reports' figures of them worked out by hand.

Six visits at desk alpha-1 on one day, each begun with an empty queue and
the clock moved by whole minutes, so every figure below is counted on paper
from the timeline written next to it (minutes after the visit's issue):

- A, passport then residence, sent back to wait: call 5, start 6, step 1
  done 10; call 14, start 15, done 20.
- B, the package (residence then passport), the desk goes on: call 2,
  start 3, step 1 done 6 and step 2 begins at once; done 12.
- C, passport, residence, social, ended early: call 1, start 2, step 1
  done 4 and step 2 begins; the visit is ended at 7 (step 3 skipped).
- D, passport and residence, step 2 skipped in advance: call 3, start 4,
  skipped, done 6.
- E, passport then residence, a no-show at step 2: call 4, start 5, step 1
  done 7; called for step 2 at 13, no-show at 15.
- F, passport alone: call 1, start 2, done 5.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask.testing import FlaskClient

from factories import Clock, small_network, text
from queue_server import create_app
from queue_server.domain.model import (
    CategoryCode,
    DeskId,
    Network,
    OfficeCode,
    PackageStep,
    Service,
    ServiceCode,
    TicketId,
)
from queue_server.domain.tickets import Step, StepStatus, Ticket, TicketStatus
from queue_server.reporting.store import step_times
from queue_server.settings import Settings
from queue_server.store import ticket_steps
from reporting.expected import FIRST, LAST, by_step, in_period
from reporting.synthetic import PACKAGE as SYNTHETIC_PACKAGE
from web import bearer, login_token

PACKAGE = "relocation"
DAY = "from=2026-11-24&to=2026-11-24"  # the test clock's day (T0, 10:00 in Kyiv)


def package_network() -> Network:
    """The test network with a package at alpha: residence, then passport."""
    base = small_network()
    package = Service(
        code=ServiceCode(PACKAGE), name=text("Переїзд", "Moving house"), category=CategoryCode("docs"), prefix="Н",
        target_wait=dt.timedelta(minutes=20), typical_duration=dt.timedelta(minutes=20), package=True,
        steps=(PackageStep(ServiceCode("residence")), PackageStep(ServiceCode("passport"))),
    )  # fmt: skip
    alpha = base.offices[OfficeCode("alpha")]
    offices = {**base.offices, alpha.code: replace(alpha, services=(*alpha.services, package.code))}
    return replace(base, services={**base.services, package.code: package}, offices=offices)


class Desk:
    """Desk alpha-1 worked through the REST API, with the test's clock moved between actions."""

    def __init__(self, client: FlaskClient, token: str, clock: Clock) -> None:
        self.client, self.token, self.clock = client, token, clock
        self.post("/api/v1/desks/alpha-1/open")

    def log_in(self) -> None:
        """A new token: the day's visits take longer than the hour a token lasts."""
        answer = self.client.post("/api/v1/auth/login", json={"username": "olena", "password": "password-1"})
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
        self.token = answer.get_json()["token"]

    def post(self, path: str, **body: Any) -> Any:
        answer = self.client.post(path, json=body or None, headers=bearer(self.token))
        assert answer.status_code in (200, 201), (path, answer.get_data(as_text=True)[:300])
        return answer.get_json()

    def issue(self, **choice: Any) -> None:
        self.post("/api/v1/offices/alpha/tickets", print=False, **choice)

    def act(self, after: float, action: str, **body: Any) -> int:
        """`after` minutes on, do `action` to the ticket at the desk (call-next finds it); its id."""
        self.clock.advance(after)
        if action == "call-next":
            self.ticket = self.post("/api/v1/desks/alpha-1/call-next")["id"]
        else:
            self.post(f"/api/v1/desks/alpha-1/{action}", ticket=self.ticket, **body)
        return self.ticket


@pytest.fixture(scope="module")
def visits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """The module's one app, with the day's six visits made in it: the tests only read them."""
    folder = tmp_path_factory.mktemp("visits-of-steps")
    settings = Settings.from_env({}, database_url=f"sqlite:///{folder / 'cherga.sqlite3'}", voice_cache_dir=folder / "voice-cache")
    clock = Clock()
    app = create_app(settings, clock=clock, network=package_network())
    app.config["TESTING"] = True
    client = app.test_client()
    ctx = app.extensions["cherga"]
    login_token(ctx, "head", "manager", [])
    _visit(Desk(client, login_token(ctx, "olena", "operator", ["alpha"]), clock))
    yield client
    app.extensions["cherga"].engine.dispose()


def _visit(desk: Desk) -> None:
    steps: list[tuple[dict[str, Any], list[tuple[float, str, dict[str, Any]]]]] = [
        ({"services": ["passport", "residence"]}, [
            (5, "call-next", {}), (1, "start", {}), (4, "finish", {"go_on": False}),
            (4, "call-next", {}), (1, "start", {}), (5, "finish", {}),
        ]),
        ({"services": [PACKAGE]}, [(2, "call-next", {}), (1, "start", {}), (3, "finish", {}), (6, "finish", {})]),
        ({"services": ["passport", "residence", "social"]}, [
            (1, "call-next", {}), (1, "start", {}), (2, "finish", {"go_on": True}), (3, "end-visit", {"reason": "решту пізніше"}),
        ]),
        ({"services": ["passport", "residence"]}, [
            (3, "call-next", {}), (1, "start", {}), (0, "skip-step", {"step": 2, "reason": "вже має довідку"}), (2, "finish", {}),
        ]),
        ({"services": ["passport", "residence"]}, [
            (4, "call-next", {}), (1, "start", {}), (2, "finish", {"go_on": False}), (6, "call-next", {}), (2, "no-show", {}),
        ]),
        ({"service": "passport"}, [(1, "call-next", {}), (1, "start", {}), (3, "finish", {})]),
    ]  # fmt: skip
    for choice, actions in steps:
        desk.clock.advance(1)
        desk.log_in()
        desk.issue(**choice)
        for after, action, body in actions:
            desk.act(after, action, **body)


@pytest.fixture(scope="module")
def client(visits: FlaskClient) -> FlaskClient:
    return visits


@pytest.fixture(scope="module")
def manager(client: FlaskClient) -> str:
    """The manager's token, taken after the visits (a token lasts an hour; the visits took longer)."""
    answer = client.post("/api/v1/auth/login", json={"username": "head", "password": "password-1"})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return str(answer.get_json()["token"])


def get(client, token: str, path: str) -> Any:
    answer = client.get(path, headers=bearer(token))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_json()


def test_a_visit_counts_once_and_each_step_done_as_a_service_given(client, manager) -> None:
    summary = get(client, manager, f"/api/v1/reports/summary?office=alpha&{DAY}")
    assert (summary["visits"], summary["issued"], summary["packages"]) == (6, 6, 1)
    assert (summary["served"], summary["no_show"]) == (5, 1)  # visits A B C D F done; E a no-show
    assert summary["services_provided"] == 2 + 2 + 2 + 1 + 1 + 1  # E's step 1 is a service given
    assert summary["average_steps_done"] == 1.6  # 8 steps done by the 5 visits done
    # the visit's wait is its first: 5 2 1 3 4 1
    assert (summary["wait_p50_minutes"], summary["wait_p90_minutes"], summary["wait_max_minutes"]) == (2.0, 5.0, 5.0)
    # time at desks of the visits done: A 4+5, B 3+6, C 2+3, D 2, F 3
    assert (summary["service_p50_minutes"], summary["service_p90_minutes"]) == (5.0, 9.0)
    assert summary["within_target_share"] == 1.0
    assert (summary["visit_p50_minutes"], summary["visit_p90_minutes"]) == (7.0, 20.0)  # 20 12 7 6 5
    # each step's ready → call: 5 2 1 3 4 1, then A 4, B 0, C 0, E 6 (its no-show)
    assert (summary["step_wait_p50_minutes"], summary["step_wait_p90_minutes"]) == (2.0, 5.0)
    # each step done: 4 5 3 6 2 3 2 2 3
    assert (summary["step_service_p50_minutes"], summary["step_service_p90_minutes"]) == (3.0, 6.0)
    assert summary["by_step"] == [
        {"step": 1, "services_provided": 6, "skipped": 0, "wait_p50_minutes": 2.0, "wait_p90_minutes": 5.0,
         "service_p50_minutes": 2.0, "service_p90_minutes": 4.0},
        {"step": 2, "services_provided": 3, "skipped": 1, "wait_p50_minutes": 0.0, "wait_p90_minutes": 6.0,
         "service_p50_minutes": 5.0, "service_p90_minutes": 6.0},
        {"step": 3, "services_provided": 0, "skipped": 1, "wait_p50_minutes": None, "wait_p90_minutes": None,
         "service_p50_minutes": None, "service_p90_minutes": None},
    ]  # fmt: skip


def test_figures_by_package(client, manager) -> None:
    rows = get(client, manager, f"/api/v1/reports/figures?office=alpha&{DAY}&group=package")
    assert [(row["key"], row["label"], row["label_en"]) for row in rows] == [
        (PACKAGE, "Переїзд", "Moving house"), (None, "без пакета", "no package"),
    ]  # fmt: skip
    package, others = rows
    assert (package["visits"], package["served"], package["packages"], package["services_provided"]) == (1, 1, 1, 2)
    assert (package["average_steps_done"], package["visit_p50_minutes"], package["wait_p50_minutes"]) == (2.0, 12.0, 2.0)
    assert (package["step_wait_p50_minutes"], package["step_wait_p90_minutes"]) == (0.0, 2.0)
    assert [(step["step"], step["wait_p50_minutes"], step["service_p50_minutes"]) for step in package["by_step"]] == [(1, 2.0, 3.0), (2, 0.0, 6.0)]
    assert (others["visits"], others["packages"], others["services_provided"]) == (5, 0, 7)


def test_a_step_counts_under_its_own_service_and_a_visit_under_its_first(client, manager) -> None:
    rows = {row["key"]: row for row in get(client, manager, f"/api/v1/reports/figures?office=alpha&{DAY}&group=service")}
    assert (rows["passport"]["visits"], rows["passport"]["services_provided"]) == (5, 6)  # A C D E F; passport steps done
    assert (rows["residence"]["visits"], rows["residence"]["services_provided"]) == (1, 3)  # B; A's, B's and C's residence
    assert (rows["social"]["visits"], rows["social"]["services_provided"]) == (0, 0)  # C's step 3, skipped
    residence = get(client, manager, f"/api/v1/reports/summary?office=alpha&{DAY}&service=residence")
    assert {name: residence[name] for name in ("visits", "served", "services_provided", "wait_p50_minutes")} == {
        "visits": 1, "served": 1, "services_provided": 3, "wait_p50_minutes": 2.0,
    }  # fmt: skip
    assert residence["step_wait_p50_minutes"] == 2.0  # residence steps: B 2, A 4, C 0


def test_the_administrator_served_each_step(client, manager) -> None:
    [olena] = get(client, manager, f"/api/v1/reports/operators?office=alpha&{DAY}")
    assert (olena["operator"], olena["served"], olena["serving_minutes"]) == ("olena", 9, 30.0)


def test_the_files_carry_the_new_figures(client, manager) -> None:
    import csv
    import io

    import openpyxl

    content = client.get(f"/api/v1/reports/export.csv?office=alpha&{DAY}", headers=bearer(manager)).get_data()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert (rows[0]["group"], rows[0]["services_provided"], rows[0]["packages"]) == ("total", "9", "1")
    assert [(row["key"], row["visits"]) for row in rows if row["group"] == "package"] == [(PACKAGE, "1"), ("", "5")]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/api/v1/reports/export.xlsx?office=alpha&{DAY}", headers=bearer(manager)).get_data()))
    steps = [[cell.value for cell in row] for row in book["By step"].iter_rows()]
    assert steps[0][:5] == ["package", "label", "label_en", "step", "services_provided"]
    assert [row[:5] for row in steps[1:]] == [
        ["total", None, None, 1, 6], ["total", None, None, 2, 3], ["total", None, None, 3, 0],
        [PACKAGE, "Переїзд", "Moving house", 1, 1], [PACKAGE, "Переїзд", "Moving house", 2, 1],
        [None, "без пакета", "no package", 1, 5], [None, "без пакета", "no package", 2, 2], [None, "без пакета", "no package", 3, 0],
    ]  # fmt: skip
    header = [cell.value for cell in book["By package"][1]]
    assert "services_provided" in header and "by_step" not in header


def test_the_synthetic_quarter_has_every_kind_of_visit(history) -> None:
    """The history the other reporting tests recompute has visits of several steps of every fate."""
    several = [v for v in history.visits if v.steps]
    kinds = {
        "package": any(v.package for v in several),
        "done": any(v.status == "done" and all(s.status == "done" for s in v.steps or ()) for v in several),
        "continued": any(len(v.steps or ()) > 1 and v.steps[1].ready_at == v.steps[1].called_at for v in several),  # type: ignore[index]
        "skipped": any(v.status == "done" and any(s.status == "skipped" for s in v.steps or ()) for v in several),
        "no-show at step 2": any(v.status == "no_show" and v.step == 1 for v in several),
        "left before step 2": any(v.status == "cancelled" and v.step == 1 for v in several),
    }
    assert all(kinds.values()), kinds
    assert 100 < len(several) < len(history.visits) // 10


def test_the_steps_of_the_summary_and_of_each_package(reader, shared_tokens, shared_loaded) -> None:
    period = "from=2026-01-01&to=2026-03-31"
    visits = [v for v in shared_loaded.visits if in_period(v, FIRST, LAST)]
    assert get(reader, shared_tokens["manager"], f"/api/v1/reports/summary?{period}")["by_step"] == by_step(visits)
    rows = get(reader, shared_tokens["manager"], f"/api/v1/reports/figures?{period}&group=package")
    assert [row["key"] for row in rows] == [SYNTHETIC_PACKAGE, None]  # the test network configures none
    for row in rows:
        assert row["by_step"] == by_step(v for v in visits if v.package == row["key"]), row["key"]


def test_the_reports_read_the_steps_as_the_store_writes_them() -> None:
    """`reporting.store.step_times` reads the JSON of `store.ticket_steps.to_column` itself: the same steps."""
    issued = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)
    at = [issued + dt.timedelta(minutes=minutes, milliseconds=250) for minutes in range(8)]
    steps = (
        Step(ServiceCode("passport"), StepStatus.DONE, ("windows",), DeskId("alpha-1"), "olena", None, at[1], at[2], at[3]),
        Step(ServiceCode("residence"), StepStatus.CALLED, (), DeskId("alpha-3"), "petro", at[3], at[6]),
        Step(ServiceCode("social"), StepStatus.SKIPPED),
    )
    ticket = Ticket(
        TicketId(1), OfficeCode("alpha"), "token", "П001", ServiceCode("residence"), TicketStatus.NO_SHOW, issued,
        steps=steps, step=1, package=ServiceCode(PACKAGE),
    )  # fmt: skip
    stored = json.dumps(ticket_steps.to_column(ticket))
    read_back = ticket_steps.from_column(json.loads(stored))
    assert read_back == steps
    ms = lambda moment: None if moment is None else round(moment.timestamp() * 1000)  # noqa: E731
    assert step_times(stored) == tuple(
        (step.service, step.status.value, step.served_by, ms(step.ready_at), ms(step.called_at), ms(step.started_at), ms(step.finished_at))
        for step in read_back
    )
    assert step_times("null") == ()
