"""How long the reports of a whole year of the bundled «Віза» network take on SQLite.

Builds, in a temporary SQLite file, a year of synthetic history of all 39
offices (about 500,000 tickets, ratings for about 30 % of the served, the
desks' open/pause/resume/close entries in the audit log, bookings — about
200 a working day at the main office, as «Віза» has, fewer elsewhere) with the same
generator as the tests (`tests/reporting/synthetic.py`), then times the
reports a manager asks for. Prints the figures, wall-clock and CPU time of
this process (the latter is what a busy machine does not inflate); asserts
nothing.

    .venv/bin/python bench/reports_year.py [--year 2025] [--per-desk 5 13] [--profile]

With `--database URL` nothing is built: the reports are read from a
database that holds such a year already, e.g. the SQLite file kept by
`bench/database_copy.py --keep` or its copy made with `cherga db copy` in
PostgreSQL. There the CPU of PostgreSQL's backends serving this process
(from `/proc`, found in `pg_stat_activity`) is printed too: this process's
CPU leaves out what the database does. `--annual` times the annual report
alone (`--repeat N` times).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import sqlalchemy as sa  # noqa: E402
from process_figures import cpu_seconds  # noqa: E402

from queue_server.commands.context import Actor  # noqa: E402
from queue_server.reporting import queries as reports  # noqa: E402
from queue_server.reporting import store as report_store  # noqa: E402
from queue_server.reporting.annual import annual_report  # noqa: E402
from queue_server.reporting.bookings import booking_figures, local_bookings  # noqa: E402
from queue_server.reporting.exports import csv_export, sqlite_export, xlsx_export  # noqa: E402
from queue_server.reporting.period import year_period  # noqa: E402
from queue_server.reporting.queries import ReportQuery  # noqa: E402
from queue_server.settings import Settings  # noqa: E402
from queue_server.store.schema import tickets  # noqa: E402
from queue_server.wiring import open_context  # noqa: E402
from reporting.synthetic import generate  # noqa: E402
from reporting.synthetic_store import insert  # noqa: E402

MANAGER = Actor(kind="staff", name="bench", role="manager", offices=())


DATABASE: list[str] = []  # the PostgreSQL database whose backends' CPU is counted, if any


def backends_cpu() -> float:
    """CPU seconds (user + system) of PostgreSQL's backends connected to DATABASE (none: 0)."""
    if not DATABASE:
        return 0.0
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        pids = [row[0] for row in admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (DATABASE[0],)).fetchall()]
    return sum(map(cpu_seconds, pids))


def timed(label: str, work: Callable[[], Any], count: Callable[[Any], str]) -> Any:
    started, cpu, database = time.perf_counter(), time.process_time(), backends_cpu()
    result = work()
    seconds, cpu, database = time.perf_counter() - started, time.process_time() - cpu, backends_cpu() - database
    more = f", PostgreSQL {database:5.2f} s" if DATABASE else ""
    print(f"{label:<34} {count(result):>18}  {seconds:6.2f} s  (CPU {cpu:5.2f} s{more})", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--per-desk", type=int, nargs=2, default=(5, 13), metavar=("FEWEST", "MOST"), help="visits a desk serves a day")
    parser.add_argument("--profile", action="store_true", help="profile the XLSX export and print the top functions")
    parser.add_argument("--sqlite", action="store_true", help="also time the SQLite export (a row per ticket)")
    parser.add_argument("--booked-main", type=float, default=0.55, help="share of the main office's visits that were booked (~200 a day)")
    parser.add_argument("--booked-other", type=float, default=0.1, help="share of the other offices' visits that were booked")
    parser.add_argument("--database", help="read a year already built there (SQLite or PostgreSQL URL); build nothing")
    parser.add_argument("--annual", action="store_true", help="time the annual report of the whole network only")
    parser.add_argument("--repeat", type=int, default=1, help="with --annual: times it is made")
    args = parser.parse_args()
    if args.database:
        read_only(args)
        return
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Settings.from_env({}, database_url=f"sqlite:///{Path(folder) / 'year.sqlite3'}"))
        ctx.clock = lambda: dt.datetime(args.year + 1, 1, 15, tzinfo=dt.timezone.utc)
        network = ctx.network
        started = time.perf_counter()
        shares = {code: args.booked_main if code == "main" else args.booked_other for code in network.offices}
        history = generate(
            network, dt.date(args.year, 1, 1), dt.date(args.year, 12, 31), seed=args.year,
            visits_per_desk_day=tuple(args.per_desk), booked_share=shares,
        )  # fmt: skip
        generated = time.perf_counter() - started
        insert(ctx.engine, network, history)
        with ctx.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
        rated = sum(1 for visit in history.visits if visit.score is not None)
        served = sum(1 for visit in history.visits if visit.status == "done")
        size = (Path(folder) / "year.sqlite3").stat().st_size
        main_bookings = sum(1 for booking in history.bookings if booking.office == "main")
        main_days = len({visit.issued_at.date() for visit in history.visits if visit.office == "main"})
        print(
            f"built {len(history.visits):,} tickets ({served:,} served, {rated:,} rated = {rated / served:.0%}), "
            f"{len(history.sessions):,} desk sessions, {len(history.bookings):,} bookings "
            f"({main_bookings:,} at main, {main_bookings / max(1, main_days):.0f} a working day), {len(network.offices)} offices, {size / 2**20:.0f} MiB "
            f"in {generated:.1f} s + {time.perf_counter() - started - generated:.1f} s insert"
        )
        reports_of_the_year(ctx, args, folder)
        ctx.engine.dispose()


def read_only(args: Any) -> None:
    """The reports of a year already in a database (--database)."""
    if args.database.startswith("postgresql"):
        DATABASE.append(args.database.rsplit("/", 1)[1].split("?")[0])
    ctx = open_context(Settings.from_env({}, database_url=args.database))
    ctx.clock = lambda: dt.datetime(args.year + 1, 1, 15, tzinfo=dt.timezone.utc)
    try:
        with ctx.reading() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar_one()
        print(f"{count:,} tickets in {ctx.engine.dialect.name} ({ctx.engine.url.render_as_string(hide_password=True)})", flush=True)
        if args.annual:
            for _ in range(args.repeat):
                timed("annual report", lambda: annual_report(ctx, None, args.year, actor=MANAGER), lambda r: f"{len(r['months'])} months")
            return
        with tempfile.TemporaryDirectory() as folder:
            reports_of_the_year(ctx, args, folder)
    finally:
        ctx.engine.dispose()


def reports_of_the_year(ctx: Any, args: Any, folder: str) -> None:
    network = ctx.network
    year = year_period(args.year)
    network_query = ReportQuery(None, year)
    rows = lambda found: f"{len(found):,} rows"  # noqa: E731
    timed("summary, whole network", lambda: reports.summary(ctx, network_query, actor=MANAGER), lambda s: f"{s['issued']:,} tickets")
    timed("summary, main office", lambda: reports.summary(ctx, ReportQuery("main", year), actor=MANAGER), lambda s: f"{s['issued']:,} tickets")

    def bookings(office: str | None) -> Any:
        """The bookings' part of a summary alone: their query and their figures."""
        scopes = [([office] if office else None, *year.bounds("Europe/Kyiv"))]
        with ctx.reading() as conn:
            found = report_store.booking_rows(conn, scopes)
        return booking_figures(local_bookings(found, {code: item.timezone for code, item in network.offices.items()}))

    timed("bookings alone, whole network", lambda: bookings(None), lambda b: f"{b.made:,} bookings")
    timed("bookings alone, main office", lambda: bookings("main"), lambda b: f"{b.made:,} bookings")
    for group in ("office", "service", "operator", "day"):
        timed(f"figures by {group}", lambda: reports.figures(ctx, network_query, group, actor=MANAGER), rows)
    timed("operators (utilisation, breaks)", lambda: reports.operators(ctx, network_query, actor=MANAGER), rows)
    timed("annual report", lambda: annual_report(ctx, None, args.year, actor=MANAGER), lambda r: f"{len(r['months'])} months")

    def xlsx() -> bytes:
        return xlsx_export.render(reports.export_data(ctx, network_query, actor=MANAGER))

    content = timed("XLSX export (10 sheets)", xlsx, lambda b: f"{len(b) / 1024:,.0f} KiB")
    timed("CSV export (every grouping)", lambda: csv_export.render(reports.export_data(ctx, network_query, actor=MANAGER)), lambda b: f"{len(b) / 1024:,.0f} KiB")
    if args.sqlite:
        target = Path(folder) / "export.sqlite"
        timed(
            "SQLite export (a row per ticket)",
            lambda: sqlite_export.write(reports.export_data(ctx, network_query, actor=MANAGER, with_visits=True), target),
            lambda path: f"{path.stat().st_size / 2**20:,.0f} MiB",
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(xlsx)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    del content


if __name__ == "__main__":
    main()
