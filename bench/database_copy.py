"""How long `cherga db copy` takes to move a year of the bundled «Віза» network from SQLite to PostgreSQL.

Builds the year of bench/reports_year.py (about 500,000 tickets, their
ratings, the desks' audit entries, 90,000 bookings; seeded) in a SQLite file,
plus two weeks of events (a real database keeps `CHERGA_EVENT_RETENTION_DAYS`
of them), then copies it with the command's own function into a new
PostgreSQL database on 127.0.0.1 (dropped afterwards) and, for comparison,
into a new SQLite file. Prints each table's rows and time, wall-clock and
this process's CPU (the copy's Python side; PostgreSQL's own work is in the
wall-clock only). Asserts nothing.

    .venv/bin/python bench/database_copy.py [--keep var/year.sqlite3] [--batch-rows 5000] [--no-sqlite]

With `--insert` it also copies with INSERT instead of COPY, and prints the
ratio of the two. With `--keep PATH` the year is built once and kept at PATH; a later run
with the same PATH copies it without building it again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import sqlalchemy as sa  # noqa: E402

from queue_server.settings import Settings  # noqa: E402
from queue_server.store import schema  # noqa: E402
from queue_server.store.database_copy import TableCopied, copy_database  # noqa: E402
from queue_server.wiring import open_context  # noqa: E402
from reporting.synthetic import generate  # noqa: E402
from reporting.synthetic_store import insert  # noqa: E402

SERVER = "postgresql://postgres@127.0.0.1:5432"
EVENTS_A_TICKET = 4  # issued, called, started, finished: the events a served visit leaves


def build(path: Path, year: int) -> None:
    ctx = open_context(Settings.from_env({}, database_url=f"sqlite:///{path}"))
    try:
        started = time.perf_counter()
        shares = {code: 0.55 if code == "main" else 0.1 for code in ctx.network.offices}
        history = generate(ctx.network, dt.date(year, 1, 1), dt.date(year, 12, 31), seed=year, visits_per_desk_day=(5, 13), booked_share=shares)
        insert(ctx.engine, ctx.network, history)
        recent = [visit for visit in history.visits if visit.issued_at.date() > dt.date(year, 12, 17)]
        _add_events(ctx.engine, recent)
        print(f"built {len(history.visits):,} tickets in {path} ({path.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        ctx.engine.dispose()


def _add_events(engine: sa.Engine, visits: list) -> None:  # type: ignore[type-arg]
    """The kept fortnight's events: each office's seq from 1, with a data payload the size of a real one."""
    seqs: dict[str, int] = {}
    rows = []
    for visit in sorted(visits, key=lambda visit: visit.issued_at):
        for kind in ("ticket.issued", "ticket.called", "ticket.started", "ticket.finished")[:EVENTS_A_TICKET]:
            seqs[visit.office] = seqs.get(visit.office, 0) + 1
            rows.append({
                "office": visit.office, "seq": seqs[visit.office], "type": kind, "at": visit.issued_at,
                "data": {"id": visit.ticket, "number": "А001", "service": visit.service, "desk": visit.desk, "status": "waiting"},
            })  # fmt: skip
    with engine.begin() as conn:
        for start in range(0, len(rows), 20_000):
            conn.execute(schema.events.insert(), rows[start : start + 20_000])
        conn.execute(schema.office_sequences.insert(), [{"office": office, "last_seq": seq} for office, seq in seqs.items()])


def timed_copy(source: str, target: str, batch_rows: int, *, postgresql_copy: bool = True) -> float:
    def progress(table: TableCopied) -> None:
        if table.rows:
            print(f"  {table.name:<22} {table.rows:>9,} rows  {table.seconds:6.1f} s", flush=True)

    cpu = time.process_time()
    summary = copy_database(source, target, batch_rows=batch_rows, progress=progress, postgresql_copy=postgresql_copy)
    cpu = time.process_time() - cpu
    print(
        f"copied {summary.rows:,} rows to {summary.target} in {summary.seconds:.1f} s (CPU of this process {cpu:.1f} s), "
        f"{summary.rows / summary.seconds:,.0f} rows/s, verification included",
        flush=True,
    )
    return summary.seconds


def to_postgresql(source: str, batch_rows: int, *, postgresql_copy: bool) -> float:
    import psycopg

    name = f"cherga_bench_{secrets.token_hex(4)}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        print(f"to PostgreSQL with {'COPY' if postgresql_copy else 'INSERT'}:", flush=True)
        return timed_copy(source, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", batch_rows, postgresql_copy=postgresql_copy)
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--keep", type=Path, help="build the year at this path once and reuse it")
    parser.add_argument("--batch-rows", type=int, default=5000)
    parser.add_argument("--no-sqlite", action="store_true", help="copy to PostgreSQL only")
    parser.add_argument("--insert", action="store_true", help="also copy to PostgreSQL with INSERT instead of COPY, for the ratio")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "year.sqlite3"
        if not path.exists():
            build(path, args.year)
        source = f"sqlite:///{path}"
        copied = to_postgresql(source, args.batch_rows, postgresql_copy=True)
        if args.insert:
            inserted = to_postgresql(source, args.batch_rows, postgresql_copy=False)
            print(f"COPY takes {copied / inserted:.2f} of INSERT's time", flush=True)
        if not args.no_sqlite:
            print("to SQLite:", flush=True)
            timed_copy(source, f"sqlite:///{Path(folder) / 'copy.sqlite3'}", args.batch_rows)


if __name__ == "__main__":
    main()
