"""The snapshot shared by the subscribers of one `seq` is the snapshot a fresh read gives, whatever happened."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

import contract.test_projection_parity as parity
from factories import RecordingPublisher
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.projection import public_snapshot
from queue_server.reads import queries
from queue_server.reads.shared_snapshots import SharedSnapshots

OFFICES = ("alpha", "beta")


class CheckingPublisher(RecordingPublisher):
    """After every committed command, each office's shared snapshot (kept from the previous check) against a fresh read."""

    def __init__(self) -> None:
        super().__init__()
        self.shared: SharedSnapshots | None = None
        self.checks = 0

    def publish(self, messages: Sequence[dict[str, Any]]) -> None:
        super().publish(messages)
        if self.shared is None:
            return
        moved = {message["office"] for message in messages}
        for office in OFFICES:
            before = self.shared._kept.get(office)
            kept = self.shared.current(office)
            fresh = queries.office_snapshot(self.shared.ctx, office)
            assert kept.staff == fresh, f"{office} after {[m['type'] for m in messages]}"
            assert kept.public == public_snapshot(fresh)
            assert kept.staff["office"] == kept.public["office"] == office
            if office not in moved and before is not None:
                assert kept is before  # an office whose seq did not move is not read again
        self.checks += 1


@pytest.fixture
def publisher() -> CheckingPublisher:
    return CheckingPublisher()


DAYS = {  # the parity test's days, and a few of the kinds of event each must have shown
    "every kind of event": (parity.scripted_day, {"ticket.issued", "ticket.called", "desk.opened", "office.air_raid", "office.paper_mode"}),
    "visits of several steps": (parity.visit_day, {"ticket.issued", "ticket.called", "desk.opened"}),
}


@pytest.mark.parametrize("day", DAYS)
def test_the_shared_snapshot_is_a_fresh_one_after_every_event(ctx, publisher, clock, day) -> None:
    script, shown = DAYS[day]
    publisher.shared = SharedSnapshots(ctx)
    script(ctx, clock)
    assert publisher.checks > 15
    assert shown <= {message["type"] for message in publisher.messages}


def test_one_read_for_every_subscriber_of_a_seq_and_a_new_one_when_it_moves(ctx, kiosk) -> None:
    shared = SharedSnapshots(ctx)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    first = shared.current("alpha")
    assert all(shared.current("alpha") is first for _ in range(50))
    assert shared.reads == 1
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    moved = shared.current("alpha")
    assert moved.seq == first.seq + 1 and len(moved.staff["waiting"]) == 2 and shared.reads == 2
    assert moved.staff == queries.office_snapshot(ctx, "alpha")
    assert len(first.staff["waiting"]) == 1  # a snapshot once given is never changed


def test_two_offices_never_share(ctx, kiosk) -> None:
    shared = SharedSnapshots(ctx)
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    alpha, beta = shared.current("alpha"), shared.current("beta")
    assert alpha.seq == 1 and beta.seq == 0  # beta has had no event: both offices at a seq neither shares
    assert alpha.staff["office"] == "alpha" and beta.staff["office"] == "beta"
    assert alpha.staff["waiting"] and not beta.staff["waiting"]
    assert [d["id"] for d in beta.staff["desks"]] == [d["id"] for d in queries.office_snapshot(ctx, "beta")["desks"]]
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert shared.current("beta") is beta and shared.current("alpha").seq == 2
