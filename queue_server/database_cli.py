"""`cherga db copy`: the command that moves a network's database to another engine (SQLite to PostgreSQL).

Its own module, beside cli.py, so that the command's options, its summary
and its refusals live together; the copy itself is in store/database_copy.py.
"""

from __future__ import annotations

import argparse
import sys


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`cherga db …` and its one action so far, `copy`."""
    database = commands.add_parser("db", help="the database as a whole: copy it to another engine").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    copy = database.add_parser(
        "copy",
        help="copy every row of a database into a new, empty one (e.g. SQLite to PostgreSQL); stop the servers first",
        description="Copy every row of a Cherga database into a new, empty one, e.g. SQLite to PostgreSQL. "
        "Stop the servers that write to the source first: the copy is of one moment.",
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="the database to copy, e.g. sqlite:////var/lib/cherga/cherga.sqlite3")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="the empty database to fill, e.g. postgresql+psycopg://cherga@127.0.0.1/cherga")
    copy.add_argument("--batch-rows", type=int, default=5000, metavar="N", help="rows read and written at a time (default 5000)")


def cmd_db_copy(args: argparse.Namespace) -> None:
    """Copy, printing each table as it is done, then the summary; a refusal is one line and exit 2."""
    from .cli import fail
    from .store.database_copy import CopyFailed, CopyRefused, TableCopied, copied_tables, copy_database, shown

    if not 1 <= args.batch_rows <= 1_000_000:
        fail(f"--batch-rows {args.batch_rows}: expected 1 to 1000000")
    for url in (args.source, args.target):
        if "://" not in url:
            fail(f"{url!r} is not a database URL: give sqlite:////absolute/path.sqlite3 or postgresql+psycopg://user@host/database")
    first_table = copied_tables()[0].name

    def progress(table: TableCopied) -> None:
        if table.name == first_table:  # said once the input was found good, so that a refusal is its one line
            print(f"copying {shown(args.source)} to {shown(args.target)}", flush=True)
        print(f"  {table.name:<22} {table.rows:>10,} rows  {table.seconds:7.1f} s", flush=True)

    try:
        summary = copy_database(args.source, args.target, batch_rows=args.batch_rows, progress=progress)
    except CopyRefused as refusal:
        fail(str(refusal))
    except CopyFailed as failure:
        print(f"cherga: error: {failure}", file=sys.stderr)
        raise SystemExit(1) from None
    print(
        f"copied {summary.rows:,} rows of {len(summary.tables)} tables (schema version {summary.version}) in {summary.seconds:.1f} s; "
        f"verified the rows of every table and each office's event seq (offices: {summary.offices})"
    )
