"""The pages' projection (`ChergaProjection`, cherga-live.js) follows the server's.

Every page that keeps an office's live picture moves it forward with
`ChergaProjection.apply`; the server's rules are `domain/projection.py`.
Here real command sequences — a scripted office day that uses every kind of
event, and office days the hypothesis state machine of
tests/commands/test_command_sequences.py makes up — are recorded (the
snapshot before each command, its events as they travel, the snapshot
after), replayed through `ChergaProjection` in headless Chromium, and each
resulting picture is compared with Python's, on the staff stream and on the
public one. A rule changed on one side only fails here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

import commands.test_command_sequences as sequences
from factories import Clock, RecordingPublisher, small_network
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work, supervision
from queue_server.commands.air_raid import set_air_raid
from queue_server.commands.context import Actor, ActorKind, VisitorRole
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.paper_roll import call_paper_ticket, set_paper_mode
from queue_server.commands.remote_tickets import confirm_arrival_by_code, take_remote_ticket
from queue_server.commands.visitors import rate_ticket
from queue_server.domain.errors import DomainError
from queue_server.domain.projection import apply_event, public_snapshot
from queue_server.reads import queries
from queue_server.realtime.relay import public_message
from queue_server.settings import Settings
from queue_server.wiring import open_context

pytestmark = pytest.mark.contract  # Chromium, as the pages' tests

CLIENT_LIBRARY = Path(__file__).resolve().parents[2] / "queue_server" / "public" / "static" / "cherga-live.js"
OFFICE = "alpha"
OPERATOR, KIOSK = sequences.OPERATOR, sequences.KIOSK
SUPERVISOR = sequences.staff_actor(sequences.UserRecord(2, "iryna", "x", "supervisor", True, (OFFICE,)))

Case = dict[str, Any]  # {name, stream, before, events, after}


def wire(message: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(message))


class Recorder:
    """Runs commands in one office and keeps, per command that published, what a page would see."""

    def __init__(self, ctx: Any, name: str) -> None:
        self.ctx, self.name, self.cases = ctx, name, []  # type: list[Case]

    def run(self, label: str, action: Callable[[], Any]) -> Any:
        before = queries.office_snapshot(self.ctx, OFFICE)
        try:
            result, sent = verify_action(self.ctx, OFFICE, action)  # Python's own check, on both streams
        except DomainError:
            return None  # refused: nothing was published
        if sent:
            after = queries.office_snapshot(self.ctx, OFFICE)
            name = f"{self.name} #{len(self.cases)} {label}"
            self.cases.append({"name": name + " (staff)", "before": before, "events": [wire(m) for m in sent], "after": after})
            self.cases.append({
                "name": name + " (public)", "before": public_snapshot(before),
                "events": [wire(public_message(m)) for m in sent], "after": public_snapshot(after),
            })
        return result


def scripted_day(ctx: Any, clock: Clock) -> list[Case]:
    """A morning of the office with every kind of event a page sees."""
    day = Recorder(ctx, "scripted day")
    for desk in ("alpha-1", "alpha-2", "alpha-3"):
        day.run("open " + desk, lambda desk=desk: desk_state.open_desk(ctx, desk, actor=OPERATOR))
    issued = []
    for service, priority in [("passport", None), ("residence", None), ("social", None), ("passport", "veteran"),
                              ("residence", None), ("passport", None), ("social", None), ("passport", None)]:
        clock.advance(2)
        issued.append(day.run("issue " + service, lambda s=service, p=priority: issue_ticket(ctx, OFFICE, s, actor=KIOSK, priority=p)))
    clock.advance(3)
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-1", actor=OPERATOR))
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-2", actor=OPERATOR))
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-3", actor=OPERATOR))
    clock.advance(1)
    day.run("recall", lambda: desk_work.recall(ctx, "alpha-1", actor=OPERATOR))
    day.run("start", lambda: desk_work.start(ctx, "alpha-1", actor=OPERATOR))
    day.run("no-show", lambda: desk_work.mark_no_show(ctx, "alpha-2", actor=OPERATOR))
    day.run("hold", lambda: desk_work.hold(ctx, "alpha-3", actor=OPERATOR))
    clock.advance(4)
    finished = day.run("finish", lambda: desk_work.finish(ctx, "alpha-1", actor=OPERATOR))
    day.run("rate", lambda: rate_ticket(ctx, finished.token, score=5, comment="Дякую"))
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-1", actor=OPERATOR))
    day.run("transfer to a service", lambda: desk_work.transfer(ctx, "alpha-1", actor=OPERATOR, to_service="residence", to_desk=None))
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-2", actor=OPERATOR))
    day.run("transfer to a desk", lambda: desk_work.transfer(ctx, "alpha-2", actor=OPERATOR, to_service=None, to_desk="alpha-1"))
    held = [t for t in queries.office_snapshot(ctx, OFFICE)["waiting"] if t["held"]]
    if held:
        day.run("return held", lambda: desk_work.return_held(ctx, "alpha-3", actor=OPERATOR, ticket=held[0]["id"]))
    waiting = queries.office_snapshot(ctx, OFFICE)["waiting"]
    day.run("cancel", lambda: supervision.cancel_ticket(ctx, OFFICE, waiting[-1]["id"], actor=SUPERVISOR, reason="пішов"))
    day.run("move", lambda: supervision.move_ticket(ctx, OFFICE, waiting[0]["id"], actor=SUPERVISOR, service="residence", desk="alpha-3", reason="інше вікно"))
    day.run("services of the day", lambda: supervision.change_desk_services(ctx, "alpha-2", actor=SUPERVISOR, weights={"passport": 1.0, "social": 2.0}))
    day.run("services restored", lambda: supervision.restore_desk_services(ctx, "alpha-2", actor=SUPERVISOR))
    day.run("call a ticket", lambda: supervision.call_ticket(ctx, "alpha-2", actor=SUPERVISOR, ticket=waiting[1]["id"], reason="повторний візит"))
    day.run("finish", lambda: desk_work.finish(ctx, "alpha-2", actor=OPERATOR))
    day.run("pause", lambda: desk_state.pause_desk(ctx, "alpha-2", actor=OPERATOR, reason="lunch"))
    day.run("take over", lambda: desk_state.take_over_desk(ctx, "alpha-1", actor=SUPERVISOR))
    day.run("issue", lambda: issue_ticket(ctx, OFFICE, "passport", actor=KIOSK))
    visitor = Actor(ActorKind.VISITOR, "phone", VisitorRole.VISITOR, offices=())
    remote = day.run("remote ticket", lambda: take_remote_ticket(
        ctx, OFFICE, "passport", phone="0671234567", lang="uk", actor=visitor, status_url=lambda token: "/t/" + token))
    day.run("arrival", lambda: confirm_arrival_by_code(ctx, OFFICE, remote.code, actor=KIOSK))
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-1", actor=SUPERVISOR))
    day.run("force close", lambda: supervision.force_close_desk(ctx, "alpha-1", actor=SUPERVISOR, reason="забули закрити"))
    day.run("resume", lambda: desk_state.resume_desk(ctx, "alpha-2", actor=OPERATOR))
    day.run("air-raid alert", lambda: set_air_raid(ctx, OFFICE, True, actor=SUPERVISOR))
    day.run("alert over", lambda: set_air_raid(ctx, OFFICE, False, actor=SUPERVISOR))
    day.run("paper mode", lambda: set_paper_mode(ctx, OFFICE, True, actor=SUPERVISOR))
    day.run("paper ticket", lambda: call_paper_ticket(ctx, "alpha-2", actor=OPERATOR, number="р250", service="passport"))
    day.run("paper mode over", lambda: set_paper_mode(ctx, OFFICE, False, actor=SUPERVISOR))
    day.run("close", lambda: desk_state.close_desk(ctx, "alpha-3", actor=OPERATOR))
    return day.cases


def visit_day(ctx: Any, clock: Clock) -> list[Case]:
    """Visits of several steps: sent on to another desk, called again, gone on at the desk, steps skipped, added, ended."""
    day = Recorder(ctx, "visit day")
    for desk in ("alpha-1", "alpha-2", "alpha-3"):
        day.run("open " + desk, lambda desk=desk: desk_state.open_desk(ctx, desk, actor=OPERATOR))
    day.run("issue a visit", lambda: issue_ticket(ctx, OFFICE, ["passport", "social", "residence"], actor=KIOSK))
    clock.advance(2)
    day.run("issue a visit", lambda: issue_ticket(ctx, OFFICE, ["passport", "residence"], actor=KIOSK))
    clock.advance(2)
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-1", actor=OPERATOR))  # the first visit's passport step
    day.run("start", lambda: desk_work.start(ctx, "alpha-1", actor=OPERATOR))
    clock.advance(5)
    day.run("finish, sent on", lambda: desk_work.finish(ctx, "alpha-1", actor=OPERATOR))  # alpha-1 does no social step: routed
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-3", actor=OPERATOR))  # called again, for its social step
    day.run("add a step", lambda: desk_work.add_step(ctx, "alpha-3", actor=OPERATOR, service="passport"))
    clock.advance(5)
    day.run("finish, go on", lambda: desk_work.finish(ctx, "alpha-3", actor=OPERATOR, go_on=True))  # residence, here
    day.run("skip the added step", lambda: desk_work.skip_step(ctx, "alpha-3", actor=OPERATOR, step=4, reason="вже має довідку"))
    clock.advance(5)
    day.run("finish the visit", lambda: desk_work.finish(ctx, "alpha-3", actor=OPERATOR))
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-2", actor=OPERATOR))  # the second visit
    day.run("skip the step now", lambda: desk_work.skip_step(ctx, "alpha-2", actor=OPERATOR, step=1, reason="вже має паспорт"))
    day.run("call next", lambda: desk_work.call_next(ctx, "alpha-1", actor=OPERATOR))
    day.run("end the visit", lambda: desk_work.end_visit(ctx, "alpha-1", actor=OPERATOR, reason="пішов раніше"))
    return day.cases


class RecordedDay(sequences.OfficeDay):
    """The state machine's office day, each command's picture kept for the replay."""

    recorded: list[Case] = []
    days = 0

    def __init__(self) -> None:
        super().__init__()
        self.recorder = Recorder(self.ctx, f"generated day {RecordedDay.days}")
        RecordedDay.days += 1

    def attempt(self, action) -> None:  # type: ignore[no-untyped-def]
        self.recorder.run("step", action)

    def teardown(self) -> None:
        RecordedDay.recorded.extend(self.recorder.cases)
        super().teardown()


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Case]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('parity') / 'cherga.sqlite3'}"
    clock = Clock()
    ctx = open_context(Settings.from_env({}, database_url=url), publisher=RecordingPublisher(), clock=clock, network=small_network())
    recorded = scripted_day(ctx, clock)
    ctx.engine.dispose()
    visits_url = f"sqlite:///{tmp_path_factory.mktemp('parity-visits') / 'cherga.sqlite3'}"
    clock = Clock()
    ctx = open_context(Settings.from_env({}, database_url=visits_url), publisher=RecordingPublisher(), clock=clock, network=small_network())
    recorded += visit_day(ctx, clock)
    ctx.engine.dispose()
    RecordedDay.recorded, RecordedDay.days = [], 0
    run_state_machine_as_test(RecordedDay, settings=settings(
        max_examples=6, stateful_step_count=40, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.too_slow],
    ))
    yield recorded + RecordedDay.recorded


@pytest.fixture(scope="module")
def replay(browser) -> Iterator[Callable[[list[Case]], list[list[dict[str, Any]]]]]:  # type: ignore[no-untyped-def]
    """Each case's events through `ChergaProjection`, in Chromium: the picture after each event."""
    page = browser.new_page()
    page.set_content("<!doctype html><title>parity</title>")
    page.add_script_tag(path=str(CLIENT_LIBRARY))

    def run(batch: list[Case]) -> list[list[dict[str, Any]]]:
        return page.evaluate(
            """(cases) => cases.map((item) => {
                let snapshot = item.before;
                return item.events.map((message) => JSON.parse(JSON.stringify(window.ChergaProjection.apply(snapshot, message))));
            })""",
            batch,
        )

    yield run
    page.close()


def test_the_recorded_days_use_every_kind_of_event(cases) -> None:
    kinds = {event["type"] for case in cases for event in case["events"]}
    assert {"ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished", "ticket.no_show",
            "ticket.transferred", "ticket.held", "ticket.returned", "ticket.cancelled", "ticket.moved", "ticket.rated",
            "ticket.requeued", "ticket.arrived", "ticket.routed", "ticket.continued", "ticket.steps_changed", "desk.opened", "desk.paused", "desk.resumed", "desk.closed", "desk.taken_over",
            "desk.services_changed", "office.air_raid", "office.paper_mode"} <= kinds, kinds
    assert len({case["name"].split(" #")[0] for case in cases}) >= 6, "the scripted days and several generated ones"
    visit = [case["name"].split(" #")[1].removesuffix(" (staff)") for case in cases if case["name"].startswith("visit day") and "(staff)" in case["name"]]
    assert len(visit) == 17, visit  # every command of the visits was taken: none refused


def test_the_pages_projection_gives_the_servers_picture_after_every_event(cases, replay) -> None:
    pictures = replay(cases)
    assert len(pictures) == len(cases) > 100
    for case, steps in zip(cases, pictures, strict=True):
        expected = case["before"]
        for event, picture in zip(case["events"], steps, strict=True):
            expected = apply_event(expected, event)
            assert picture == expected, f"{case['name']}: {event['type']} (seq {event['seq']}) projects differently in the page"
        assert steps[-1] == case["after"], case["name"]


def test_a_ticket_event_of_a_kind_the_page_does_not_know_moves_the_ticket_by_its_status(cases, replay) -> None:
    """A board runs for months while the server learns new events: any `ticket.*` carries the ticket's view, and that is enough.

    The visits' events (routed, continued, steps_changed) are replayed under a
    name no page knows, and give the same picture as the server's.
    """
    visits = ("ticket.routed", "ticket.continued", "ticket.steps_changed")
    chosen = [case for case in cases if any(event["type"] in visits for event in case["events"])]
    renamed = [
        {**case, "events": [{**event, "type": "ticket.of_a_kind_not_yet_made"} if event["type"] in visits else event for event in case["events"]]}
        for case in chosen
    ]
    assert len(renamed) >= 6
    for case, steps in zip(renamed, replay(renamed), strict=True):
        assert steps[-1] == case["after"], case["name"]
