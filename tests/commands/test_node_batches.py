"""A node's batches at the centre, in process: a round trip equal at both ends, a batch sent twice, and refusals that change nothing.

The node is a second database with its own context; its requests reach the
centre's commands directly (`LocalCentre`), as the HTTP API would pass them.
tests/nodes/ does the same with two real processes and a cut link.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from queue_server.api.errors import status_of
from queue_server.commands import complaints, desk_state, desk_work, nodes
from queue_server.commands.accounts import actor_for_token
from queue_server.commands.context import Actor, CommandContext
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.outcomes import record_outcome
from queue_server.domain.complaints import Channel
from queue_server.domain.errors import DomainError
from queue_server.node_sync.centre_client import Answer
from queue_server.node_sync.loop import track_synced_tables
from queue_server.node_sync.pairing import pair
from queue_server.node_sync.uploader import send_up
from queue_server.settings import Settings
from queue_server.store import node_changes
from queue_server.wiring import open_context


class LocalCentre:
    """The node's requests answered by the centre's commands, as the API answers them."""

    centre = "http://centre.test"
    token = "in-process"

    def __init__(self, ctx: CommandContext, node: Actor) -> None:
        self.ctx, self.node = ctx, node
        self.batches: list[dict[str, Any]] = []

    def get(self, path: str) -> Answer:
        return self._answer(lambda: nodes.assignment(self.ctx, self.node))

    def post(self, path: str, data: Any) -> Answer:
        if path.endswith("/changes"):
            return self._answer(lambda: {"kinds": nodes.changes_for(self.ctx, self.node, data["known"], {})})
        self.batches.append(data)
        return self._answer(lambda: nodes.receive_batch(
            self.ctx, self.node, office=data["office"], events=data["events"], rows=data["rows"], appended=data["appended"], waiting=data["waiting"],
        ))  # fmt: skip

    @staticmethod
    def _answer(call: Any) -> Answer:
        try:
            return Answer(200, call())
        except DomainError as error:
            return Answer(status_of(error), {"error": {"code": error.code, "message": error.message, "details": error.details}})


@pytest.fixture
def node_ctx(tmp_path: Path, network, clock) -> Any:
    settings = Settings.from_env({}, database_url=f"sqlite:///{tmp_path / 'node.sqlite3'}")
    context = open_context(settings, clock=clock, network=network)
    yield context
    context.engine.dispose()


@pytest.fixture
def centre(ctx, node_ctx) -> LocalCentre:
    adoption = nodes.adopt(ctx, "alpha", node="alpha-node", address="http://10.0.0.1:8000")
    client = LocalCentre(ctx, actor_for_token(ctx, adoption.token))
    pair(node_ctx, client, None)  # type: ignore[arg-type]
    return client


def rows(ctx: CommandContext, sql: str) -> list[tuple[Any, ...]]:
    with ctx.reading() as conn:
        return [tuple(row) for row in conn.execute(sa.text(sql))]


TICKETS = "SELECT * FROM tickets WHERE office = 'alpha' ORDER BY id"
EVENTS = "SELECT seq, type, at, data FROM events WHERE office = 'alpha' ORDER BY seq"


def a_morning(node_ctx: CommandContext, kiosk: Actor, operator: Actor) -> None:
    for _ in range(3):
        issue_ticket(node_ctx, "alpha", "passport", actor=kiosk)
    desk_state.open_desk(node_ctx, "alpha-1", actor=operator)
    desk_work.call_next(node_ctx, "alpha-1", actor=operator)
    desk_work.start(node_ctx, "alpha-1", actor=operator)
    desk_work.finish(node_ctx, "alpha-1", actor=operator)


def test_what_the_node_did_is_at_the_centre_as_it_is_at_the_node(ctx, node_ctx, centre, kiosk, operator) -> None:
    a_morning(node_ctx, kiosk, operator)
    sent = send_up(node_ctx, centre)  # type: ignore[arg-type]
    assert sent.events == len(rows(node_ctx, EVENTS)) > 0
    assert rows(ctx, TICKETS) == rows(node_ctx, TICKETS) and len(rows(ctx, TICKETS)) == 3
    assert rows(ctx, EVENTS) == rows(node_ctx, EVENTS)
    assert [row[0] for row in rows(ctx, TICKETS)] == [1_000_000_000, 1_000_000_001, 1_000_000_002]
    assert rows(ctx, "SELECT * FROM desk_states WHERE desk = 'alpha-1'") == rows(node_ctx, "SELECT * FROM desk_states WHERE desk = 'alpha-1'")
    with node_ctx.reading() as conn:
        assert node_changes.read_batch(conn, node_changes.link_of(conn)).is_empty()


COMPLAINTS = "SELECT office, channel, desk, ticket_id, text, received_at, due, status, entered_by, assignee, answer, answered_at, closed_by FROM complaints"
OUTCOMES = "SELECT * FROM request_outcomes ORDER BY ticket_id, step"


def test_a_complaint_and_an_outcome_made_at_the_node_arrive_at_the_centre_once(ctx, node_ctx, centre, kiosk, operator, supervisor, clock) -> None:
    a_morning(node_ctx, kiosk, operator)
    [(served, day)] = rows(node_ctx, "SELECT id, day FROM tickets WHERE status = 'done'")
    filed = complaints.enter_complaint(node_ctx, "alpha", actor=supervisor, channel=Channel.HOTLINE, text="Дзвінок: довго чекала", desk="alpha-1")
    record_outcome(node_ctx, served, dt.date.fromisoformat(str(day)), actor=operator)
    send_up(node_ctx, centre)  # type: ignore[arg-type]
    assert rows(ctx, OUTCOMES) == rows(node_ctx, OUTCOMES) and len(rows(ctx, OUTCOMES)) == 1
    assert rows(ctx, COMPLAINTS) == rows(node_ctx, COMPLAINTS) and len(rows(ctx, COMPLAINTS)) == 1
    assert [item.complaint.text for item in complaints.office_complaints(ctx, "alpha", actor=supervisor)] == ["Дзвінок: довго чекала"]
    clock.advance(30)
    complaints.answer(node_ctx, "alpha", filed.id, actor=supervisor, text="Перетелефонували")  # a change of the same row
    send_up(node_ctx, centre)  # type: ignore[arg-type]
    assert rows(ctx, COMPLAINTS) == rows(node_ctx, COMPLAINTS) and len(rows(ctx, COMPLAINTS)) == 1
    assert rows(ctx, "SELECT status, answer FROM complaints") == [("answered", "Перетелефонували")]
    before = rows(ctx, COMPLAINTS), rows(ctx, OUTCOMES), rows(ctx, "SELECT count(*) FROM audit_log")
    again = centre.post("/api/v1/node/batch", centre.batches[-1])  # the last batch again, as after a lost answer
    assert again.status == 200
    assert (rows(ctx, COMPLAINTS), rows(ctx, OUTCOMES), rows(ctx, "SELECT count(*) FROM audit_log")) == before
    assert len(rows(ctx, "SELECT * FROM audit_log WHERE action IN ('enter_complaint', 'answer_complaint', 'outcome_recorded')")) == 3
    with node_ctx.reading() as conn:
        assert node_changes.read_batch(conn, node_changes.link_of(conn)).is_empty()


def test_a_node_paired_before_a_table_was_synced_tracks_it_from_its_next_start(ctx, node_ctx, centre) -> None:
    added = ["node_track_complaints_insert", "node_track_complaints_update", "node_track_request_outcomes_insert", "node_track_request_outcomes_update"]
    triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'node_track_%' ORDER BY name"
    with node_ctx.engine.begin() as conn:
        for name in added:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    track_synced_tables(node_ctx)
    assert set(added) <= {name for (name,) in rows(node_ctx, triggers)}
    track_synced_tables(ctx)  # the centre is no node: it tracks nothing
    assert rows(ctx, triggers) == []


def test_a_batch_sent_again_after_a_lost_answer_changes_nothing_twice(ctx, node_ctx, centre, kiosk, operator) -> None:
    a_morning(node_ctx, kiosk, operator)
    send_up(node_ctx, centre)  # type: ignore[arg-type]
    before = rows(ctx, TICKETS), rows(ctx, EVENTS), rows(ctx, "SELECT count(*) FROM audit_log")
    again = centre.post("/api/v1/node/batch", centre.batches[0])
    assert again.status == 200 and again.body["seq"] == len(before[1])
    assert (rows(ctx, TICKETS), rows(ctx, EVENTS), rows(ctx, "SELECT count(*) FROM audit_log")) == before


def test_the_centre_refuses_the_adopted_office_but_keeps_serving_the_others(ctx, centre, kiosk) -> None:
    with pytest.raises(DomainError) as refused:
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    assert refused.value.code == "office_on_node" and refused.value.details == {"office": "alpha", "writer": "alpha-node"}
    beta_kiosk = Actor(kind="device", name="kiosk-b", role="kiosk", offices=("beta",), device_id=9)
    assert issue_ticket(ctx, "beta", "passport", actor=beta_kiosk).ticket.number


def _ticket_row(ticket_id: int, office: str = "alpha") -> dict[str, Any]:
    at = dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC).isoformat()
    return {
        "id": ticket_id, "office": office, "token": f"t{ticket_id}", "number": "П001", "prefix": "П", "day": "2026-12-03",
        "sequence": 1, "service": "passport", "status": "waiting", "issued_at": at, "issued_by": "device:1",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("events", "rows_sent", "code"),
    [
        ([], [{"table": "tickets", "key": {"id": 1_000_000_000}, "row": _ticket_row(1_000_000_000, "beta")}], "invalid_request"),
        ([], [{"table": "tickets", "key": {"id": 5}, "row": _ticket_row(5)}], "invalid_request"),  # an id of the centre's own
        ([], [{"table": "users", "key": {"id": 1}, "row": {"id": 1}}], "invalid_request"),
        ([], [{"table": "tickets", "key": {"id": 1_000_000_000}, "row": {**_ticket_row(1_000_000_000), "secret": 1}}], "invalid_request"),
        ([], [{"table": "tickets", "key": {"id": 1_000_000_000}, "row": {**_ticket_row(1_000_000_000), "issued_at": "soon"}}], "invalid_request"),
        ([], [{"table": "tickets", "key": {"id": 1_000_000_000}, "row": None}], "invalid_request"),  # tickets are never deleted
        (
            [],
            [{"table": "ratings", "key": {"ticket_id": 7}, "row": {
                "ticket_id": 7, "office": "alpha", "service": "passport", "score": 1, "rated_at": "2026-12-03T09:00:00+00:00",
            }}],
            "invalid_request",
        ),  # a rating of a ticket the node never had
        ([{"seq": 3, "type": "ticket.issued", "at": "2026-12-03T09:00:00+00:00", "data": {}}], [], "seq_gap"),
        ([{"seq": "1", "type": "ticket.issued", "at": "2026-12-03T09:00:00+00:00", "data": {}}], [], "invalid_request"),
    ],
)
def test_a_wrong_batch_is_refused_whole_and_changes_nothing(ctx, centre, events, rows_sent, code) -> None:
    good_row = {"table": "tickets", "key": {"id": 1_000_000_001}, "row": _ticket_row(1_000_000_001)}
    answer = centre.post("/api/v1/node/batch", {"office": "alpha", "events": events, "rows": [good_row, *rows_sent], "appended": {}, "waiting": 0})
    assert answer.status in (400, 409) and answer.error_code == code, answer.body
    assert rows(ctx, TICKETS) == [] and rows(ctx, EVENTS) == []


def test_a_batch_of_another_office_is_refused(centre) -> None:
    answer = centre.post("/api/v1/node/batch", {"office": "beta", "events": [], "rows": [], "appended": {}, "waiting": 0})
    assert answer.status == 403


def test_a_centre_restored_from_a_backup_gets_everything_again(ctx, node_ctx, centre, kiosk, operator, settings, tmp_path) -> None:
    centre_file = settings.database_url.removeprefix("sqlite:///")
    for _ in range(2):
        issue_ticket(node_ctx, "alpha", "passport", actor=kiosk)
    send_up(node_ctx, centre)  # type: ignore[arg-type]
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(centre_file) as source, sqlite3.connect(backup) as copy:
        source.backup(copy)
    a_morning(node_ctx, kiosk, operator)  # more tickets, a desk opened, a visit served: sent, then lost with the restore
    send_up(node_ctx, centre)  # type: ignore[arg-type]
    ctx.engine.dispose()
    with sqlite3.connect(backup) as source, sqlite3.connect(centre_file) as restored:
        source.backup(restored)
    assert len(rows(ctx, TICKETS)) == 2

    issue_ticket(node_ctx, "alpha", "passport", actor=kiosk)
    send_up(node_ctx, centre)  # type: ignore[arg-type]
    assert rows(ctx, TICKETS) == rows(node_ctx, TICKETS) and len(rows(ctx, TICKETS)) == 6
    assert rows(ctx, EVENTS) == rows(node_ctx, EVENTS)
    assert rows(ctx, "SELECT * FROM desk_states") == rows(node_ctx, "SELECT * FROM desk_states")
    audit = "SELECT at, actor, action, desk, ticket FROM audit_log WHERE actor = 'user:olena' ORDER BY at, id"
    assert rows(ctx, audit) == rows(node_ctx, audit) and rows(ctx, audit)


def test_bookings_are_made_at_the_centre_not_at_the_node(node_ctx, centre, clock) -> None:
    from queue_server.commands.booking import book

    with pytest.raises(DomainError) as refused:
        book(node_ctx, "alpha", "passport", clock.now + dt.timedelta(days=1), name="Оксана", phone="+380671234567", key=b"tests")
    assert refused.value.code == "office_on_node" and "centre" in refused.value.message
