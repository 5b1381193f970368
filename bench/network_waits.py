"""How long `GET /api/v1/waits` takes to read every office, and how many queries it runs.

Fills a fresh SQLite file with a busy hour of the bundled «Віза» network
(every office: N tickets issued, its first two desks open, a third of the
tickets called and served, so the recent service times are real), then
times the read for all 39 offices, counting the SQL statements of each
call, and the same through the HTTP layer (JSON and ETag): an answer made
again (as after a change) and one kept (no office's seq moved). Prints the
figures; asserts nothing.

    .venv/bin/python bench/network_waits.py [--tickets 60] [--runs 50]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from round_the_clock import bundled_round_the_clock

from queue_server import create_app
from queue_server.api.waits import KEPT
from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.reads import queries
from queue_server.reads.network_waits import network_waits
from queue_server.settings import Settings
from queue_server.store.accounts import UserRecord


def timed(call: Callable[[], object], runs: int) -> list[float]:
    spans = []
    for _ in range(runs):
        begin = time.perf_counter()
        call()
        spans.append((time.perf_counter() - begin) * 1000)
    return sorted(spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=60, help="tickets issued at each office")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env({}, database_url=f"sqlite:///{Path(folder) / 'bench.sqlite3'}", voice_cache_dir=Path(folder) / "voice")
        app = create_app(settings, network=bundled_round_the_clock())
        ctx = app.extensions["cherga"]
        started = time.perf_counter()
        for number, office in enumerate(ctx.network.offices.values(), start=1):
            kiosk = Actor(kind="device", name="kiosk", role="kiosk", offices=(office.code,), device_id=number)
            operator = staff_actor(UserRecord(100 + number, f"operator-{number}", "x", "operator", True, (office.code,)))
            desks = office.desks[:2]
            services = [code for code in office.services if desks[0].profile.serves(code) and not ctx.network.services[code].package][:3]
            for index in range(args.tickets):
                issue_ticket(ctx, office.code, services[index % len(services)], actor=kiosk)
            for desk in desks:
                desk_state.open_desk(ctx, desk.id, actor=operator)
            for _ in range(args.tickets // 3):
                if desk_work.call_next(ctx, desks[0].id, actor=operator) is not None:
                    desk_work.start(ctx, desks[0].id, actor=operator)
                    desk_work.finish(ctx, desks[0].id, actor=operator)
        fill_seconds = time.perf_counter() - started

        statements: list[str] = []
        sa.event.listen(ctx.engine, "before_cursor_execute", lambda *event: statements.append(event[2]))
        network_waits(ctx, "uk")
        count = sum(1 for statement in statements if statement.lstrip().upper().startswith("SELECT"))

        read = timed(lambda: network_waits(ctx, "uk"), args.runs)

        def one_by_one() -> None:  # the same figures through the kiosk's read of one service's wait: what the read replaces
            for office in ctx.network.offices.values():
                for service in office.services:
                    queries.service_wait(ctx, office.code, service)

        statements.clear()
        one_by_one()
        one_by_one_queries = sum(1 for statement in statements if statement.lstrip().upper().startswith("SELECT"))
        separately = timed(one_by_one, 3)
        client = app.test_client()

        def fresh() -> object:  # as after a change: the kept answer is made again
            app.extensions.pop(KEPT, None)
            return client.get("/api/v1/waits")

        http = timed(fresh, args.runs)
        kept = timed(lambda: client.get("/api/v1/waits"), args.runs)
        etag = client.get("/api/v1/waits").headers["ETag"]
        not_modified = timed(lambda: client.get("/api/v1/waits", headers={"If-None-Match": etag}), args.runs)
        size = len(client.get("/api/v1/waits").data)
        offices = len(ctx.network.offices)
        print(f"{offices} offices, {args.tickets} tickets each ({offices * args.tickets} in all), filled in {fill_seconds:.1f} s")
        print(f"queries per call: {count}; one service at a time: {one_by_one_queries}")
        rows = (
            ("read (reads.network_waits)", read),
            ("every service of every office, one at a time", separately),
            ("GET /api/v1/waits, 200, made again", http),
            ("GET /api/v1/waits, 200, kept", kept),
            ("GET /api/v1/waits, 304, kept", not_modified),
        )
        for name, spans in rows:
            print(f"{name}: p50 {statistics.median(spans):.1f} ms, max {spans[-1]:.1f} ms over {len(spans)} runs")
        print(f"answer: {size / 1024:.0f} KiB of JSON")
        ctx.engine.dispose()


if __name__ == "__main__":
    main()
