"""How long an office node takes to catch up a day after a cut, and what the centre pays to take it in.

Starts a centre and an office node as two real `cherga serve` processes on
127.0.0.1, as tests/nodes/node_network.py does (the office `main` adopted
with `cherga node adopt`, the node paired with `cherga node pair` through a
cuttable relay, tests/nodes/cut_link.py, syncing every `--sync-seconds`),
with an operator for each desk. Then:

1. **the day, cut off** (set-up, not measured): the link is cut and, at the
   node, over its REST API, a kiosk issues `--tickets` tickets while
   `--desks` operators (one desk each) call, start and finish them as fast
   as the node takes it; about one called in twelve does not come, one
   finished in five is rated, a few are left waiting at the end;
2. **the catch-up** (measured): the centre's and the node's CPU counters
   are read, the link is mended, and the node's SQLite file is polled
   (read-only) until its `node_link.sent_seq` is its office's last seq and
   `node_changes` is empty: the wall time from the mend to then, the
   centre's CPU (user + system, from /proc) in that interval, per event and
   per ticket, and the node's (reading and sending the batches).

The centre does nothing else while the link is cut, so its CPU over the
set-up is its rest (the heartbeat's work): the catch-up's CPU is printed as
read and less that rest. The batches are counted by the node's bounds (500
events, 1,000 changed rows' keys, 500 audit entries a batch; each desk
action is audited), and the row images they carry
by the keys of one row among a batch's 1,000 (as `read_batch` sends
them), from the node's file before the mend. At the end the
centre's count of the office's tickets and events is compared with the
node's. Asserts nothing but that comparison. While it waits, each change
of the node's `sent_seq` and count of changed keys is noted with its
time: one a batch the centre took, unless two fall between polls. With
`--probe-centre` the centre's `/healthz` is asked one request after
another (50 ms apart) during the catch-up: the slowest answer shows how
long a batch holds up the centre's other requests (the probe's CPU is then
in the centre's figure, so its per-event figures are not comparable).

    .venv/bin/python bench/node_catch_up.py                       # 600 tickets, 4 desks, sync every second
    .venv/bin/python bench/node_catch_up.py --tickets 1500
    .venv/bin/python bench/node_catch_up.py --tickets 600 --desks 3 --sync-seconds 5
    .venv/bin/python bench/node_catch_up.py --probe-centre         # how long a batch holds up the centre's other requests
"""

from __future__ import annotations

import argparse
import itertools
import math
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "nodes")]

from node_network import OFFICE, PASSWORD, NodeNetwork  # noqa: E402
from process_figures import cpu_seconds  # noqa: E402

from live_server import Server  # noqa: E402 (the module node_network uses)
from queue_server.store.node_changes import BATCH_CHANGES, BATCH_EVENTS  # noqa: E402

SERVICES = ("tax-number", "tax-number-changes")  # both served at the main office's universal desks 1-10
NO_SHOW_EVERY = 12  # of the called
RATED_EVERY = 5  # of the finished
LEFT_WAITING = 0.03  # of the issued, still waiting when the day is cut short
CATCH_UP_TIMEOUT = 170.0
POLL_SECONDS = 0.05
PROBE_PAUSE = 0.05  # between two /healthz of the centre during the catch-up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=600, help="tickets issued at the node while cut off (600)")
    parser.add_argument("--desks", type=int, default=4, help="desks open at the node, one operator each (4)")
    parser.add_argument("--sync-seconds", type=int, default=1, help="the node's CHERGA_NODE_SYNC_SECONDS (1)")
    parser.add_argument(
        "--probe-centre", action="store_true",
        help="ask the centre's /healthz one request after another during the catch-up (its CPU then counts in the centre's)",
    )
    options = parser.parse_args()
    if not 1 <= options.desks <= 10:
        parser.error("--desks is 1 to 10 (the main office's universal desks)")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped benchmark stops its servers too (the finally below)
    folder = Path(tempfile.mkdtemp(prefix="cherga-node-catch-up-"))
    network: NodeNetwork | None = None
    try:
        network = NodeNetwork.start(
            folder, node_environment={"CHERGA_NODE_SYNC_SECONDS": str(options.sync_seconds)}, operators=operators(options.desks),
        )  # a start that fails stops what it started
        run(network, options)
    finally:
        if network is not None:
            network.stop()
        shutil.rmtree(folder, ignore_errors=True)


def operators(desks: int) -> list[str]:
    return [f"bench-op-{index}" for index in range(1, desks + 1)]


def run(network: NodeNetwork, options: argparse.Namespace) -> None:
    centre, node = network.centre, network.node
    assert centre.process is not None and node.process is not None
    centre_pid, node_pid = centre.process.pid, node.process.pid
    print(f"centre pid {centre_pid}, node pid {node_pid}; office {OFFICE}, node syncing every {options.sync_seconds} s")

    tokens = [wait_for_login(node, name) for name in operators(options.desks)]  # the accounts came down to the node
    network.wait_synced()

    network.link.cut()
    set_up_started = time.monotonic()
    centre_cpu_before_day = cpu_seconds(centre_pid)
    day = work_a_day(network, tokens, options.tickets)
    centre_rest = (cpu_seconds(centre_pid) - centre_cpu_before_day) / (time.monotonic() - set_up_started)
    print(
        f"the day at the node, cut off: {day['issued']} issued, {day['finished']} finished, {day['no_shows']} no-shows, "
        f"{day['rated']} rated, {day['waiting']} left waiting, in {time.monotonic() - set_up_started:.1f} s (set-up)"
    )

    before = node_counts(node)
    waiting_events = before["last_seq"] - before["sent_seq"]
    batches = max(
        math.ceil(waiting_events / BATCH_EVENTS), math.ceil(before["changes"] / BATCH_CHANGES),
        math.ceil(max(before["audit"], before["turned_away"]) / BATCH_EVENTS), 1,
    )
    print(
        f"waiting at the node: {waiting_events} events (seq {before['sent_seq'] + 1}..{before['last_seq']}), "
        f"{before['changes']} changed rows' keys of {before['rows']} rows, sent as {before['images']} row images; "
        f"{before['audit']} audit entries, {before['turned_away']} turned away; {before['tickets']} tickets; "
        f"{batches} batches by the bounds ({BATCH_EVENTS} events, {BATCH_CHANGES} keys, {BATCH_EVENTS} appended rows of a table)"
    )

    probe = HealthProbe(centre) if options.probe_centre else None
    centre_cpu, node_cpu = cpu_seconds(centre_pid), cpu_seconds(node_pid)
    started = time.monotonic()
    network.link.mend()
    try:
        after, steps = wait_caught_up(network, started, lambda: cpu_seconds(centre_pid) - centre_cpu)
        wall = time.monotonic() - started
    finally:
        if probe is not None:
            probe.stop()
    centre_used, node_used = cpu_seconds(centre_pid) - centre_cpu, cpu_seconds(node_pid) - node_cpu
    centre_net = max(0.0, centre_used - centre_rest * wall)
    tickets = before["tickets"]
    print(f"caught up in {wall:.2f} s (from the mend; the node's next round starts within {options.sync_seconds} s of it)")
    print(
        f"seen at the node (polled every {POLL_SECONDS * 1000:.0f} ms): first batch taken at {steps[0][0]:.2f} s; "
        f"{len(steps)} steps of its sent_seq and changed keys (with the centre's CPU so far): "
        + ", ".join(f"{at:.2f} s seq {seq} keys {keys} ({cpu:.2f} s)" for at, seq, keys, cpu in steps)
    )
    print(
        f"centre CPU: {centre_used:.2f} s as read, {centre_net:.2f} s less its rest ({centre_rest * 1000:.1f} ms/s); "
        f"{centre_net / max(waiting_events, 1) * 1000:.2f} ms per event, {centre_net / max(tickets, 1) * 1000:.2f} ms per ticket"
    )
    print(
        f"node CPU: {node_used:.2f} s ({node_used / max(waiting_events, 1) * 1000:.2f} ms per event); "
        f"link after: sent_seq {after['sent_seq']}, last_seq {after['last_seq']}, changes {after['changes']}"
    )

    waits = sorted(probe.waits) if probe is not None else []
    if waits:
        print(
            f"the centre's /healthz meanwhile, asked one at a time ({len(waits)} answers): "
            f"p50 {statistics.median(waits) * 1000:.0f} ms, slowest {waits[-1] * 1000:.0f} ms "
            f"(the probe's own CPU is in the centre's figure: {len(waits)} requests)"
        )

    at_node, at_centre = office_counts(node), office_counts(centre)
    same = at_node == at_centre
    print(
        f"verified: {'same' if same else 'DIFFERENT'} at the centre and the node: "
        + ", ".join(f"{table} {at_centre[table]}/{at_node[table]}" for table in at_node)
        + " (centre/node)"
    )
    if not same:
        raise SystemExit("the centre does not hold the node's day")


class HealthProbe:
    """Asks the centre's /healthz one request after another, to see how long a batch holds up its other requests."""

    def __init__(self, centre: Server) -> None:
        self.url = centre.url + "/healthz"
        self.waits: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._ask, daemon=True)
        self._thread.start()

    def _ask(self) -> None:
        with requests.Session() as session:
            while not self._stop.is_set():
                began = time.monotonic()
                try:
                    session.get(self.url, timeout=30)
                except requests.RequestException:
                    continue
                self.waits.append(time.monotonic() - began)
                self._stop.wait(PROBE_PAUSE)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def wait_for_login(server: Server, name: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        answer = requests.post(server.url + "/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
        if answer.status_code == 200:
            return str(answer.json()["token"])
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} cannot log in at the node: {answer.status_code} {answer.text}")
        time.sleep(0.2)


def work_a_day(network: NodeNetwork, tokens: list[str], count: int) -> dict[str, int]:
    """At the node: a kiosk issues `count` tickets while the desks serve them; returns what happened."""
    node = network.node
    issued: dict[int, str] = {}  # ticket id -> its token (the visitor's, for the rating)
    lock = threading.Lock()
    figures = {"issued": 0, "called": 0, "finished": 0, "no_shows": 0, "rated": 0}
    to_call = count - max(1, round(count * LEFT_WAITING))
    kiosk_done = threading.Event()
    failures: list[str] = []

    def kiosk() -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {network.kiosk}"
            try:
                for index in range(count):
                    answer = session.post(
                        f"{node.url}/api/v1/offices/{OFFICE}/tickets", json={"service": SERVICES[index % len(SERVICES)]}, timeout=30
                    )
                    if answer.status_code not in (200, 201):
                        failures.append(f"issue: {answer.status_code} {answer.text}")
                        return
                    ticket = answer.json()
                    with lock:
                        issued[int(ticket["id"])] = str(ticket["token"])
                        figures["issued"] += 1
            except requests.RequestException as error:
                failures.append(f"issue: {error}")
            finally:
                kiosk_done.set()

    def desk(desk_id: str, token: str) -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {token}"

            def act(step: str) -> requests.Response:
                answer = session.post(f"{node.url}/api/v1/desks/{desk_id}/{step}", json={}, timeout=30)
                if answer.status_code not in (200, 204):
                    raise RuntimeError(f"{desk_id} {step}: {answer.status_code} {answer.text}")
                return answer

            try:
                act("open")
                while not failures:
                    with lock:
                        if figures["called"] >= to_call:
                            break
                        figures["called"] += 1
                        turn = figures["called"]
                    called = act("call-next")
                    if called.status_code == 204:  # nobody waits yet
                        with lock:
                            figures["called"] -= 1
                        if kiosk_done.is_set():  # every ticket is issued and none waits for this desk
                            break
                        time.sleep(0.01)
                        continue
                    ticket_id = int(called.json()["id"])
                    if turn % NO_SHOW_EVERY == 0:
                        act("no-show")
                        with lock:
                            figures["no_shows"] += 1
                        continue
                    act("start")
                    act("finish")
                    with lock:
                        figures["finished"] += 1
                        rate = figures["finished"] % RATED_EVERY == 0
                        visitor = issued.get(ticket_id)
                    if rate and visitor is not None:
                        rated = requests.post(
                            f"{node.url}/api/v1/tickets/{visitor}/rating", json={"score": 1 + ticket_id % 5, "comment": "bench"}, timeout=30
                        )
                        if rated.status_code not in (200, 201):
                            raise RuntimeError(f"rating: {rated.status_code} {rated.text}")
                        with lock:
                            figures["rated"] += 1
                act("close")
            except (RuntimeError, requests.RequestException) as error:
                failures.append(str(error))

    threads = [threading.Thread(target=kiosk)] + [
        threading.Thread(target=desk, args=(f"{OFFICE}-{number}", token)) for number, token in zip(itertools.count(1), tokens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"the day at the node failed: {failures[0]}")
    return {**figures, "waiting": figures["issued"] - figures["finished"] - figures["no_shows"]}


def read_only(server: Server) -> sqlite3.Connection:
    path = server.database.removeprefix("sqlite:///")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


def node_counts(node: Server) -> dict[str, int]:
    db = read_only(node)
    try:
        sent_seq = db.execute("SELECT sent_seq FROM node_link").fetchone()[0]
        last_seq = db.execute("SELECT last_seq FROM office_sequences WHERE office = ?", (OFFICE,)).fetchone()[0]
        changes = db.execute("SELECT count(*) FROM node_changes").fetchone()[0]
        # the row images the batches carry: read_batch sends a row once for all its keys among a batch's 1,000
        images = db.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT (number - 1) / {BATCH_CHANGES} AS batch, tbl, key"
            " FROM (SELECT row_number() OVER (ORDER BY id) AS number, tbl, key FROM node_changes))"
        ).fetchone()[0]
        rows = db.execute("SELECT count(*) FROM (SELECT DISTINCT tbl, key FROM node_changes)").fetchone()[0]
        # the audit log's entries (each desk action's) and the visitors turned away, sent after their cursors
        appended = db.execute(
            "SELECT (SELECT count(*) FROM audit_log WHERE id > (SELECT audit_log_sent FROM node_link)),"
            " (SELECT count(*) FROM turned_away WHERE id > (SELECT turned_away_sent FROM node_link))"
        ).fetchone()
        tickets = db.execute("SELECT count(*) FROM tickets WHERE office = ?", (OFFICE,)).fetchone()[0]
    finally:
        db.close()
    return {
        "sent_seq": int(sent_seq), "last_seq": int(last_seq), "changes": int(changes), "tickets": int(tickets),
        "images": int(images), "rows": int(rows), "audit": int(appended[0]), "turned_away": int(appended[1]),
    }


def wait_caught_up(
    network: NodeNetwork, started: float, centre_cpu: Callable[[], float]
) -> tuple[dict[str, Any], list[tuple[float, int, int, float]]]:
    """Until the node's office is all at the centre: every event sent, no changed row left (as NodeNetwork.wait_synced, polled finer).

    Returns the link then and each step seen on the way: (seconds since `started`, sent_seq, changed keys left,
    the centre's CPU seconds since `started`).
    """
    deadline = time.monotonic() + CATCH_UP_TIMEOUT
    steps: list[tuple[float, int, int, float]] = []
    seen: tuple[int, int] | None = None
    while True:
        counts = node_counts(network.node)
        state = (counts["sent_seq"], counts["changes"])
        if seen is not None and state != seen:
            steps.append((time.monotonic() - started, *state, centre_cpu()))
        seen = state
        if counts["sent_seq"] == counts["last_seq"] and counts["changes"] == 0:
            return counts, steps or [(time.monotonic() - started, *state, centre_cpu())]
        if time.monotonic() > deadline:
            raise SystemExit(f"the node did not catch up in {CATCH_UP_TIMEOUT:.0f} s: {counts}")
        time.sleep(POLL_SECONDS)


def office_counts(server: Server) -> dict[str, int]:
    db = read_only(server)
    try:
        return {
            table: int(db.execute(f"SELECT count(*) FROM {table} WHERE office = ?", (OFFICE,)).fetchone()[0])  # noqa: S608 (our own names)
            for table in ("tickets", "events", "ratings", "desk_states")
        }
    finally:
        db.close()


if __name__ == "__main__":
    main()
