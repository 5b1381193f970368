"""What starting a test's `cherga serve` costs: a new interpreter, or a fork of the tests' warm one (tests/server_starter.py).

Starts `--starts` servers each way, alternately, on fresh SQLite files (the
bundled network open round the clock, as the tests run it), and reads each
server's user + system CPU from `/proc/<pid>/stat` once `/healthz` answers,
with the wall time of the start. The warm interpreter's own start (once per
test process) is left out. Asserts nothing.

    .venv/bin/python bench/server_start.py              # ten starts each way
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from process_figures import cpu_seconds

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=10, help="servers started each way")
    args = parser.parse_args()
    if not 1 <= args.starts <= 100:
        parser.error("--starts 1..100")
    sys.path.insert(0, str(HERE.parent / "tests"))
    from live_server import Server, warm_starter

    warm_starter()  # its own start is paid once per test process, not per server
    figures: dict[str, list[tuple[float, float]]] = {"new interpreter": [], "warm fork": []}
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        for n in range(args.starts):
            for way, forked in (("new interpreter", "0"), ("warm fork", "1")):
                os.environ["CHERGA_TEST_FORKED_SERVERS"] = forked
                server = Server(database=f"sqlite:///{folder / f'{way[0]}{n}.sqlite3'}", log_path=folder / f"{way[0]}{n}.log")
                began = time.monotonic()
                server.start()
                took = time.monotonic() - began
                assert server.process is not None
                figures[way].append((cpu_seconds(server.process.pid), took))
                server.kill()
    for way, runs in figures.items():
        print(f"{way:16} CPU {statistics.mean(cpu for cpu, _ in runs):.2f} s, wall {statistics.mean(wall for _, wall in runs):.2f} s "
              f"(mean of {len(runs)} starts)")
    ratio = statistics.mean(cpu for cpu, _ in figures["new interpreter"]) / statistics.mean(cpu for cpu, _ in figures["warm fork"])
    print(f"a warm fork costs 1/{ratio:.1f} of a new interpreter's CPU; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
