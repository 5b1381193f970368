"""How many commands a second one server process commits on SQLite.

Runs a bounded office day in-process on a fresh SQLite file with the bundled
«Віза» network: N tickets issued at the main office, then two desks call and
finish them all. Prints the figures; asserts nothing.

    .venv/bin/python bench/commands_throughput.py [--tickets 2000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from round_the_clock import bundled_round_the_clock

from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.settings import Settings
from queue_server.store.accounts import UserRecord
from queue_server.wiring import open_context

OFFICE = "main"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Settings.from_env({}, database_url=f"sqlite:///{Path(folder) / 'bench.sqlite3'}"), network=bundled_round_the_clock())
        office = ctx.network.offices[OFFICE]
        desks = [office.desks[0], office.desks[1]]
        service = sorted(set(desks[0].profile.weights) & set(desks[1].profile.weights))[0]
        kiosk = Actor(kind="device", name="kiosk", role="kiosk", offices=(OFFICE,), device_id=1)
        operator = staff_actor(UserRecord(1, "bench", "x", "operator", True, (OFFICE,)))

        latencies = []
        started = time.perf_counter()
        for _ in range(args.tickets):
            begin = time.perf_counter()
            issue_ticket(ctx, OFFICE, service, actor=kiosk)
            latencies.append(time.perf_counter() - begin)
        issue_seconds = time.perf_counter() - started

        for desk in desks:
            desk_state.open_desk(ctx, desk.id, actor=operator)
        served = {desk.id: 0 for desk in desks}

        def work(desk_id: str) -> None:
            while desk_work.call_next(ctx, desk_id, actor=operator) is not None:
                desk_work.finish(ctx, desk_id, actor=operator)
                served[desk_id] += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=work, args=(desk.id,)) for desk in desks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        serve_seconds = time.perf_counter() - started
        ctx.engine.dispose()

    latencies.sort()
    print(f"issue ticket: {args.tickets} in {issue_seconds:.2f} s = {args.tickets / issue_seconds:.0f}/s; "
          f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms")
    calls = sum(served.values()) * 2
    print(f"call next + finish, two desks in threads: {calls} commands in {serve_seconds:.2f} s = {calls / serve_seconds:.0f}/s "
          f"(desk split {list(served.values())})")


if __name__ == "__main__":
    main()
