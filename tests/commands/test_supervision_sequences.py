"""The office day of `test_command_sequences.py`, with a supervisor at work among the desks.

Every rule of that state machine still runs; these add out-of-turn calls,
cancels, moves, forced closes and services of the day. After every step the
same invariants hold: the events project the snapshot on both streams, a desk
holds at most one ticket, no ticket is at two desks, the seq has no gap.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import rule

from queue_server.commands import supervision
from queue_server.commands.accounts import staff_actor
from queue_server.reads import queries
from queue_server.store.accounts import UserRecord

_spec = importlib.util.spec_from_file_location("office_day_machine", Path(__file__).with_name("test_command_sequences.py"))
assert _spec is not None and _spec.loader is not None
_machine = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_machine)

DESKS, SERVICES, OPERATOR = _machine.DESKS, _machine.SERVICES, _machine.OPERATOR
SUPERVISOR = staff_actor(UserRecord(2, "iryna", "x", "supervisor", True, ("alpha",)))

pytestmark = pytest.mark.slow  # a day of random commands: among the longest tests, so started first


class SupervisedOfficeDay(_machine.OfficeDay):
    calls_follow_the_policy = False  # a call out of turn takes any waiting ticket to any desk

    def waiting_ids(self) -> list[int]:
        return [ticket["id"] for ticket in queries.office_snapshot(self.ctx, "alpha")["waiting"]]

    @rule(pick=st.integers(0, 20), desk=st.sampled_from(DESKS))
    def out_of_turn(self, pick: int, desk: str) -> None:
        waiting = self.waiting_ids()
        if waiting:
            ticket = waiting[pick % len(waiting)]
            self.attempt(lambda: supervision.call_ticket(self.ctx, desk, actor=OPERATOR, ticket=ticket, reason="r"))

    @rule(pick=st.integers(0, 20))
    def cancel(self, pick: int) -> None:
        waiting = self.waiting_ids()
        if waiting:
            ticket = waiting[pick % len(waiting)]
            self.attempt(lambda: supervision.cancel_ticket(self.ctx, "alpha", ticket, actor=SUPERVISOR, reason="r"))

    @rule(pick=st.integers(0, 20), service=st.sampled_from([None, *SERVICES]), desk=st.sampled_from([None, *DESKS]))
    def move(self, pick: int, service: str | None, desk: str | None) -> None:
        waiting = self.waiting_ids()
        if waiting:
            ticket = waiting[pick % len(waiting)]
            self.attempt(
                lambda: supervision.move_ticket(self.ctx, "alpha", ticket, actor=SUPERVISOR, service=service, desk=desk, reason="r")
            )

    @rule(desk=st.sampled_from(DESKS))
    def force_close(self, desk: str) -> None:
        self.attempt(lambda: supervision.force_close_desk(self.ctx, desk, actor=SUPERVISOR, reason="r"))

    @rule(desk=st.sampled_from(DESKS), services=st.sets(st.sampled_from(SERVICES), min_size=1), restore=st.booleans())
    def services_of_the_day(self, desk: str, services: set[str], restore: bool) -> None:
        if restore:
            self.attempt(lambda: supervision.restore_desk_services(self.ctx, desk, actor=SUPERVISOR))
        else:
            weights = {service: 1.0 + index for index, service in enumerate(sorted(services))}
            self.attempt(lambda: supervision.change_desk_services(self.ctx, desk, actor=SUPERVISOR, weights=weights))


SupervisedOfficeDay.TestCase.settings = settings(
    max_examples=40, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestSupervisedOfficeDay = SupervisedOfficeDay.TestCase
