"""Where a command's CPU goes, by kind of process: runs the command and samples every process on the machine.

Every `--interval` seconds it reads each process's user + system CPU from
`/proc/<pid>/stat` and keeps the last figure of each (a process is known by
its pid and start time), then sums them by kind: Chromium, the browser
driver, the test processes, the servers (forked warm or started anew), the
databases, the rest. A process that lives less than an interval is partly
missed, and other work on the machine is counted too: run it on a quiet
machine. Asserts nothing.

    .venv/bin/python bench/cpu_by_process.py -- ./run test -q
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import time

KINDS = (  # the first that the command line holds names the kind
    ("chromium", "Chromium"),
    ("playwright/driver", "the browser driver"),
    ("server_starter.py", "servers (warm forks)"),
    ("queue_server.cli", "servers and CLI (new interpreters)"),
    ("exec(eval(sys.stdin", "test processes"),
    ("pytest", "pytest's own process"),
    ("postgres", "PostgreSQL"),
    ("redis", "Redis"),
)


def kind(command: str) -> str:
    return next((name for marker, name in KINDS if marker in command), "the rest")


def sample(seen: dict[tuple[str, str], tuple[str, float]], ticks: int) -> None:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat_file, open(f"/proc/{pid}/cmdline") as command_file:
                stat, command = stat_file.read(), command_file.read().replace("\0", " ")
        except OSError:
            continue  # gone meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        key = (pid, fields[19])  # pid and start time: a reused pid is another process
        seen[key] = (seen[key][0] if key in seen else kind(command), (int(fields[11]) + int(fields[12])) / ticks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.3, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command or not 0.05 <= args.interval <= 10:
        parser.error("give a command after -- and --interval 0.05..10")
    ticks = os.sysconf("SC_CLK_TCK")
    seen: dict[tuple[str, str], tuple[str, float]] = {}
    sample(seen, ticks)
    before = dict(seen)
    began = time.monotonic()
    running = subprocess.Popen(command)
    while running.poll() is None:
        sample(seen, ticks)
        time.sleep(args.interval)
    took = time.monotonic() - began
    totals: collections.Counter[str] = collections.Counter()
    for key, (name, cpu) in seen.items():
        totals[name] += cpu - (before[key][1] if key in before else 0.0)
    print(f"{' '.join(command)}: exit {running.returncode}, {took:.0f} s of wall time")
    for name, cpu in totals.most_common():
        print(f"{cpu:9.1f} s  {name}")


if __name__ == "__main__":
    main()
