"""What issuing and calling cost a real `cherga serve` over HTTP, in server CPU.

Starts one real server process (gevent, as in production) on a fresh SQLite
file, or on a database of its own in the PostgreSQL of 127.0.0.1:5432
(`--postgresql`; dropped afterwards), with the bundled network open round
the clock. Then, over HTTP, as kiosks and desk consoles do:

1. **issuing**: N kiosks (threads, one HTTP session each) issue tickets at
   the main office at once until `--tickets` are issued or `--seconds` pass;
2. **call-next**: one desk calls and finishes visitors while `W` people
   wait at its office, for each W of `--waiting` (20 and 2,000 by default).
   The queue is filled, and kept at W (one ticket issued for each one
   called), by this script through the commands on the same database, so
   the server's CPU is the desk's work alone.

The figure to trust is the server's CPU per operation, read from
`/proc/<pid>/stat` (user + system) around each phase: the machine is shared,
so wall-clock rates are printed too but move with its load. Asserts nothing.

    .venv/bin/python bench/http_commands.py                      # SQLite, 8 kiosks, 800 tickets
    .venv/bin/python bench/http_commands.py --postgresql
    .venv/bin/python bench/http_commands.py --kiosks 8 --tickets 400 --waiting 20 2000 --calls 100
    .venv/bin/python bench/http_commands.py --open-desks 10                     # issuing while 10 desks are open

With `--open-desks N`, N desks of the office that serve the issued service
are open while the kiosks issue (not desk 1, the call-next phase's), so each ticket's wait estimate
replays them (`domain/wait_replay.py`); without, no desk is open and the
estimate is `no_desk_open` at once.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from round_the_clock import bundled_round_the_clock  # noqa: E402

from queue_server.commands.context import Actor, CommandContext  # noqa: E402
from queue_server.commands.issuing import issue_ticket  # noqa: E402
from queue_server.settings import Settings  # noqa: E402
from queue_server.wiring import open_context  # noqa: E402
from tests.live_server import Server, cherga  # noqa: E402

OFFICE = "main"
POSTGRESQL = "postgresql://postgres@127.0.0.1:5432"
TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@contextmanager
def database(postgresql: bool, folder: Path) -> Iterator[str]:
    if not postgresql:
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg

    name = f"cherga_bench_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRESQL}/postgres", autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(f"{POSTGRESQL}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measured(pid: int, work: Callable[[], list[float]]) -> tuple[float, float, list[float]]:
    """Run `work` (which returns each operation's latency); the server's CPU seconds, the wall seconds, the latencies."""
    cpu, wall = server_cpu(pid), time.perf_counter()
    latencies = work()
    return server_cpu(pid) - cpu, time.perf_counter() - wall, latencies


def issuing(server: Server, tokens: list[str], service: str, total: int, seconds: float) -> list[float]:
    """The kiosks issue at once until `total` tickets or `seconds`; each ticket's latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    failures: list[str] = []
    started = [0]

    def kiosk(token: str) -> None:
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {token}"
            while time.monotonic() < deadline:
                with lock:
                    if started[0] >= total:
                        return
                    started[0] += 1
                begin = time.perf_counter()
                answer = http.post(f"{server.url}/api/v1/offices/{OFFICE}/tickets", json={"service": service, "print": False}, timeout=30)
                took = time.perf_counter() - begin
                with lock:
                    if answer.status_code == 201:
                        latencies.append(took)
                    else:
                        failures.append(f"{answer.status_code} {answer.text[:200]}")

    threads = [threading.Thread(target=kiosk, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} tickets refused, the first: {failures[0]}")
    return latencies


def calling(server: Server, token: str, desk: str, calls: int, refill: Callable[[], None]) -> list[float]:
    """The desk calls and finishes `calls` visitors; each call's latency (the finish is not timed, its CPU is counted)."""
    latencies: list[float] = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for _ in range(calls):
            refill()
            begin = time.perf_counter()
            answer = http.post(f"{server.url}/api/v1/desks/{desk}/call-next", json={}, timeout=30)
            latencies.append(time.perf_counter() - begin)
            if answer.status_code != 200:
                raise SystemExit(f"call-next answered {answer.status_code}: {answer.text[:200]}")
            finished = http.post(f"{server.url}/api/v1/desks/{desk}/finish", json={}, timeout=30)
            if finished.status_code != 200:
                raise SystemExit(f"finish answered {finished.status_code}: {finished.text[:200]}")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", action="store_true", help="a database of its own in the PostgreSQL of 127.0.0.1:5432")
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--tickets", type=int, default=800, help="issued in the issuing phase, at most")
    parser.add_argument("--seconds", type=float, default=60, help="the issuing phase stops after this long, at most")
    parser.add_argument("--waiting", type=int, nargs="*", default=[20, 2000], help="people waiting while the desk calls")
    parser.add_argument("--calls", type=int, default=100, help="calls (each with its finish) at each queue length")
    parser.add_argument("--open-desks", type=int, default=0, help="desks of the office open while the kiosks issue (each issue then replays them for its wait)")
    parser.add_argument("--sqlite-synchronous", choices=("full", "normal"), default="full", help="CHERGA_SQLITE_SYNCHRONOUS of the server")
    args = parser.parse_args()

    network = bundled_round_the_clock()
    office = network.offices[OFFICE]
    desk = office.desks[0]
    service = sorted(desk.profile.weights)[0]
    with tempfile.TemporaryDirectory() as folder_name, database(args.postgresql, Path(folder_name)) as url:
        folder = Path(folder_name)
        # the heartbeat at its production pace (a test server's beats every second)
        server = Server(database=url, log_path=folder / "server.log", environment={"CHERGA_HEARTBEAT_SECONDS": "15", "CHERGA_SQLITE_SYNCHRONOUS": args.sqlite_synchronous})
        server.start()
        assert server.process is not None
        pid = server.process.pid
        try:
            tokens = [
                cherga("device", "add", "--kind", "kiosk", "--office", OFFICE, "--name", f"bench-kiosk-{n}", database=url).splitlines()[-1]
                for n in range(args.kiosks)
            ]
            cherga("user", "add", "bench-operator", "--role", "operator", "--office", OFFICE, "--password-stdin", database=url, stdin="password-1\n")
            login = requests.post(f"{server.url}/api/v1/auth/login", json={"username": "bench-operator", "password": "password-1"}, timeout=30)
            operator = login.json()["token"]
            engine = "PostgreSQL" if args.postgresql else f"SQLite, synchronous={args.sqlite_synchronous}"
            print(f"one `cherga serve` (gevent, {engine}), pid {pid}; server CPU from /proc/{pid}/stat")

            with requests.Session() as http:  # desks open while issuing: each ticket's wait is then a replay of them
                http.headers["Authorization"] = f"Bearer {operator}"
                for opened in [found for found in office.desks[1:] if found.profile.serves(service)][: args.open_desks]:
                    http.post(f"{server.url}/api/v1/desks/{opened.id}/open", json={}, timeout=30).raise_for_status()
            for token in tokens[:1]:  # one ticket first: the server's first request loads what it keeps
                requests.post(f"{server.url}/api/v1/offices/{OFFICE}/tickets", json={"service": service, "print": False},
                              headers={"Authorization": f"Bearer {token}"}, timeout=30)
            cpu, wall, latencies = measured(pid, lambda: issuing(server, tokens, service, args.tickets, args.seconds))
            issued = len(latencies)
            print(f"issuing, {args.kiosks} kiosks, {args.open_desks} desks open: {issued} tickets in {wall:.1f} s = {issued / wall:.0f}/s; "
                  f"server CPU {cpu * 1000 / issued:.2f} ms a ticket ({cpu:.2f} s); "
                  f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms")

            ctx = open_context(Settings.from_env({}, database_url=url), network=network)
            try:
                call_next_figures(ctx, server, pid, operator, desk.id, service, args)
            finally:
                ctx.engine.dispose()
        finally:
            server.kill()


def call_next_figures(ctx: CommandContext, server: Server, pid: int, operator: str, desk: str, service: str, args: Any) -> None:
    kiosk = Actor(kind="device", name="bench", role="kiosk", offices=(OFFICE,), device_id=1)
    with requests.Session() as http:  # the issuing phase's tickets are served first: each length starts from an empty queue
        http.headers["Authorization"] = f"Bearer {operator}"
        http.post(f"{server.url}/api/v1/desks/{desk}/open", json={}, timeout=30).raise_for_status()
        drained = 0
        while http.post(f"{server.url}/api/v1/desks/{desk}/call-next", json={}, timeout=60).status_code == 200:
            http.post(f"{server.url}/api/v1/desks/{desk}/finish", json={}, timeout=30).raise_for_status()
            drained += 1
    figures = []
    for waiting in args.waiting:
        for _ in range(waiting - waiting_now(ctx)):
            issue_ticket(ctx, OFFICE, service, actor=kiosk)

        def refill() -> None:
            issue_ticket(ctx, OFFICE, service, actor=kiosk)

        cpu, wall, latencies = measured(pid, lambda: calling(server, operator, desk, args.calls, refill))
        figures.append((waiting, cpu, wall, latencies))
        print(f"call-next + finish, {waiting} waiting: {args.calls} calls in {wall:.1f} s; "
              f"server CPU {cpu * 1000 / args.calls:.2f} ms a call with its finish; "
              f"call latency p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms")
    if len(figures) > 1:
        first, last = figures[0], figures[-1]
        print(f"call-next with {last[0]} waiting costs {last[1] / first[1]:.2f}× the server CPU of {first[0]} waiting")


def waiting_now(ctx: CommandContext) -> int:
    import sqlalchemy as sa

    from queue_server.store.schema import tickets

    with ctx.reading() as conn:
        return int(conn.execute(sa.select(sa.func.count()).where((tickets.c.office == OFFICE) & (tickets.c.status == "waiting"))).scalar_one())


if __name__ == "__main__":
    main()
