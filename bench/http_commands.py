"""What issuing and calling cost a real `cherga serve` over HTTP, in server CPU.

Starts one real server process (gevent, as in production) on a fresh SQLite
file, or on a database of its own in the PostgreSQL of 127.0.0.1:5432
(`--postgresql`; dropped afterwards), with the bundled network open round
the clock. Then, over HTTP, as kiosks and desk consoles do:

1. **issuing**: N kiosks (threads, one HTTP session each) issue tickets at
   the main office at once until `--tickets` are issued or `--seconds` pass
   (with `--offices M`, spread over M offices: an office's tickets are
   issued one at a time, under its lock, so one office's rate is bounded by
   its transaction's length whatever the processes);
2. **call-next**: one desk calls and finishes visitors while `W` people
   wait at its office, for each W of `--waiting` (20 and 2,000 by default).
   The queue is filled, and kept at W (one ticket issued for each one
   called), by this script through the commands on the same database, so
   the server's CPU is the desk's work alone.

With `--processes N` (PostgreSQL only) N server processes share the
database and a `redis-server` of the benchmark's own on a free port
(`CHERGA_MESSAGE_QUEUE`), as several processes behind a load balancer do:
kiosk k issues through process k mod N, and the desk's calls go to each
process in turn (its finish to the same one).

The figure to trust is the servers' CPU per operation, read from
`/proc/<pid>/stat` (user + system) around each phase and summed over the
processes, less what they use at rest in as long (measured first, for
`--rest` seconds: the heartbeat's work is by the second, not by the
operation): the machine is shared, so wall-clock rates are printed too but
move with its load. On PostgreSQL the CPU of the database's backends that
serve the servers (found in `pg_stat_activity`, the benchmark's own
connection left out) is printed too, and with several processes that of
Redis: on SQLite the database's work is the server's own. Asserts nothing.

    .venv/bin/python bench/http_commands.py                      # SQLite, 8 kiosks, 800 tickets
    .venv/bin/python bench/http_commands.py --postgresql
    .venv/bin/python bench/http_commands.py --postgresql --processes 2
    .venv/bin/python bench/http_commands.py --kiosks 8 --tickets 400 --waiting 20 2000 --calls 100
    .venv/bin/python bench/http_commands.py --postgresql --processes 2 --kiosks 16 --offices 16 --waiting   # issuing only, at 16 offices
    .venv/bin/python bench/http_commands.py --open-desks 10                     # issuing while 10 desks are open

With `--open-desks N`, N desks of the office that serve the issued service
are open while the kiosks issue (not desk 1, the call-next phase's), so each ticket's wait estimate
replays them (`domain/wait_replay.py`); without, no desk is open and the
estimate is `no_desk_open` at once.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from process_figures import cpu_seconds as server_cpu  # noqa: E402
from round_the_clock import bundled_round_the_clock  # noqa: E402

from queue_server.commands.context import Actor, CommandContext  # noqa: E402
from queue_server.commands.issuing import issue_ticket  # noqa: E402
from queue_server.settings import Settings  # noqa: E402
from queue_server.wiring import open_context  # noqa: E402
from tests.live_server import Server, cherga  # noqa: E402

OFFICE = "main"
POSTGRESQL = "postgresql://postgres@127.0.0.1:5432"


BENCH_APPLICATION = "cherga-bench"  # the application_name of the benchmark's own connections, left out of the database's CPU


@dataclass
class Meters:
    """The processes whose CPU is counted: the servers, the database's backends that serve them, Redis."""

    servers: list[int]
    database: str | None = None  # PostgreSQL's name of the database, whose backends are counted
    redis: int | None = None

    def backends(self) -> list[int]:
        if self.database is None:
            return []
        import psycopg

        with psycopg.connect(f"{POSTGRESQL}/postgres", autocommit=True, application_name=BENCH_APPLICATION) as admin:
            rows = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name <> %s", (self.database, BENCH_APPLICATION)
            ).fetchall()
        return [row[0] for row in rows]

    def read(self) -> dict[str, dict[int, float]]:
        return {
            "servers": {pid: server_cpu(pid) for pid in self.servers},
            "database": {pid: server_cpu(pid) for pid in self.backends()},
            "redis": {pid: server_cpu(pid) for pid in ([self.redis] if self.redis else [])},
        }


def spent(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    """CPU seconds each kind of process used between two readings (a backend new since the first from its start)."""
    return {kind: sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in after[kind].items()) for kind in after}


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


def measured(meters: Meters, work: Callable[[], list[float]]) -> tuple[dict[str, float], float, list[float]]:
    """Run `work` (which returns each operation's latency); the CPU seconds of each kind of process, the wall seconds, the latencies."""
    cpu, wall = meters.read(), time.perf_counter()
    latencies = work()
    return spent(cpu, meters.read()), time.perf_counter() - wall, latencies


def at_rest(meters: Meters, seconds: float) -> dict[str, float]:
    """CPU seconds a second each kind of process uses with nothing asked of it (the heartbeat, the processes' own chatter)."""
    cpu, _wall, _ = measured(meters, lambda: (time.sleep(seconds), [])[1])
    return {kind: used / seconds for kind, used in cpu.items()}


def net(cpu: dict[str, float], wall: float, rest: dict[str, float]) -> dict[str, float]:
    """The CPU of a phase less what the processes would have used at rest meanwhile."""
    return {kind: used - rest.get(kind, 0.0) * wall for kind, used in cpu.items()}


def others(cpu: dict[str, float], count: int, meters: Meters) -> str:
    """The database's and Redis's CPU an operation, where they are counted."""
    parts = []
    if meters.database is not None:
        parts.append(f"database {cpu['database'] * 1000 / count:.2f} ms")
    if meters.redis is not None:
        parts.append(f"Redis {cpu['redis'] * 1000 / count:.2f} ms")
    return f" (and {', '.join(parts)})" if parts else ""


def issuing(servers: list[Server], kiosks: list[tuple[str, str, str]], total: int, seconds: float) -> list[float]:
    """The kiosks issue at once until `total` tickets or `seconds`; each ticket's latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    failures: list[str] = []
    started = [0]

    def kiosk(token: str, office: str, service: str, server: Server) -> None:
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {token}"
            while time.monotonic() < deadline:
                with lock:
                    if started[0] >= total:
                        return
                    started[0] += 1
                begin = time.perf_counter()
                answer = http.post(f"{server.url}/api/v1/offices/{office}/tickets", json={"service": service, "print": False}, timeout=30)
                took = time.perf_counter() - begin
                with lock:
                    if answer.status_code == 201:
                        latencies.append(took)
                    else:
                        failures.append(f"{answer.status_code} {answer.text[:200]}")

    threads = [threading.Thread(target=kiosk, args=(*each, servers[n % len(servers)])) for n, each in enumerate(kiosks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} tickets refused, the first: {failures[0]}")
    return latencies


def calling(servers: list[Server], token: str, desk: str, calls: int, refill: Callable[[], None]) -> list[float]:
    """The desk calls and finishes `calls` visitors, through each server in turn; each call's latency (the finish is not timed, its CPU is counted)."""
    latencies: list[float] = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for n in range(calls):
            server = servers[n % len(servers)]
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
    parser.add_argument("--processes", type=int, default=1, help="server processes on the same PostgreSQL and a Redis of their own (more than 1: --postgresql)")
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--offices", type=int, default=1, help="the kiosks spread over this many offices (main first); one office's issuing is one at a time")
    parser.add_argument("--tickets", type=int, default=800, help="issued in the issuing phase, at most")
    parser.add_argument("--seconds", type=float, default=60, help="the issuing phase stops after this long, at most")
    parser.add_argument("--waiting", type=int, nargs="*", default=[20, 2000], help="people waiting while the desk calls")
    parser.add_argument("--calls", type=int, default=100, help="calls (each with its finish) at each queue length")
    parser.add_argument("--rest", type=float, default=30, help="seconds the CPU is measured at rest first, to be taken off each phase's")
    parser.add_argument("--open-desks", type=int, default=0, help="desks of the office open while the kiosks issue (each issue then replays them for its wait)")
    parser.add_argument("--sqlite-synchronous", choices=("full", "normal"), default="full", help="CHERGA_SQLITE_SYNCHRONOUS of the server")
    args = parser.parse_args()
    if args.processes > 1 and not args.postgresql:
        parser.error("several processes share a PostgreSQL database: add --postgresql")

    network = bundled_round_the_clock()
    office = network.offices[OFFICE]
    desk = office.desks[0]
    service = sorted(desk.profile.weights)[0]
    with tempfile.TemporaryDirectory() as folder_name, database(args.postgresql, Path(folder_name)) as url, \
            message_queue(args.processes, Path(folder_name)) as redis:
        folder = Path(folder_name)
        # the heartbeat at its production pace (a test server's beats every second); one secret key, as one deployment's processes share
        environment = {"CHERGA_HEARTBEAT_SECONDS": "15", "CHERGA_SQLITE_SYNCHRONOUS": args.sqlite_synchronous}
        if redis is not None:
            environment["CHERGA_MESSAGE_QUEUE"] = redis.url
        secret_key = secrets.token_hex(32)
        servers = [
            Server(database=url, log_path=folder / f"server-{n}.log", environment=environment, secret_key=secret_key)
            for n in range(args.processes)
        ]
        try:
            for server in servers:  # one after the other: the first brings the new database's schema
                server.start()
            meters = Meters(
                servers=[server.process.pid for server in servers if server.process is not None],
                database=url.rsplit("/", 1)[1] if args.postgresql else None,
                redis=redis.process.pid if redis is not None and redis.process is not None else None,
            )
            # kiosk n at the n-th of the offices (main first), issuing a service its first desk gives
            offices = [OFFICE, *sorted(code for code in network.offices if code != OFFICE)][: args.offices]
            kiosks = []
            for n in range(args.kiosks):
                code = offices[n % len(offices)]
                token = cherga("device", "add", "--kind", "kiosk", "--office", code, "--name", f"bench-kiosk-{n}", database=url).splitlines()[-1]
                kiosks.append((token, code, sorted(network.offices[code].desks[0].profile.weights)[0]))
            cherga("user", "add", "bench-operator", "--role", "operator", "--office", OFFICE, "--password-stdin", database=url, stdin="password-1\n")
            login = requests.post(f"{servers[0].url}/api/v1/auth/login", json={"username": "bench-operator", "password": "password-1"}, timeout=30)
            operator = login.json()["token"]
            engine = "PostgreSQL" if args.postgresql else f"SQLite, synchronous={args.sqlite_synchronous}"
            shape = "one `cherga serve`" if args.processes == 1 else f"{args.processes} `cherga serve` processes and Redis (pid {meters.redis})"
            print(f"{shape} (gevent, {engine}), pids {', '.join(map(str, meters.servers))}; server CPU from /proc/<pid>/stat, summed")

            with requests.Session() as http:  # desks open while issuing: each ticket's wait is then a replay of them
                http.headers["Authorization"] = f"Bearer {operator}"
                for opened in [found for found in office.desks[1:] if found.profile.serves(service)][: args.open_desks]:
                    http.post(f"{servers[0].url}/api/v1/desks/{opened.id}/open", json={}, timeout=30).raise_for_status()
            for n, server in enumerate(servers):  # one ticket first on each: a server's first request loads what it keeps
                token, code, first_service = kiosks[n % len(kiosks)]
                requests.post(f"{server.url}/api/v1/offices/{code}/tickets", json={"service": first_service, "print": False},
                              headers={"Authorization": f"Bearer {token}"}, timeout=30)
            rest = at_rest(meters, args.rest) if args.rest > 0 else {}
            if rest:
                print(f"at rest, {args.rest:.0f} s: server CPU {rest['servers'] * 1000:.1f} ms a second{others(rest, 1, meters)}; "
                      "the figures below are net of it")
            cpu, wall, latencies = measured(meters, lambda: issuing(servers, kiosks, args.tickets, args.seconds))
            cpu = net(cpu, wall, rest)
            issued = len(latencies)
            print(f"issuing, {args.kiosks} kiosks at {len(offices)} office(s), {args.open_desks} desks open: {issued} tickets in {wall:.1f} s = {issued / wall:.0f}/s; "
                  f"server CPU {cpu['servers'] * 1000 / issued:.2f} ms a ticket ({cpu['servers']:.2f} s){others(cpu, issued, meters)}; "
                  f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms")

            # the benchmark's own connection, named so that its backend's CPU is not counted as the servers'
            own_url = f"{url}?application_name={BENCH_APPLICATION}" if args.postgresql else url
            ctx = open_context(Settings.from_env({}, database_url=own_url), network=network)
            try:
                if args.waiting:
                    call_next_figures(ctx, servers, meters, rest, operator, desk.id, service, args)
            finally:
                ctx.engine.dispose()
        finally:
            for server in servers:
                server.kill()


@contextmanager
def message_queue(processes: int, folder: Path) -> Iterator[Any]:
    """A `redis-server` of the benchmark's own on a free port for several processes (tests/redis_service.py), stopped after; None for one."""
    if processes == 1:
        yield None
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    if shutil.which("redis-server") is None:
        raise SystemExit("several processes need redis-server (Debian: apt-get install redis-server)")
    from redis_service import own_redis

    with own_redis(folder) as redis:
        yield redis


def call_next_figures(
    ctx: CommandContext, servers: list[Server], meters: Meters, rest: dict[str, float], operator: str, desk: str, service: str, args: Any
) -> None:
    kiosk = Actor(kind="device", name="bench", role="kiosk", offices=(OFFICE,), device_id=1)
    url = servers[0].url
    with requests.Session() as http:  # the issuing phase's tickets are served first: each length starts from an empty queue
        http.headers["Authorization"] = f"Bearer {operator}"
        http.post(f"{url}/api/v1/desks/{desk}/open", json={}, timeout=30).raise_for_status()
        drained = 0
        while http.post(f"{url}/api/v1/desks/{desk}/call-next", json={}, timeout=60).status_code == 200:
            http.post(f"{url}/api/v1/desks/{desk}/finish", json={}, timeout=30).raise_for_status()
            drained += 1
    figures = []
    for waiting in args.waiting:
        for _ in range(waiting - waiting_now(ctx)):
            issue_ticket(ctx, OFFICE, service, actor=kiosk)

        def refill() -> None:
            issue_ticket(ctx, OFFICE, service, actor=kiosk)

        cpu, wall, latencies = measured(meters, lambda: calling(servers, operator, desk, args.calls, refill))
        cpu = net(cpu, wall, rest)
        figures.append((waiting, cpu, wall, latencies))
        print(f"call-next + finish, {waiting} waiting: {args.calls} calls in {wall:.1f} s; "
              f"server CPU {cpu['servers'] * 1000 / args.calls:.2f} ms a call with its finish{others(cpu, args.calls, meters)}; "
              f"call latency p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms")
    if len(figures) > 1:
        first, last = figures[0], figures[-1]
        line = f"call-next with {last[0]} waiting costs {last[1]['servers'] / first[1]['servers']:.2f}× the server CPU of {first[0]} waiting"
        if meters.database is not None:
            line += f", {last[1]['database'] / first[1]['database']:.2f}× the database's"
        print(line)


def waiting_now(ctx: CommandContext) -> int:
    import sqlalchemy as sa

    from queue_server.store.schema import tickets

    with ctx.reading() as conn:
        return int(conn.execute(sa.select(sa.func.count()).where((tickets.c.office == OFFICE) & (tickets.c.status == "waiting"))).scalar_one())


if __name__ == "__main__":
    main()
