"""What a process of this machine has used, read from /proc: the figures the benchmarks trust on a shared machine.

CPU seconds (user + system) count the process's own work whatever else
the cores are doing, where a wall time would count the neighbours' too.
"""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """Seconds of CPU (user + system) the process has used so far (0 for one gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def descriptors(pid: int) -> int:
    """The file descriptors the process holds."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kib(pid: int) -> int:
    """The process's resident memory (`VmRSS`), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
