"""What `synchronous=FULL` (a commit survives a power cut) costs against NORMAL, in one run.

Each mode gets its own fresh SQLite file in the same folder (so the same
disk) and runs the same bounded work in-process with the bundled «Віза»
network: N tickets issued at the main office, then one desk calls and
finishes them all (every command its own transaction with its outbox
event). The modes alternate in rounds so that the machine's other load falls
on both alike. Prints, per mode, commands a second, latency, and this
process's CPU time per command (from /proc/self/stat: user + system); then
the ratio. Asserts nothing.

    .venv/bin/python bench/sqlite_synchronous.py [--tickets 300] [--rounds 3] [--folder DIR]

`--folder` puts the files on the disk to measure (default: a temporary
folder; on a tmpfs every flush is free and the ratio says nothing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
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
MODES = ("full", "normal")


def cpu_seconds() -> float:
    """This process's user + system CPU time, from /proc (clock ticks)."""
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Figures:
    commands: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)


def one_round(folder: Path, mode: str, tickets: int, number: int, figures: Figures) -> None:
    path = folder / f"{mode}-{number}.sqlite3"
    ctx = open_context(Settings.from_env({}, database_url=f"sqlite:///{path}", sqlite_synchronous=mode), network=bundled_round_the_clock())
    office = ctx.network.offices[OFFICE]
    desk = office.desks[0]
    service = sorted(desk.profile.weights)[0]
    kiosk = Actor(kind="device", name="kiosk", role="kiosk", offices=(OFFICE,), device_id=1)
    operator = staff_actor(UserRecord(1, "bench", "x", "operator", True, (OFFICE,)))
    desk_state.open_desk(ctx, desk.id, actor=operator)

    def timed(command) -> None:  # type: ignore[no-untyped-def]
        begin = time.perf_counter()
        command()
        figures.latencies.append(time.perf_counter() - begin)
        figures.commands += 1

    wall, cpu = time.perf_counter(), cpu_seconds()
    for _ in range(tickets):
        timed(lambda: issue_ticket(ctx, OFFICE, service, actor=kiosk))
    for _ in range(tickets):
        timed(lambda: desk_work.call_next(ctx, desk.id, actor=operator))
        timed(lambda: desk_work.finish(ctx, desk.id, actor=operator))
    figures.wall += time.perf_counter() - wall
    figures.cpu += cpu_seconds() - cpu
    ctx.engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="where the database files go (the disk to measure)")
    args = parser.parse_args()
    results = {mode: Figures() for mode in MODES}
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        for number in range(args.rounds):
            for mode in MODES if number % 2 == 0 else reversed(MODES):
                one_round(Path(folder), mode, args.tickets, number, results[mode])
    for mode, figures in results.items():
        figures.latencies.sort()
        print(
            f"synchronous={mode.upper():6} {figures.commands} commands in {figures.wall:.2f} s = {figures.commands / figures.wall:.0f}/s; "
            f"latency p50 {statistics.median(figures.latencies) * 1000:.2f} ms, p99 {figures.latencies[int(len(figures.latencies) * 0.99)] * 1000:.2f} ms; "
            f"CPU {figures.cpu / figures.commands * 1000:.2f} ms a command"
        )
    full, normal = results["full"], results["normal"]
    print(
        f"FULL / NORMAL: wall time a command x{(full.wall / full.commands) / (normal.wall / normal.commands):.2f}, "
        f"CPU a command x{(full.cpu / full.commands) / (normal.cpu / normal.commands):.2f}"
    )


if __name__ == "__main__":
    main()
