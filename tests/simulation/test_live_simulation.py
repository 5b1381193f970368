"""The simulator against a real `cherga serve`, fast, over three offices; and the demo started with it."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time

import pytest
import requests

from live_server import Server, shared_round_the_clock_config
from queue_server.network_config import load_network
from queue_server.simulation.command import closed_now

pytestmark = pytest.mark.contract
OFFICES = ("dovh-3", "tern-4", "mob-1")


@pytest.fixture
def server(tmp_path, request):
    running = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log")
    running.start()
    yield running
    running.kill()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"\n----- server log -----\n{running.log()}")


def figure(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, f"no {pattern!r} in:\n{text}"
    return int(found.group(1))


@pytest.mark.slow
def test_a_fast_simulation_issues_calls_serves_and_measures_the_estimates(server) -> None:
    started = time.monotonic()
    running = subprocess.Popen(
        [sys.executable, "-m", "queue_server.cli", "simulate", "--url", server.url, "--database", server.database,
         "--config", str(shared_round_the_clock_config()), "--offices", *OFFICES, "--speed", "150", "--minutes", "25", "--seed", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    while time.monotonic() - started < 60 and requests.get(f"{server.url}/api/v1/offices/{OFFICES[0]}/queue", timeout=10).json()["seq"] < 3:
        time.sleep(0.2)
    running.send_signal(signal.SIGUSR1)  # the figures on demand, mid-run
    out, err = running.communicate(timeout=120)
    elapsed = time.monotonic() - started
    assert running.returncode == 0, out + err
    assert out.count("server errors (5xx)") == 2, out  # the figures on demand, and at the end
    out = out[out.rindex("\nsimulated ") :]  # the figures at the end
    assert figure(r"(\d+) issued", out) >= 10
    assert figure(r"(\d+) called", out) >= 5
    assert figure(r"(\d+) served", out) >= 3
    assert figure(r"server errors \(5xx\): (\d+)", out) == 0
    assert figure(r"Socket.IO: (\d+) events heard", out) > 0
    assert re.search(r"median absolute error \d+\.\d min", out), out
    assert "Traceback" not in server.log() and " 500 " not in server.log()
    queues = [requests.get(f"{server.url}/api/v1/offices/{office}/queue", timeout=10).json() for office in OFFICES]
    assert all(desk["status"] == "closed" for queue in queues for desk in queue["desks"])  # each closed at the end
    assert elapsed < 60


def test_the_simulator_refuses_a_server_that_is_not_there(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "simulate", "--url", "http://127.0.0.1:9", "--database", f"sqlite:///{tmp_path / 'x.sqlite3'}",
         "--offices", "vet"],
        capture_output=True, text=True, timeout=60, env={**os.environ},
    )  # fmt: skip
    assert result.returncode == 2
    assert "no server answers at http://127.0.0.1:9" in result.stderr and "Traceback" not in result.stderr


class Demo(Server):
    """`cherga demo` with its simulation, on the bundled configuration: its own copy when the offices are closed now."""

    def _spawn(self, log):  # type: ignore[no-untyped-def]
        environment = {key: value for key, value in os.environ.items() if key not in ("CHERGA_CONFIG_DIR", "CHERGA_SECRET_KEY")}
        environment.update(CHERGA_HEARTBEAT_SECONDS="1", CHERGA_VOICE_CACHE_DIR=str(self.log_path.parent / "voice-cache"))
        return subprocess.Popen(
            [sys.executable, "-m", "queue_server.cli", "demo", "--host", "127.0.0.1", "--port", str(self.port), "--database", self.database,
             "--history-days", "2", "--simulation-speed", "20"],
            stdout=log, stderr=subprocess.STDOUT, env=environment,
        )  # fmt: skip


@pytest.mark.slow
def test_the_demo_starts_the_simulation_on_hours_that_include_now(tmp_path) -> None:
    demo = Demo(database=f"sqlite:///{tmp_path / 'var' / 'cherga.sqlite3'}", log_path=tmp_path / "demo.log")
    bundled = load_network()
    before = closed_now(bundled, list(bundled.offices.values()), dt.datetime.now(dt.timezone.utc))
    demo.start()
    after = closed_now(bundled, list(bundled.offices.values()), dt.datetime.now(dt.timezone.utc))
    try:
        deadline = time.monotonic() + 30
        busy: set[str] = set()
        while time.monotonic() < deadline and len(busy) < 20:
            for office in bundled.offices:
                queue = requests.get(f"{demo.url}/api/v1/offices/{office}/queue", timeout=10).json()
                if queue["waiting"] or queue["calls"]:
                    busy.add(office)
            time.sleep(1)
        log = demo.log()
        assert "A simulated day: visitors and administrators at all 39 offices (speed 20" in log
        assert "History for the reports: 2 days up to today" in log
        copy = tmp_path / "var" / "demo-config"
        assert ("offices are closed" in log) == copy.is_dir()  # the copy is served only when said
        if before == after:  # the hour of the run decides which way the demo goes (unless an office opened or closed meanwhile)
            assert (f"{len(after)} of 39 offices are closed" in log) == bool(after)
        assert len(busy) >= 20, f"only {sorted(busy)} have visitors:\n{log}"
        assert "Traceback" not in log
    finally:
        demo.kill(signal.SIGTERM)
