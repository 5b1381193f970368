"""Socket.IO through Flask-SocketIO's test client: snapshot, live events, replay, refusals.

The real-network version of these runs against a `cherga serve` process in
tests/contract/.
"""

from __future__ import annotations

import pytest

from queue_server.realtime.rooms import Stream
from queue_server.realtime.subscribers import Subscribers
from web import bearer


@pytest.fixture
def socketio(app):
    return app.extensions["cherga.socketio"]


def received(client, name: str) -> list:
    return [item["args"][0] for item in client.get_received() if item["name"] == name]


def issue(client, tokens, service="passport", **extra):
    return client.post("/api/v1/offices/alpha/tickets", json={"service": service, **extra}, headers=bearer(tokens["kiosk"])).get_json()


def test_subscribe_gives_a_snapshot_then_live_events(app, client, tokens, socketio) -> None:
    issue(client, tokens)
    watcher = socketio.test_client(app)
    ack = watcher.emit("subscribe", {"office": "alpha"}, callback=True)
    assert ack["ok"] and ack["stream"] == "public" and ack["seq"] == 1
    [snapshot] = received(watcher, "snapshot")
    assert snapshot["seq"] == 1 and snapshot["waiting"][0]["number"] == "П001"
    issue(client, tokens, priority="veteran")
    [event] = received(watcher, "event")
    assert (event["seq"], event["type"], event["data"]["number"]) == (2, "ticket.issued", "П002")
    assert "priority" not in event["data"]


def test_staff_get_the_staff_stream(app, client, tokens, socketio) -> None:
    console = socketio.test_client(app, auth={"token": tokens["operator"]})
    assert console.emit("subscribe", {"office": "alpha"}, callback=True)["stream"] == "staff"
    issue(client, tokens, priority="veteran")
    [event] = received(console, "event")
    assert event["data"]["priority"] == "veteran"


def test_subscribers_at_one_seq_share_one_read_each_in_its_own_form(app, client, tokens, socketio) -> None:
    issue(client, tokens, priority="veteran")
    shared = _subscribers(app).snapshots
    reads = shared.reads
    public = [socketio.test_client(app) for _ in range(3)]
    staff = socketio.test_client(app, auth={"token": tokens["operator"]})
    for watcher in [*public, staff]:
        assert watcher.emit("subscribe", {"office": "alpha"}, callback=True)["seq"] == 1
    assert shared.reads == reads + 1
    assert set(_subscribers(app).packets._encoded) == {("alpha", Stream.PUBLIC), ("alpha", Stream.STAFF)}  # one packet a form
    [staff_snapshot] = received(staff, "snapshot")
    assert staff_snapshot["waiting"][0]["priority"] == "veteran"
    for watcher in public:
        [snapshot] = received(watcher, "snapshot")
        assert "priority" not in snapshot["waiting"][0] and snapshot["waiting"][0]["number"] == staff_snapshot["waiting"][0]["number"]
    issue(client, tokens)
    late = socketio.test_client(app)
    assert late.emit("subscribe", {"office": "alpha"}, callback=True)["seq"] == 2
    assert len(received(late, "snapshot")[0]["waiting"]) == 2 and shared.reads == reads + 2


def _subscribers(app) -> Subscribers:
    namespace = app.extensions["cherga.socketio"].server.namespace_handlers["/"]
    [subscribers] = [audience for audience in namespace.audiences if isinstance(audience, Subscribers)]
    return subscribers


def test_the_staff_stream_is_refused_to_the_public_and_other_offices(app, tokens, socketio) -> None:
    for auth in (None, {"token": tokens["operator_beta"]}, {"token": tokens["display"]}):
        watcher = socketio.test_client(app, auth=auth)
        ack = watcher.emit("subscribe", {"office": "alpha", "stream": "staff"}, callback=True)
        assert not ack["ok"] and ack["error"]["code"] == "forbidden"
        assert received(watcher, "error")[0]["code"] == "forbidden"
        assert watcher.is_connected()


def test_a_bad_token_is_refused_at_connect(app, socketio) -> None:
    watcher = socketio.test_client(app, auth={"token": "nonsense"})
    assert not watcher.is_connected()


def test_replay_after_reconnect(app, client, tokens, socketio) -> None:
    watcher = socketio.test_client(app)
    watcher.emit("subscribe", {"office": "alpha"}, callback=True)
    issue(client, tokens)
    last_seen = received(watcher, "event")[-1]["seq"]
    watcher.disconnect()
    for _ in range(3):
        issue(client, tokens)
    back = socketio.test_client(app)
    ack = back.emit("subscribe", {"office": "alpha", "since": last_seen}, callback=True)
    assert ack["ok"] and ack["replayed"] == 3 and ack["seq"] == 4
    assert [m["seq"] for m in received(back, "event")] == [2, 3, 4]


def test_too_far_behind_gets_a_snapshot(app, client, tokens, socketio) -> None:
    for _ in range(3):
        issue(client, tokens)
    watcher = socketio.test_client(app)
    ack = watcher.emit("subscribe", {"office": "alpha", "since": 99}, callback=True)
    assert ack["snapshot"] and received(watcher, "snapshot")[0]["seq"] == 3


@pytest.mark.parametrize(
    "payload",
    [None, "alpha", 5, [], {}, {"office": 5}, {"office": "nowhere"}, {"office": "alpha", "since": -1},
     {"office": "alpha", "since": "1"}, {"office": "alpha", "since": True}, {"office": "alpha", "stream": "secret"},
     {"office": "alpha", "extra": 1}, {"office": "x" * 500}],
)
def test_bad_subscribe_payloads_get_an_error_answer_and_the_connection_stays(app, client, tokens, socketio, payload) -> None:
    bystander = socketio.test_client(app)
    bystander.emit("subscribe", {"office": "alpha"}, callback=True)
    watcher = socketio.test_client(app)
    ack = watcher.emit("subscribe", payload, callback=True)
    assert ack["ok"] is False and ack["error"]["message"]
    assert watcher.is_connected() and bystander.is_connected()
    assert watcher.emit("subscribe", {"office": "alpha"}, callback=True)["ok"]
    received(bystander, "snapshot")
    issue(client, tokens)
    assert received(bystander, "event")


def test_unsubscribe_stops_the_events(app, client, tokens, socketio) -> None:
    watcher = socketio.test_client(app)
    watcher.emit("subscribe", {"office": "alpha"}, callback=True)
    assert watcher.emit("unsubscribe", {"office": "alpha"}, callback=True)["ok"]
    watcher.get_received()
    issue(client, tokens)
    assert received(watcher, "event") == []
    assert not watcher.emit("unsubscribe", "alpha", callback=True)["ok"]


def test_another_office_hears_nothing(app, client, tokens, socketio) -> None:
    watcher = socketio.test_client(app)
    watcher.emit("subscribe", {"office": "beta"}, callback=True)
    watcher.get_received()
    issue(client, tokens)
    assert received(watcher, "event") == []


def test_device_messages_need_the_right_device(app, tokens, socketio) -> None:
    for token, event in ((None, "agent.hello"), (tokens["kiosk"], "agent.hello"), (tokens["agent"], "kiosk.watch"), (tokens["operator"], "print.result")):
        client = socketio.test_client(app, auth={"token": token} if token else None)
        answer = client.emit(event, {}, callback=True)
        assert answer["ok"] is False and answer["error"]["code"] == "forbidden"
        assert client.is_connected()


def test_an_agent_gets_its_pending_jobs_on_hello(app, app_ctx, client, tokens, socketio) -> None:
    from queue_server.commands.accounts import add_device

    _, agent_token = add_device(app_ctx, "agent", "alpha", "kiosk-1")  # paired with the kiosk of that name
    agent = socketio.test_client(app, auth={"token": agent_token})
    issued = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])).get_json()
    answer = agent.emit("agent.hello", {"printer": {"state": "ready", "detail": ""}}, callback=True)
    assert answer == {"ok": True, "pending": 1}
    [job] = received(agent, "print")
    assert job["job"] == issued["print_job"] and job["number"] == issued["number"]
    watcher = socketio.test_client(app, auth={"token": tokens["kiosk"]})
    assert watcher.emit("kiosk.watch", {}, callback=True)["ok"]
    assert agent.emit("print.result", {"job": job["job"], "printed": True}, callback=True)["status"] == "printed"
    [result] = received(watcher, "print.result")
    assert result["status"] == "printed" and result["number"] == issued["number"]
    bad = agent.emit("print.result", {"job": job["job"], "printed": True, "colour": "red"}, callback=True)
    assert bad["ok"] is False and "colour" in bad["error"]["message"]


def test_staff_may_issue_without_printing_only(client, tokens) -> None:
    answer = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport", "print": True}, headers=bearer(tokens["operator"]))
    assert answer.status_code == 400 and "only a kiosk prints" in answer.get_json()["error"]["message"]
    quiet = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["operator"]))
    assert quiet.status_code == 201 and quiet.get_json()["print_job"] is None
