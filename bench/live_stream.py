"""What the live stream costs a real `cherga serve`: subscribers connecting, and each call reaching them.

Starts one real server process (gevent, as in production) on a fresh SQLite
file with the bundled network open round the clock, and a few load processes
beside it (`--processes`), each holding its share of `--subscribers` raw
websocket connections (Engine.IO 4 / Socket.IO 5 frames written by hand with
`websocket-client` under gevent: a python-socketio client per subscriber
would cost the load side more than the server). Every subscriber follows the
public stream of one office, as hall boards and visitors' phones do; they
are spread round-robin over `--offices` offices (39, the whole bundled
network, by default; 1 puts them all on the main office).

1. **Connecting**: every subscriber connects, joins the namespace and
   subscribes (no `since`: a snapshot) at the same moment, as after a
   restart of the server; the time until the last one has its snapshot,
   the server's CPU for it, and its descriptors and memory per subscriber
   (`/proc/<pid>/fd`, `VmRSS`) are printed.
2. **Calls**: one desk at each office, one operator over HTTP, `--calls`
   call-next (each followed by a finish, not timed) round the offices one
   after the other, `--interval` apart. Each call's latency to each
   subscriber of its office is the time from the moment its HTTP request
   was sent to the moment the subscriber read its `ticket.called`
   (`time.monotonic()` is the same clock in every process of the machine);
   the k-th `ticket.called` a subscriber reads is the k-th call at its
   office. The caller's answer time is printed beside it, and the same calls'
   answer time before any subscriber connected, as a ratio in one run.

With `--servers N` (2 or more) the same runs against N `cherga serve`
processes on one database (SQLite, or PostgreSQL with `--postgresql`) with
a `redis-server` of the benchmark's own carrying the events between them,
as docs/deploy.md sets them up: the subscribers are spread round-robin over
the processes, the calls go to the first, and the server CPU is the sum
over the processes.

The load processes share the machine's cores with the server, so a latency
includes their reading too; the server's CPU (user + system from
`/proc/<pid>/stat`) is the figure the machine's noise blurs least.
Asserts nothing.

    .venv/bin/python bench/live_stream.py                                          # 200 subscribers over the 39 offices, 40 calls
    .venv/bin/python bench/live_stream.py --subscribers 2000 --calls 78            # issue 15: 2,000 over the 39 offices
    .venv/bin/python bench/live_stream.py --subscribers 5000 --offices 1 --calls 20 --processes 4   # 5,000 on one office
    .venv/bin/python bench/live_stream.py --subscribers 2000 --calls 78 --servers 2 --postgresql    # 2 processes, PostgreSQL and Redis
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from process_figures import cpu_seconds, descriptors, rss_kib

HERE = Path(__file__).resolve().parent
# a public event as python-socketio writes it: 42["event",{"office":"…","seq":N,"type":"…",…
EVENT_FRAME = re.compile(r'^42\["event",\{"office":\s*"([^"]+)",\s*"seq":\s*(\d+),\s*"type":\s*"([^"]+)"')
CONNECT_SECONDS = 400.0  # the longest one subscriber may take to get its snapshot (5,000 took 218 s before the shared snapshot)


# --- the load process: raw Socket.IO subscribers under gevent ---------------------------------


def worker(urls: str, offices: list[str]) -> None:
    """Hold one subscriber per entry of `offices`, round-robin over the servers of `urls` (comma-separated); obey the lines of stdin; answer in JSON lines on stdout.

    `connect` connects them all at once and answers each one's snapshot time;
    `report` answers every `ticket.called` each one read; `quit` closes them.
    """
    from gevent import monkey

    monkey.patch_all()
    import gevent
    import websocket
    from gevent.fileobject import FileObjectPosix

    ws_urls = [url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket" for url in urls.split(",")]
    snapshots: list[float | None] = [None] * len(offices)
    called: list[list[float]] = [[] for _ in offices]
    failures: list[str] = []
    sockets: list[Any] = []

    def subscriber(index: int, office: str) -> None:
        try:
            # no UTF-8 check of each frame: websocket-client does it in pure Python, a millisecond a snapshot
            ws = websocket.create_connection(ws_urls[index % len(ws_urls)], timeout=CONNECT_SECONDS, enable_multithread=False, skip_utf8_validation=True)
        except Exception as error:  # noqa: BLE001 - a refused connection is a figure, not a crash
            failures.append(f"connect: {error!r}")
            return
        sockets.append(ws)
        try:
            if not ws.recv().startswith("0"):
                raise RuntimeError("no Engine.IO open packet")
            ws.send("40")
            ws.send("420" + json.dumps(["subscribe", {"office": office}]))
            ws.settimeout(None)
            while True:
                frame = ws.recv()
                if not frame:
                    if snapshots[index] is None:
                        failures.append("closed by the server before its snapshot")
                    return
                if frame == "2":
                    ws.send("3")
                    continue
                if frame.startswith('42["snapshot"'):
                    snapshots[index] = time.monotonic()
                    continue
                if frame.startswith('42["event"'):
                    found = EVENT_FRAME.match(frame)
                    if found is not None and found.group(3) == "ticket.called":
                        called[index].append(time.monotonic())
                    continue
                if frame.startswith("44"):  # connect_error: refused by the server
                    failures.append(f"refused: {frame[:200]}")
                    return
        except Exception as error:  # noqa: BLE001
            if not closing or snapshots[index] is None:
                failures.append(f"{type(error).__name__}: {error}")

    closing = False
    answer(sys.stdout, {"ready": True})
    stdin = FileObjectPosix(sys.stdin.fileno(), "r")
    for line in stdin:
        command = line.strip()
        if command == "connect":
            for index, office in enumerate(offices):
                gevent.spawn(subscriber, index, office)
            deadline = time.monotonic() + CONNECT_SECONDS
            while time.monotonic() < deadline and sum(1 for s in snapshots if s is not None) + len(failures) < len(offices):
                gevent.sleep(0.05)
            answer(sys.stdout, {"snapshots": snapshots, "failures": failures[:20], "failed": len(failures)})
        elif command == "report":
            answer(sys.stdout, {"called": called, "failures": failures[:20], "failed": len(failures)})
        elif command == "quit":
            closing = True
            for ws in sockets:
                try:
                    ws.close(timeout=0)
                except Exception:  # noqa: BLE001, S110 - closing at the end of the run
                    pass
            return


def answer(out: IO[str], figures: dict[str, Any]) -> None:
    out.write(json.dumps(figures) + "\n")
    out.flush()


# --- the benchmark ----------------------------------------------------------------------------


def servers_cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def loads_cpu(loads: list[LoadProcess]) -> float:
    return sum(cpu_seconds(load.process.pid) for load in loads)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def ms(values: list[float]) -> str:
    if not values:
        return "none"
    return f"p50 {statistics.median(values) * 1000:.1f} ms, p99 {percentile(values, 0.99) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms"


class LoadProcess:
    """One load process and its share of the subscribers."""

    def __init__(self, urls: list[str], offices: list[str]) -> None:
        """`offices[i]` is followed by a subscriber connected to `urls[i % len(urls)]`."""
        self.offices = offices
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", ",".join(urls), *offices],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def tell(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"a load process ended with {self.process.wait()}")
        return dict(json.loads(line))

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.tell("quit")
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--offices", type=int, default=39, help="the subscribers are spread over this many offices (1: the main office only)")
    parser.add_argument("--calls", type=int, default=40, help="call-next made round the offices, one after the other")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between two calls")
    parser.add_argument("--processes", type=int, default=2, help="load processes holding the subscribers")
    parser.add_argument("--settle", type=float, default=10.0, help="the longest wait for the last subscriber's event after the last call")
    parser.add_argument("--servers", type=int, default=1, help="server processes on one database, Redis between them (2 or more)")
    parser.add_argument("--postgresql", action="store_true", help="a database of its own in the PostgreSQL of 127.0.0.1:5432")
    args = parser.parse_args()
    if not (1 <= args.subscribers <= 20_000 and 1 <= args.calls <= 2_000 and 1 <= args.processes <= 16 and 0 <= args.interval <= 10
            and 1 <= args.servers <= 8):
        parser.error("--subscribers 1..20000, --calls 1..2000, --processes 1..16, --interval 0..10, --servers 1..8")

    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    import requests
    from round_the_clock import bundled_round_the_clock

    from queue_server.commands.context import Actor
    from queue_server.commands.issuing import issue_ticket
    from queue_server.settings import Settings
    from queue_server.wiring import open_context
    sys.path.insert(0, str(HERE.parent / "tests"))
    from postgres_databases import fresh_database
    from redis_service import OwnRedis
    from tests.live_server import Server, cherga

    network = bundled_round_the_clock()
    offices = sorted(network.offices, key=lambda code: (code != "main", code))[: max(1, min(args.offices, len(network.offices)))]
    desks = {code: network.offices[code].desks[0] for code in offices}
    calls_at = {code: len(range(offices.index(code), args.calls, len(offices))) for code in offices}

    with tempfile.TemporaryDirectory() as folder_name, contextlib.ExitStack() as stack:
        folder = Path(folder_name)
        url = stack.enter_context(fresh_database("cherga_bench")) if args.postgresql else f"sqlite:///{folder / 'bench.sqlite3'}"
        environment = {"CHERGA_HEARTBEAT_SECONDS": "15", "CHERGA_MAX_SOCKETS_PER_ADDRESS": "100000"}
        redis = None
        if args.servers > 1:
            redis = OwnRedis(folder)
            redis.start()
            stack.callback(redis.stop)
            environment["CHERGA_MESSAGE_QUEUE"] = redis.url
        servers: list[Server] = []
        loads: list[LoadProcess] = []
        try:
            for n in range(args.servers):  # one after the other: the first makes the database
                servers.append(Server(database=url, log_path=folder / f"server-{n}.log", environment=environment, create_database=n == 0))
                servers[-1].start()
            server = servers[0]
            pids = [running.process.pid for running in servers if running.process is not None]
            pid = pids[0]
            cherga("user", "add", "bench-operator", "--role", "operator", "--office", *offices, "--password-stdin", database=url, stdin="password-1\n")
            http = requests.Session()
            http.headers["Authorization"] = "Bearer " + http.post(f"{server.url}/api/v1/auth/login",
                                                                  json={"username": "bench-operator", "password": "password-1"}, timeout=30).json()["token"]
            ctx = open_context(Settings.from_env({}, database_url=url), network=network)
            try:
                for code in offices:  # each office's queue: a ticket for each call of both rounds, and a few left waiting
                    service = sorted(desks[code].profile.weights)[0]
                    kiosk = Actor(kind="device", name="bench", role="kiosk", offices=(code,), device_id=1)
                    for _ in range(2 * calls_at[code] + 5):
                        issue_ticket(ctx, code, service, actor=kiosk)
            finally:
                ctx.engine.dispose()
            for code in offices:
                http.post(f"{server.url}/api/v1/desks/{desks[code].id}/open", json={}, timeout=30).raise_for_status()
            store = "PostgreSQL" if args.postgresql else "SQLite"
            shape = f"one `cherga serve` (gevent, {store}), pid {pid}" if len(servers) == 1 else \
                f"{len(servers)} `cherga serve` processes (gevent, {store}, Redis), pids {', '.join(map(str, pids))}"
            print(f"{shape}; {args.subscribers} subscribers of the public stream over "
                  f"{len(offices)} office(s), in {args.processes} load process(es); {args.calls} calls, {args.interval} s apart")

            def call_round() -> tuple[list[tuple[str, float]], list[float]]:
                sent: list[tuple[str, float]] = []
                answers: list[float] = []
                for n in range(args.calls):
                    code = offices[n % len(offices)]
                    desk = desks[code].id
                    begin = time.monotonic()
                    called = http.post(f"{server.url}/api/v1/desks/{desk}/call-next", json={}, timeout=60)
                    answers.append(time.monotonic() - begin)
                    if called.status_code != 200:
                        raise SystemExit(f"call-next answered {called.status_code}: {called.text[:200]}")
                    sent.append((code, begin))
                    http.post(f"{server.url}/api/v1/desks/{desk}/finish", json={}, timeout=60).raise_for_status()
                    time.sleep(args.interval)
                return sent, answers

            cpu = servers_cpu(pids)
            _, alone = call_round()  # the same calls with nobody subscribed: what the answer costs without a fan-out
            cpu_alone = servers_cpu(pids) - cpu
            fds_before, rss_before = sum(map(descriptors, pids)), sum(map(rss_kib, pids))

            assigned = [offices[i % len(offices)] for i in range(args.subscribers)]
            shares = [assigned[p :: args.processes] for p in range(args.processes)]
            loads = [LoadProcess([running.url for running in servers], share) for share in shares if share]
            for load in loads:  # each has imported gevent and websocket-client
                load.answer()
            cpu, load_cpu, start = servers_cpu(pids), loads_cpu(loads), time.monotonic()
            for load in loads:
                load.tell("connect")
            connected = [load.answer() for load in loads]
            snapshots = [t for figures in connected for t in figures["snapshots"] if t is not None]
            failed = sum(figures["failed"] for figures in connected)
            connect_cpu = servers_cpu(pids) - cpu
            took = [t - start for t in snapshots]
            print(f"connecting: {len(snapshots)} of {args.subscribers} subscribers had their snapshot "
                  f"{max(took) if took else 0:.2f} s after they all began (each: {ms(took)}); {failed} failed; "
                  f"server CPU {connect_cpu:.2f} s = {connect_cpu * 1000 / max(1, len(snapshots)):.2f} ms a subscriber; "
                  f"load processes' CPU {loads_cpu(loads) - load_cpu:.2f} s; load average {os.getloadavg()[0]:.1f}")
            for figures in connected:
                for failure in figures["failures"][:3]:
                    print(f"  a failure: {failure}")
            time.sleep(1.0)
            fds, rss = sum(map(descriptors, pids)), sum(map(rss_kib, pids))
            print(f"server: {fds} descriptors ({fds_before} before) = {(fds - fds_before) / max(1, len(snapshots)):.2f} a subscriber; "
                  f"RSS {rss / 1024:.0f} MiB ({rss_before / 1024:.0f} MiB before) = {(rss - rss_before) / max(1, len(snapshots)):.1f} KiB a subscriber")

            cpu, load_cpu = servers_cpu(pids), loads_cpu(loads)
            sent, answers = call_round()
            calls_cpu, calls_load_cpu = servers_cpu(pids) - cpu, loads_cpu(loads) - load_cpu
            deadline = time.monotonic() + args.settle
            reports: list[dict[str, Any]] = []
            while True:  # until every subscriber has read every call of its office, or `--settle` has passed
                for load in loads:
                    load.tell("report")
                reports = [load.answer() for load in loads]
                complete = all(len(seen) >= calls_at[office] for load, report in zip(loads, reports, strict=True)
                               for office, seen in zip(load.offices, report["called"], strict=True))
                if complete or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            latencies, missing, last_receipt = match(sent, loads, reports)
            after_answer = sum(1 for (code, begin), took_ in zip(sent, answers, strict=True) if last_receipt.get((code, begin), 0.0) > begin + took_)
            print(f"calls: {len(sent)} calls; delivered {len(latencies)} of {len(latencies) + missing} (call, subscriber) pairs; "
                  f"latency to a subscriber {ms(latencies)}")
            print(f"caller's answer: {ms(answers)} with the subscribers, {ms(alone)} before they connected "
                  f"(p50 ratio {statistics.median(answers) / statistics.median(alone):.2f}); "
                  f"the answer came before the office's last subscriber read the call in {after_answer} of {len(sent)} calls")
            print(f"server CPU for the calls (each with its finish): {calls_cpu * 1000 / len(sent):.1f} ms a call with subscribers, "
                  f"{cpu_alone * 1000 / len(alone):.1f} ms before they connected; the load processes' CPU {calls_load_cpu:.2f} s; "
                  f"load average {os.getloadavg()[0]:.1f}")
        finally:
            for load in loads:
                load.stop()
            for running in servers:
                running.kill()


def match(sent: list[tuple[str, float]], loads: list[LoadProcess], reports: list[dict[str, Any]]) -> tuple[list[float], int, dict[tuple[str, float], float]]:
    """Each (call, subscriber of its office) pair's latency; how many never arrived; each call's last receipt."""
    by_office: dict[str, list[float]] = {}
    for code, begin in sent:
        by_office.setdefault(code, []).append(begin)
    latencies: list[float] = []
    missing = 0
    last: dict[tuple[str, float], float] = {}
    for load, report in zip(loads, reports, strict=True):
        for office, seen in zip(load.offices, report["called"], strict=True):
            for k, begin in enumerate(by_office.get(office, [])):
                if k < len(seen):
                    latencies.append(seen[k] - begin)
                    last[(office, begin)] = max(last.get((office, begin), 0.0), seen[k])
                else:
                    missing += 1
    return latencies, missing, last


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3:])
    else:
        main()
