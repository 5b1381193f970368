"""A real server process, real HTTP and real Socket.IO over websockets."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
import requests
import socketio

from heard_events import HeardEvents
from live_server import Credentials, Server, cherga

pytestmark = pytest.mark.contract
OFFICE = "main"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Watcher(HeardEvents):
    """A Socket.IO subscriber that keeps every event and snapshot it hears, in order."""

    def __init__(self, url: str, token: str | None = None) -> None:
        super().__init__(socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1))
        self.snapshots: list[dict] = []
        self.heartbeats: list[dict] = []
        self.client.on("snapshot", self._on_snapshot)
        self.client.on("heartbeat", lambda data: self.heartbeats.append(data))
        self.client.connect(url, auth={"token": token} if token else None, transports=["websocket"], wait_timeout=10)

    def _on_snapshot(self, data: dict) -> None:
        with self.lock:
            self.snapshots.append(data)

    def subscribe(self, **payload: object) -> dict:
        return self.client.call("subscribe", {"office": OFFICE, **payload}, timeout=10)

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def watcher(server: Server) -> Iterator[Watcher]:
    found = Watcher(server.url)
    yield found
    found.close()


def common_service(server: Server, desks: list[str]) -> str:
    listed = {d["id"]: set(d["services"]) for d in requests.get(f"{server.url}/api/v1/offices/{OFFICE}/desks", timeout=10).json()}
    shared = set.intersection(*(listed[d] for d in desks))
    assert shared, f"desks {desks} share no service"
    return sorted(shared)[0]


def issue(server: Server, credentials: Credentials, service: str, key: str | None = None) -> dict:
    headers = bearer(credentials.kiosk)
    if key:
        headers["Idempotency-Key"] = key
    answer = requests.post(f"{server.url}/api/v1/offices/{OFFICE}/tickets", json={"service": service}, headers=headers, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def desk(server: Server, token: str, desk_id: str, action: str) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/desks/{desk_id}/{action}", headers=bearer(token), timeout=10)


def test_live_events_arrive_in_order(server, credentials, watcher) -> None:
    ack = watcher.subscribe()
    assert ack["ok"] and watcher.snapshots[-1]["seq"] == 0
    desks = ["main-1", "main-2"]
    service = common_service(server, desks)
    numbers = [issue(server, credentials, service)["number"] for _ in range(10)]
    assert desk(server, credentials.operators[0], "main-1", "open").status_code == 200
    called = desk(server, credentials.operators[0], "main-1", "call-next").json()
    desk(server, credentials.operators[0], "main-1", "start")
    desk(server, credentials.operators[0], "main-1", "finish")
    events = watcher.wait_for(14)
    assert [e["seq"] for e in events] == list(range(1, 15))
    assert [e["type"] for e in events] == ["ticket.issued"] * 10 + ["desk.opened", "ticket.called", "ticket.started", "ticket.finished"]
    assert [e["data"]["number"] for e in events[:10]] == numbers
    assert events[11]["data"]["desk"] == "main-1" and events[11]["data"]["number"] == called["number"] == numbers[0]


def test_replay_after_reconnect(server, credentials) -> None:
    service = common_service(server, ["main-1"])
    first = Watcher(server.url)
    first.subscribe()
    for _ in range(3):
        issue(server, credentials, service)
    last_seen = first.wait_for(3)[-1]["seq"]
    first.close()
    for _ in range(4):
        issue(server, credentials, service)
    second = Watcher(server.url)
    try:
        ack = second.subscribe(since=last_seen)
        assert ack["replayed"] == 4
        assert [e["seq"] for e in second.wait_for(4)] == [4, 5, 6, 7]
        issue(server, credentials, service)
        assert second.wait_for(5)[-1]["seq"] == 8
    finally:
        second.close()


def test_two_desks_drain_one_queue_without_a_double_call(server, credentials, watcher) -> None:
    desks = ["main-1", "main-2"]
    service = common_service(server, desks)
    issued = {issue(server, credentials, service)["number"] for _ in range(30)}
    taken: dict[str, list[str]] = {d: [] for d in desks}

    def work(desk_id: str, token: str) -> None:
        assert desk(server, token, desk_id, "open").status_code == 200
        while True:
            answer = desk(server, token, desk_id, "call-next")
            if answer.status_code == 204:
                return
            assert answer.status_code == 200, answer.text
            taken[desk_id].append(answer.json()["number"])
            assert desk(server, token, desk_id, "finish").status_code == 200

    threads = [threading.Thread(target=work, args=(d, t)) for d, t in zip(desks, credentials.operators)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    together = taken["main-1"] + taken["main-2"]
    assert len(together) == len(set(together)) == 30 and set(together) == issued
    assert taken["main-1"] and taken["main-2"], "both desks should have worked"


def test_kill_9_and_restart_loses_nothing(server, credentials, tmp_path) -> None:
    service = common_service(server, ["main-1"])
    tokens = [issue(server, credentials, service)["token"] for _ in range(15)]
    desk(server, credentials.operators[0], "main-1", "open")
    called = desk(server, credentials.operators[0], "main-1", "call-next").json()
    seq_before = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/queue", timeout=10).json()["seq"]
    server.kill()  # SIGKILL: no chance to flush anything
    server.start()
    for token in tokens:
        assert requests.get(f"{server.url}/api/v1/tickets/{token}", timeout=10).status_code == 200
    queue = requests.get(f"{server.url}/api/v1/offices/{OFFICE}/queue", timeout=10).json()
    assert queue["seq"] == seq_before
    assert [c["number"] for c in queue["calls"]] == [called["number"]]
    assert len(queue["waiting"]) == 14
    issue(server, credentials, service)
    path = server.database.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        seqs = [row[0] for row in conn.execute("SELECT seq FROM events WHERE office = ? ORDER BY seq", (OFFICE,))]
    assert seqs == list(range(1, seq_before + 2))


def test_a_subscriber_survives_a_server_restart_and_catches_up(server, credentials) -> None:
    service = common_service(server, ["main-1"])
    watcher = Watcher(server.url)
    try:
        watcher.subscribe()
        issue(server, credentials, service)
        last = watcher.wait_for(1)[-1]["seq"]
        server.kill()
        server.start()
        issue(server, credentials, service)  # happens while the client is still away
        deadline = time.monotonic() + 15
        while not watcher.client.connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert watcher.client.connected
        ack = watcher.subscribe(since=last)
        assert ack["replayed"] == 1
        assert watcher.wait_for(2)[-1]["seq"] == 2
    finally:
        watcher.close()


def test_heartbeats_carry_the_current_seq(server, credentials, watcher) -> None:
    watcher.subscribe()
    issue(server, credentials, common_service(server, ["main-1"]))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any(h["seq"] == 1 for h in watcher.heartbeats):
        time.sleep(0.1)
    assert any(h["office"] == OFFICE and h["seq"] == 1 for h in watcher.heartbeats)


def test_bad_socket_messages_do_not_drop_other_clients(server, credentials, watcher) -> None:
    watcher.subscribe()
    rude = socketio.Client()
    rude.connect(server.url, transports=["websocket"], wait_timeout=10)
    try:
        for payload in (None, "main", {"office": 7}, {"office": "main", "since": -3}, {"office": "nowhere"}):
            answer = rude.call("subscribe", payload, timeout=10)
            assert answer["ok"] is False
        assert rude.connected
        issue(server, credentials, common_service(server, ["main-1"]))
        assert watcher.wait_for(1)[0]["type"] == "ticket.issued"
    finally:
        rude.disconnect()


def test_a_revoked_kiosk_is_refused(server, credentials) -> None:
    listed = cherga("device", "list", database=server.database)
    device_id = listed.splitlines()[1].split()[0]  # under the header row
    cherga("device", "revoke", device_id, database=server.database)
    answer = requests.post(f"{server.url}/api/v1/offices/{OFFICE}/tickets", json={"service": common_service(server, ["main-1"])}, headers=bearer(credentials.kiosk), timeout=10)
    assert answer.status_code == 401
    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio.Client().connect(server.url, auth={"token": credentials.kiosk}, transports=["websocket"], wait_timeout=5)
