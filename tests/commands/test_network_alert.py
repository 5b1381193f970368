"""The managers' network alert: several offices (or all) switched at once, each with its own event and audit entry."""

from __future__ import annotations

import pytest

from projection_check import verify_action
from queue_server.commands.accounts import staff_actor
from queue_server.commands.air_raid import set_air_raid, set_air_raids
from queue_server.commands.context import Actor
from queue_server.domain.errors import AccessDenied, InvalidRequest
from queue_server.reads import queries
from queue_server.reads.alerts import offices_in_alert
from queue_server.store import audit as audit_store
from queue_server.store.accounts import UserRecord


@pytest.fixture
def manager() -> Actor:
    return staff_actor(UserRecord(3, "head", "x", "manager", True, ()))


def actions(ctx, office: str) -> list[str]:
    with ctx.reading() as conn:
        return [entry["action"] for entry in audit_store.entries(conn, office)]


def seqs(ctx) -> dict[str, int]:
    return {office: queries.office_snapshot(ctx, office)["seq"] for office in ("alpha", "beta")}


def test_a_manager_starts_and_ends_an_alert_in_the_whole_network(ctx, manager, clock) -> None:
    changes = set_air_raids(ctx, "all", True, actor=manager)
    assert [(change.office, change.active, change.changed) for change in changes] == [("alpha", True, True), ("beta", True, True)]
    assert all(change.alert is not None and change.alert.started_at == clock() for change in changes)
    assert [view.office for view in offices_in_alert(ctx)] == ["alpha", "beta"]
    for office in ("alpha", "beta"):
        assert queries.office_snapshot(ctx, office)["air_raid"]["active"] is True
        assert actions(ctx, office) == ["air_raid_start"]  # one entry per office, in that office's log
    clock.advance(40)
    ended = set_air_raids(ctx, "all", False, actor=manager)
    assert [(change.office, change.active, change.changed) for change in ended] == [("alpha", False, True), ("beta", False, True)]
    assert offices_in_alert(ctx) == []
    assert actions(ctx, "beta") == ["air_raid_end", "air_raid_start"]


def test_each_office_gets_its_own_event_that_its_projection_takes(ctx, manager) -> None:
    changes, sent = verify_action(ctx, "alpha", lambda: set_air_raids(ctx, ["alpha", "beta"], True, actor=manager))
    assert [message["type"] for message in sent] == ["office.air_raid"]  # alpha's stream carries alpha's event only
    assert sent[0]["data"]["active"] is True
    beta = [message for message in ctx.publisher.messages if message["office"] == "beta"]
    assert [message["type"] for message in beta] == ["office.air_raid"]
    _, sent = verify_action(ctx, "beta", lambda: set_air_raids(ctx, ["beta"], False, actor=manager))
    assert [message["data"] for message in sent] == [{"active": False, "since": None}]
    assert len(changes) == 2


def test_an_office_already_in_the_asked_state_is_reported_unchanged(ctx, manager, supervisor, clock) -> None:
    set_air_raid(ctx, "alpha", True, actor=supervisor)  # alpha's supervisor was quicker
    started = clock()
    clock.advance(5)
    before = seqs(ctx)
    changes = set_air_raids(ctx, ["alpha", "beta"], True, actor=manager)
    assert [(change.office, change.active, change.changed) for change in changes] == [("alpha", True, False), ("beta", True, True)]
    assert changes[0].alert is not None and changes[0].alert.started_at == started  # alpha's alert goes on from when it began
    assert seqs(ctx) == {"alpha": before["alpha"], "beta": before["beta"] + 1}
    assert actions(ctx, "alpha") == ["air_raid_start"]
    ended = set_air_raids(ctx, ["beta"], False, actor=manager)
    again = set_air_raids(ctx, ["beta", "beta"], False, actor=manager)  # a code named twice is one office
    assert [(change.office, change.changed) for change in ended + again] == [("beta", True), ("beta", False)]
    assert again[0].alert is None and not again[0].active  # no alert on there: nothing to end


@pytest.mark.parametrize(
    ("offices", "words"),
    [
        (["alpha", "nowhere"], "unknown offices: nowhere"),
        ([], "non-empty list"),
        ("alpha", "non-empty list"),
        ([1, 2], "non-empty list"),
        (None, "non-empty list"),
        (["alpha"] * 501, "at most 500"),
    ],
)
def test_bad_offices_are_refused_and_change_nothing(ctx, manager, offices, words) -> None:
    with pytest.raises(InvalidRequest, match=words):
        set_air_raids(ctx, offices, True, actor=manager)
    assert seqs(ctx) == {"alpha": 0, "beta": 0}
    assert offices_in_alert(ctx) == []


def test_only_managers_and_admins_switch_several_offices(ctx, supervisor, operator) -> None:
    admin = staff_actor(UserRecord(4, "root", "x", "admin", True, ()))
    for refused in (supervisor, operator):
        with pytest.raises(AccessDenied, match="manager or an admin"):
            set_air_raids(ctx, ["alpha"], True, actor=refused)
    assert offices_in_alert(ctx) == []
    assert [change.changed for change in set_air_raids(ctx, ["alpha"], True, actor=admin)] == [True]
