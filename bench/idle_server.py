"""What a real `cherga serve` costs while nobody uses it: its CPU over a quiet stretch, as a share of one core.

An idle server still beats: every `CHERGA_HEARTBEAT_SECONDS` it tells each
office's rooms the current `seq`, renews its presence, and (the process
holding the network's chores) keeps every office up: past days closed,
missed bookings marked, old visitors' data erased. Offices run all night
with nobody at the desks, and the test suite runs dozens of servers at a
beat a second, so what a quiet beat costs matters. Starts one server
(gevent, SQLite, the bundled network open round the clock), waits
`--warm-up` seconds after it answers, then reads its user + system CPU from
`/proc/<pid>/stat` over `--seconds`. Asserts nothing.

    .venv/bin/python bench/idle_server.py                    # a beat a second (the tests' setting), 60 s
    .venv/bin/python bench/idle_server.py --heartbeat 15     # the default beat
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from process_figures import cpu_seconds

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heartbeat", type=int, default=1, help="CHERGA_HEARTBEAT_SECONDS of the server")
    parser.add_argument("--seconds", type=float, default=60, help="the quiet stretch measured")
    parser.add_argument("--warm-up", type=float, default=5, help="seconds after the server answers before measuring")
    args = parser.parse_args()
    if not (1 <= args.heartbeat <= 300 and 1 <= args.seconds <= 3600 and 0 <= args.warm_up <= 600):
        parser.error("--heartbeat 1..300, --seconds 1..3600, --warm-up 0..600")
    sys.path.insert(0, str(HERE.parent))
    from tests.live_server import Server

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        server = Server(database=f"sqlite:///{folder / 'idle.sqlite3'}", log_path=folder / "server.log",
                        environment={"CHERGA_HEARTBEAT_SECONDS": str(args.heartbeat)})
        server.start()
        assert server.process is not None
        try:
            time.sleep(args.warm_up)
            before, start = cpu_seconds(server.process.pid), time.monotonic()
            time.sleep(args.seconds)
            used, took = cpu_seconds(server.process.pid) - before, time.monotonic() - start
        finally:
            server.kill()
    print(f"an idle `cherga serve` (gevent, SQLite, 39 offices), a beat every {args.heartbeat} s: "
          f"{used:.2f} s of CPU in {took:.0f} s = {100 * used / took:.2f} % of a core, "
          f"{1000 * used * args.heartbeat / took:.1f} ms a beat; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
