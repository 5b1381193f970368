"""The kiosk PC's install, as docs/kiosk.md says it: a fresh virtual environment,
`pip install 'cherga[agent]'`, then `cherga-agent` printing a real server's
ticket to a network-printer socket. Slow (it installs from the package index),
and nothing is cached outside the test's own folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from agent_process import AgentProcess, issue, wait_until
from escpos_reader import read
from live_server import Server, cherga
from network_printer import NetworkPrinter

pytestmark = [pytest.mark.contract, pytest.mark.slow]

CHECKOUT = Path(__file__).resolve().parents[2]
INSTALL_SECONDS = 900


def copy_checkout(target: Path) -> Path:
    """The checkout's files as git knows them (built here, so the build leaves nothing in the checkout)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=CHECKOUT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = CHECKOUT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def pip(venv: Path, *args: str, environment: dict[str, str]) -> None:
    result = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", *args], capture_output=True, text=True,
                            timeout=INSTALL_SECONDS, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_fresh_kiosk_pc_installs_the_agent_and_prints_a_ticket(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_", "CHERGA_"))},
        "HOME": str(home),  # pip, the agent's state: all of it under tmp_path
        "PIP_CACHE_DIR": str(tmp_path / "pip-cache"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    checkout = copy_checkout(tmp_path / "cherga")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120, env=environment)
    agent_command = [str(venv / "bin" / "cherga-agent")]
    pip(venv, f"{checkout}[agent]", environment=environment)
    printer = NetworkPrinter()
    server = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log")
    agent = None
    try:
        cherga("device", "list", database=server.database)
        kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
        token = cherga("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
        server.start()
        agent = AgentProcess(server.url, token, printer.uri, tmp_path / "agent", command=agent_command,
                             environment={**environment, "XDG_STATE_HOME": str(tmp_path / "state")}, cwd=home)
        ticket = issue(server.url, kiosk)
        assert wait_until(lambda: printer.jobs == 1, timeout=60), agent.log()
        paper = read(bytes(printer.received))
        assert ticket["number"] in paper.lines and paper.qr_codes == [ticket["status_url"]] and paper.cuts == 1
        assert (tmp_path / "state" / "cherga-agent" / "print-journal.jsonl").read_text().count('"printed"') == 1
        assert "Traceback" not in agent.log()
    finally:
        if agent is not None:
            agent.stop()
        server.kill(signal.SIGTERM)
        printer.close()
