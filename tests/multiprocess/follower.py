"""A subscriber of one office's stream that keeps every event, following the rules of the pages (cherga-live.js).

It takes a snapshot once, then events in `seq` order: an event it already
holds is ignored; an event past the next one (a gap: two processes published
out of order, or an event was lost) and a heartbeat ahead of it make it
subscribe again with `since`, and the replay fills the gap. (The pages take a
fresh snapshot on a gap; a test that checks every event asks for the replay
instead, which the server answers the same way.) When its process goes away
it connects to the next one, as a load balancer would send it, and
subscribes with `since`.

What it holds at the end (`events`) is what the assertions look at; how it got
there is counted too: `gaps`, `resubscribes` (on a gap or a heartbeat
ahead) and `failovers`.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import socketio

if TYPE_CHECKING:
    from cluster import Cluster

CONNECT_TIMEOUT = 10


class Follower:
    def __init__(
        self,
        urls: list[str],
        office: str,
        *,
        token: str,
        since: int | None = None,
        failover: bool = True,
        catch_up: bool = True,
    ) -> None:
        self.urls = urls  # the first is its process; the others are where a load balancer sends it when that one is gone
        self.office = office
        self.failover = failover
        self.catch_up = catch_up  # False: only what the live fan-out brings, no replay on a gap or a heartbeat
        self.token = token  # a staff token of the office: the staff stream, whose events carry the tickets' ids
        self.lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        self.seq: int | None = since
        self.base: int | None = since  # where it started: its first snapshot's seq, or the `since` it was given
        self.snapshots = 0
        self.resubscribes = 0
        self.gaps = 0  # events heard past the next one: published out of order, or one lost
        self.problems: list[str] = []
        self.failovers = 0
        self.pending_since: int | None = None
        self.closed = False
        self.client: socketio.Client | None = None
        self.current = 0
        self._connect(self.urls[0])
        self._subscribe(since, wait=True)

    # the connection --------------------------------------------------------

    def _connect(self, url: str) -> None:
        client = socketio.Client(reconnection=False)
        client.on("event", self._on_event)
        client.on("snapshot", self._on_snapshot)
        client.on("heartbeat", self._on_heartbeat)
        client.on("disconnect", self._on_disconnect)
        client.connect(url, auth={"token": self.token}, transports=["websocket"], wait_timeout=CONNECT_TIMEOUT)
        self.client = client

    def _on_disconnect(self, *_reason: Any) -> None:
        if self.closed or not self.failover:
            return
        threading.Thread(target=self._fail_over, daemon=True).start()

    def _fail_over(self) -> None:
        """Connect to the next process that answers and ask for what was missed; try for a while."""
        deadline = time.monotonic() + 30
        while not self.closed and time.monotonic() < deadline:
            self.current = (self.current + 1) % len(self.urls)
            try:
                self._connect(self.urls[self.current])
            except socketio.exceptions.ConnectionError:
                time.sleep(0.2)
                continue
            with self.lock:
                self.failovers += 1
                self.pending_since = None  # a question asked of the process that went away is not answered
                since = self.seq
            self._subscribe(since)
            return

    @property
    def url(self) -> str:
        return self.urls[self.current]

    # the stream --------------------------------------------------------------

    def _subscribe(self, since: int | None, wait: bool = False) -> None:
        payload: dict[str, Any] = {"office": self.office, "stream": "staff"}
        if since is not None:
            payload["since"] = since
        client = self.client
        assert client is not None
        if wait:
            answer = client.call("subscribe", payload, timeout=10)
            assert answer and answer.get("ok"), answer
            return
        def done(*answer: Any) -> None:
            self._answered(since, answer)

        try:
            client.emit("subscribe", payload, callback=done)
        except socketio.exceptions.BadNamespaceError:  # gone meanwhile: the failover subscribes again
            self._answered(since, ())

    def _answered(self, since: int | None, _answer: Any) -> None:
        with self.lock:
            if self.pending_since == since:
                self.pending_since = None

    def _ask_since(self) -> None:
        """Subscribe again from our seq, unless that very question is already on its way."""
        with self.lock:
            if self.seq is None or self.pending_since == self.seq:
                return
            self.pending_since = self.seq
            self.resubscribes += 1
            since = self.seq
        self._subscribe(since)

    def _on_snapshot(self, snapshot: dict[str, Any]) -> None:
        with self.lock:
            self.snapshots += 1
            if self.seq is None:
                self.seq = self.base = int(snapshot["seq"])
            else:  # too far behind for a replay: the events between would not be held (a handler's raise is lost: noted)
                self.problems.append(f"a fresh snapshot at {snapshot['seq']} while holding {self.seq}")

    def _on_event(self, message: dict[str, Any]) -> None:
        with self.lock:
            if message.get("office") != self.office or self.seq is None or message["seq"] <= self.seq:
                return
            gap = message["seq"] != self.seq + 1
            if gap:
                self.gaps += 1
            else:
                self.seq = message["seq"]
                self.events.append(message)
        if gap and self.catch_up:
            self._ask_since()

    def _on_heartbeat(self, beat: dict[str, Any]) -> None:
        if beat.get("office") != self.office:
            return
        with self.lock:
            behind = self.seq is not None and beat["seq"] > self.seq
        if behind and self.catch_up:
            self._ask_since()

    # for the test ------------------------------------------------------------

    def wait_until(self, seq: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.seq is not None and self.seq >= seq:
                    return
            time.sleep(0.05)
        raise AssertionError(f"a follower on {self.url} holds seq {self.seq}, expected {seq} ({self.resubscribes} resubscribes, {self.failovers} failovers)")

    def held(self) -> list[tuple[int, str, Any]]:
        """What it holds: each event's seq, type and ticket or desk."""
        with self.lock:
            return [(event["seq"], event["type"], event["data"].get("id")) for event in self.events]

    def seqs(self) -> list[int]:
        with self.lock:
            return [event["seq"] for event in self.events]

    def close(self) -> None:
        self.closed = True
        if self.client is not None:
            self.client.disconnect()


def followers(cluster: Cluster, office: str, token: str, per_process: int = 1, **options: object) -> list[Follower]:
    """`per_process` followers on each process; the others are where each fails over to."""
    urls = [server.url for server in cluster.servers]
    return [Follower(urls[index:] + urls[:index], office, token=token, **options) for index in range(len(urls)) for _ in range(per_process)]  # type: ignore[arg-type]


def close(found: list[Follower]) -> None:
    for follower in found:
        follower.close()


def assert_every_event_once_in_order(cluster: Cluster, office: str, found: list[Follower]) -> list[tuple[int, str, object]]:
    """Every follower holds the outbox's events since it started: each seq once, in order, the same everywhere."""
    last = cluster.last_seq(office)
    for follower in found:
        follower.wait_until(last, timeout=30)
    outbox = cluster.outbox(office)
    assert [seq for seq, _, _ in outbox] == list(range(1, last + 1))
    for follower in found:
        assert not follower.problems, follower.problems
        assert follower.base is not None
        assert follower.seqs() == list(range(follower.base + 1, last + 1)), f"follower on {follower.url}"
        assert follower.held() == outbox[follower.base :], f"follower on {follower.url}"
    return outbox
