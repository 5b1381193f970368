"""A bounded load on one office over several processes: kiosks issue, desks call and finish, each on its own process.

A kiosk or desk whose process is gone (refused connection, dropped request)
goes on with the next process that is alive, as it would behind a load
balancer; a request that was cut may or may not have been done, so a desk
then finishes whatever it may hold before it calls again. What was really
done is read from the event stream, not from the answers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from cluster import Cluster, Office
from live_server import Server

GONE = (requests.ConnectionError, requests.Timeout)


@dataclass
class Load:
    cluster: Cluster
    office: Office
    tickets_per_kiosk: int
    pause: float = 0.01  # between a kiosk's tickets, so issuing and calling overlap
    errors: list[str] = field(default_factory=list)
    issued = 0
    called = 0
    cut = 0  # requests cut by a process going away

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.issuing_done = threading.Event()

    def _server(self, start: int, attempt: int) -> Server:
        alive = self.cluster.alive()
        assert alive, "no server process is alive"
        return alive[(start + attempt) % len(alive)]

    def _with_failover(self, start: int, request: Callable[[Server], requests.Response | dict[str, object]]) -> requests.Response | dict[str, object] | None:
        for attempt in range(20):
            try:
                return request(self._server(start, attempt))
            except GONE:
                with self.lock:
                    self.cut += 1
                time.sleep(0.1)
        return None

    def kiosk(self, start: int) -> None:
        for _ in range(self.tickets_per_kiosk):
            if self._with_failover(start, self.office.issue) is not None:
                with self.lock:
                    self.issued += 1
            time.sleep(self.pause)

    def desk(self, index: int) -> None:
        opened = self._with_failover(index, lambda server: self.office.desk(server, index, "open"))
        assert isinstance(opened, requests.Response) and opened.status_code == 200, opened
        empty_after_issuing = 0
        while empty_after_issuing < 2:
            answer = self._with_failover(index, lambda server: self.office.desk(server, index, "call-next"))
            if not isinstance(answer, requests.Response):
                continue
            if answer.status_code == 204:
                if self.issuing_done.is_set():
                    empty_after_issuing += 1
                time.sleep(0.05)
                continue
            if answer.status_code != 200:
                # a cut call-next may have called a ticket here: finish it, then call again
                self._with_failover(index, lambda server: self.office.desk(server, index, "finish"))
                with self.lock:
                    self.errors.append(f"call-next {answer.status_code}: {answer.text[:200]}")
                continue
            with self.lock:
                self.called += 1
            self._with_failover(index, lambda server: self.office.desk(server, index, "finish"))

    def run(self, kiosks: int, during: Callable[[], None] | None = None) -> None:
        """Kiosks on every process, one desk per process of the office's desks; `during` runs meanwhile (a kill, a restart)."""
        issuing = [threading.Thread(target=self.kiosk, args=(number,)) for number in range(kiosks)]
        working = [threading.Thread(target=self.desk, args=(index,)) for index in range(len(self.office.desks))]
        for thread in issuing + working:
            thread.start()
        if during is not None:
            during()
        for thread in issuing:
            thread.join(timeout=120)
        self.issuing_done.set()
        for thread in working:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in issuing + working), "the load did not end"
