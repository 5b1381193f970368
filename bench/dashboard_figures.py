"""How long the managers' dashboard takes to read the whole network, and one office.

Fills a fresh SQLite file with a working day of the bundled «Віза» network
(every office: N tickets issued, most of them called and served at its
first desk, some rated, a printer report), then times
`GET /api/v1/dashboard`'s command for all 39 offices and for the main
office alone. Prints the figures; asserts nothing.

    .venv/bin/python bench/dashboard_figures.py [--tickets 60]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from round_the_clock import bundled_round_the_clock

from queue_server.commands import desk_state, desk_work, printing
from queue_server.commands.accounts import add_device, staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.visitors import rate_ticket
from queue_server.domain.alerts import board_grace
from queue_server.reads import dashboard
from queue_server.settings import Settings
from queue_server.store.accounts import UserRecord
from queue_server.wiring import open_context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=60, help="tickets issued at each office")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Settings.from_env({}, database_url=f"sqlite:///{Path(folder) / 'bench.sqlite3'}"), network=bundled_round_the_clock())
        manager = staff_actor(UserRecord(1, "head", "x", "manager", True, ()))
        started = time.perf_counter()
        for number, office in enumerate(ctx.network.offices.values(), start=1):
            desk = office.desks[0]
            service = next(code for code in office.services if desk.profile.serves(code))
            kiosk = Actor(kind="device", name="kiosk", role="kiosk", offices=(office.code,), device_id=number)
            operator = staff_actor(UserRecord(100 + number, f"operator-{number}", "x", "operator", True, (office.code,)))
            tickets = [issue_ticket(ctx, office.code, service, actor=kiosk).ticket for _ in range(args.tickets)]
            desk_state.open_desk(ctx, desk.id, actor=operator)
            for ticket in tickets[: args.tickets * 2 // 3]:
                desk_work.call_next(ctx, desk.id, actor=operator)
                desk_work.finish(ctx, desk.id, actor=operator)
                if ticket.id % 3 == 0:
                    rate_ticket(ctx, ticket.token, score=4 + ticket.id % 2)
            add_device(ctx, "agent", office.code, "kiosk-1")
            agent = Actor(kind="device", name="kiosk-1", role="agent", offices=(office.code,), device_id=1000 + number)
            printing.report_printer_status(ctx, agent, "paper_low" if number % 5 == 0 else "ready", "")
        fill_seconds = time.perf_counter() - started

        grace = board_grace(15)
        first = time.perf_counter()
        dashboard.network_dashboard(ctx, actor=manager, grace=grace)  # the printers' one full read of the outbox
        first_ms = (time.perf_counter() - first) * 1000

        def timed(call: object) -> list[float]:
            spans = []
            for _ in range(args.runs):
                begin = time.perf_counter()
                call()  # type: ignore[operator]
                spans.append((time.perf_counter() - begin) * 1000)
            return sorted(spans)

        network = timed(lambda: dashboard.network_dashboard(ctx, actor=manager, grace=grace))
        main_office = timed(lambda: dashboard.office_dashboard(ctx, "main", actor=manager, grace=grace))
        offices = len(ctx.network.offices)
        print(f"{offices} offices, {args.tickets} tickets each ({offices * args.tickets} in all), filled in {fill_seconds:.1f} s")
        print(f"first network read (with the printers' full read of the outbox): {first_ms:.1f} ms")
        for name, spans in (("network, every office", network), ("main office in depth", main_office)):
            print(f"{name}: p50 {statistics.median(spans):.1f} ms, max {spans[-1]:.1f} ms over {args.runs} runs")
        ctx.engine.dispose()


if __name__ == "__main__":
    main()
