"""Random sequences of commands keep every invariant (hypothesis state machine).

After every step: the events project the snapshot before onto the snapshot
after, on both streams; a desk holds at most one ticket and that ticket is
at that desk; no ticket is at two desks; the seq has no gap; a visit of
several steps has done (or skipped) every step before its current one, and
only the current one at a desk whose profile does it.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from factories import Clock, RecordingPublisher, visit_network
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.errors import DomainError
from queue_server.reads import queries
from queue_server.settings import Settings
from queue_server.store.accounts import UserRecord
from queue_server.wiring import open_context

DESKS = ["alpha-1", "alpha-2", "alpha-3"]
SERVICES = ["passport", "residence", "social"]
VISITS = [["package-move"], ["passport", "social"], ["social", "residence", "passport"]]
OPERATOR = staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",)))
KIOSK = Actor(kind="device", name="kiosk", role="kiosk", offices=("alpha",), device_id=1)
_runs = itertools.count()

pytestmark = pytest.mark.slow  # a day of random commands: among the longest tests, so started first


class OfficeDay(RuleBasedStateMachine):
    calls_follow_the_policy = True  # a machine that calls out of turn (by design, whatever the service) says False

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        url = f"sqlite:///{Path(self.folder.name) / f'run-{next(_runs)}.sqlite3'}"
        self.clock = Clock()
        self.ctx = open_context(Settings.from_env({}, database_url=url), publisher=RecordingPublisher(), clock=self.clock, network=visit_network())

    def teardown(self) -> None:
        self.ctx.engine.dispose()
        self.folder.cleanup()

    def attempt(self, action) -> None:
        try:
            verify_action(self.ctx, "alpha", action)
        except DomainError:
            pass  # a refusal is fine; verify_action already checked it changed nothing it published

    @initialize(opened=st.sets(st.sampled_from(DESKS), min_size=1))
    def morning(self, opened: set[str]) -> None:
        for desk in sorted(opened):
            self.attempt(lambda desk=desk: desk_state.open_desk(self.ctx, desk, actor=OPERATOR))

    @rule(service=st.sampled_from(SERVICES), priority=st.sampled_from([None, None, "veteran"]))
    def issue(self, service: str, priority: str | None) -> None:
        self.attempt(lambda: issue_ticket(self.ctx, "alpha", service, actor=KIOSK, priority=priority))

    @rule(services=st.sampled_from(VISITS))
    def issue_a_visit(self, services: list[str]) -> None:
        self.attempt(lambda: issue_ticket(self.ctx, "alpha", services, actor=KIOSK))

    @rule(pick=st.integers(0, 5), go_on=st.sampled_from([None, True, False]))
    def finish_a_step(self, pick: int, go_on: bool | None) -> None:
        busy = self.desks_where(busy=True)
        self.attempt(lambda: desk_work.finish(self.ctx, busy[pick % len(busy)], actor=OPERATOR, go_on=go_on))

    @rule(pick=st.integers(0, 5), step=st.integers(1, 4), action=st.sampled_from(["skip", "add", "end"]))
    def change_the_visit(self, pick: int, step: int, action: str) -> None:
        busy = self.desks_where(busy=True)
        desk = busy[pick % len(busy)]
        if action == "skip":
            self.attempt(lambda: desk_work.skip_step(self.ctx, desk, actor=OPERATOR, step=step, reason="вже має довідку"))
        elif action == "add":
            service = SERVICES[step % len(SERVICES)]
            self.attempt(lambda: desk_work.add_step(self.ctx, desk, actor=OPERATOR, service=service))
        else:
            self.attempt(lambda: desk_work.end_visit(self.ctx, desk, actor=OPERATOR, reason="решта іншим разом"))

    @rule(minutes=st.integers(0, 30))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes)

    def desks_with(self, status: str, busy: bool | None = None) -> list[str]:
        desks = queries.office_snapshot(self.ctx, "alpha")["desks"]
        return [
            d["id"] for d in desks if d["status"] == status and (busy is None or (d["ticket"] is not None) == busy)
        ]

    @rule(pick=st.integers(0, 5))
    def back_to_work(self, pick: int) -> None:
        """A closed desk opens, a desk on a break comes back."""
        closed, paused = self.desks_with("closed"), self.desks_with("paused")
        if closed:
            self.attempt(lambda: desk_state.open_desk(self.ctx, closed[pick % len(closed)], actor=OPERATOR))
        elif paused:
            self.attempt(lambda: desk_state.resume_desk(self.ctx, paused[pick % len(paused)], actor=OPERATOR))

    @rule(pick=st.integers(0, 5), close=st.booleans())
    def step_away(self, pick: int, close: bool) -> None:
        free = self.desks_with("open", busy=False)
        if free:
            desk = free[pick % len(free)]
            if close:
                self.attempt(lambda: desk_state.close_desk(self.ctx, desk, actor=OPERATOR))
            else:
                self.attempt(lambda: desk_state.pause_desk(self.ctx, desk, actor=OPERATOR, reason="lunch"))

    @rule(desk=st.sampled_from(DESKS), action=st.sampled_from(
        ["open_desk", "resume_desk", "close_desk", "call_next", "recall", "start", "finish", "mark_no_show", "hold"]))
    def anything_anywhere(self, desk: str, action: str) -> None:
        """Any action at any desk: most are refused, and a refusal must change nothing."""
        module = desk_state if action.endswith("_desk") else desk_work
        self.attempt(lambda: getattr(module, action)(self.ctx, desk, actor=OPERATOR))

    def desks_where(self, busy: bool) -> list[str]:
        """Open desks with (or without) a visitor: where the next step can go somewhere."""
        return self.desks_with("open", busy=busy) or DESKS

    @rule(pick=st.integers(0, 5))
    def call_next(self, pick: int) -> None:
        free = self.desks_where(busy=False)
        self.attempt(lambda: desk_work.call_next(self.ctx, free[pick % len(free)], actor=OPERATOR))

    @rule(pick=st.integers(0, 5), action=st.sampled_from(["recall", "recall", "mark_no_show", "start", "finish", "hold"]))
    def work_with_the_visitor(self, pick: int, action: str) -> None:
        busy = self.desks_where(busy=True)
        self.attempt(lambda: getattr(desk_work, action)(self.ctx, busy[pick % len(busy)], actor=OPERATOR))

    @rule(pick=st.integers(0, 5), service=st.sampled_from(SERVICES), to_desk=st.sampled_from([None, *DESKS]))
    def transfer(self, pick: int, service: str, to_desk: str | None) -> None:
        busy = self.desks_where(busy=True)
        desk = busy[pick % len(busy)]
        self.attempt(lambda: desk_work.transfer(self.ctx, desk, actor=OPERATOR, to_service=None if to_desk else service, to_desk=to_desk))

    @rule(pick=st.integers(0, 20), to_holder=st.booleans())
    def give_back(self, pick: int, to_holder: bool) -> None:
        held = [t for t in queries.office_snapshot(self.ctx, "alpha")["waiting"] if t["held"]]
        if held:
            ticket = held[pick % len(held)]
            free = self.desks_where(busy=False)
            desk = ticket["desk"] if to_holder else free[pick % len(free)]
            self.attempt(lambda: desk_work.return_held(self.ctx, desk, actor=OPERATOR, ticket=ticket["id"]))

    @invariant()
    def desks_and_calls_agree(self) -> None:
        snapshot = queries.office_snapshot(self.ctx, "alpha")
        at_desks = {call["desk"]: call["number"] for call in snapshot["calls"]}
        assert len(at_desks) == len(snapshot["calls"]), "a desk holds two tickets"
        for desk in snapshot["desks"]:
            assert desk["ticket"] == at_desks.get(desk["id"])
            if desk["status"] != "open":
                assert desk["ticket"] is None, "a closed or paused desk holds a visitor"
        seqs = [m["seq"] for m in self.ctx.publisher.messages if m["office"] == "alpha"]
        assert seqs == list(range(1, len(seqs) + 1))

    @invariant()
    def visits_go_step_by_step(self) -> None:
        snapshot = queries.office_snapshot(self.ctx, "alpha")
        alpha = self.ctx.network.offices["alpha"]
        for ticket in [*snapshot["waiting"], *snapshot["calls"]]:
            shown = [step["status"] for step in ticket["steps"]]
            current = ticket["step"]
            assert all(status in ("done", "skipped") for status in shown[:current])
            assert all(status in ("waiting", "skipped") for status in shown[current + 1 :])
            assert ticket["service"] == ticket["steps"][current]["service"]
            followed = self.calls_follow_the_policy and ticket["transfers"] == 0
            if followed and ticket["status"] != "waiting" and ticket["target_desk"] is None:
                desk = alpha.desk(ticket["desk"])
                assert desk.profile.serves(ticket["service"]), "a step at a desk that cannot do it"


OfficeDay.TestCase.settings = settings(max_examples=75, stateful_step_count=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TestOfficeDay = OfficeDay.TestCase

