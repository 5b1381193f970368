"""`cherga outcomes …`: import the outcome dates of requests from a CSV file (docs/deadlines.md).

Its own module beside cli.py, as `cherga node` is; the work is in
commands/outcomes.py. The import prints how many rows were added, changed
and already there, then each rejected row with its line number and reason;
it exits with 1 when any row was rejected, so a script notices.
"""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .cli import _common

    outcomes = commands.add_parser("outcomes", help="the outcome dates of requests, for the deadlines (docs/deadlines.md)").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    imported = outcomes.add_parser("import", help="import outcome dates from a CSV file (header office,day,ticket_number,service,outcome_date)")
    imported.add_argument("file", metavar="FILE.csv")
    _common(imported)


def cmd_import(args: argparse.Namespace) -> None:
    from .cli import _context, fail
    from .commands.accounts import CONSOLE
    from .commands.outcomes import import_outcomes

    try:
        with open(args.file, "rb") as handle:
            data = handle.read()
    except OSError as error:
        fail(f"cannot read {args.file}: {error.strerror}")
    with _context(args) as ctx:
        report = import_outcomes(ctx, data, actor=CONSOLE)
    print(f"{report.added} outcome(s) added, {report.changed} changed, {report.unchanged} already recorded, {len(report.rejected)} row(s) rejected")
    for row in report.rejected:
        print(f"line {row['line']}: {row['reason']}: {row['message']}")
    if report.rejected:
        raise SystemExit(1)


HANDLERS = {("outcomes", "import"): cmd_import}
