"""A real print agent process (`cherga-agent`, or `python -m kiosk.agent_cli`), its log, and waiting on it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def wait_until(predicate: Callable[[], object], timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


class AgentProcess:
    """The agent as a kiosk PC runs it; `command` is the program, by default this interpreter's module."""

    def __init__(
        self,
        server_url: str,
        token: str,
        printer_uri: str,
        folder: Path,
        *options: str,
        command: Sequence[str] = (sys.executable, "-m", "kiosk.agent_cli"),
        environment: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.log_path = folder / f"agent-{time.monotonic_ns()}.log"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [*command, "--server", server_url, "--printer", printer_uri, "--status-seconds", "0.5", *options],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "CHERGA_AGENT_TOKEN": token, **(environment or {})},
                cwd=cwd,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def lines(self, words: str) -> list[str]:
        return [line for line in self.log().splitlines() if words in line]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode


class KioskWatcher:
    """The kiosk page's side of printing: hears `print.result` for its tickets."""

    def __init__(self, server_url: str, token: str) -> None:
        import socketio

        self.results: list[dict] = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("print.result", self.results.append)
        self.client.connect(server_url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
        assert self.client.call("kiosk.watch", {}, timeout=10)["ok"]

    def wait(self, count: int, timeout: float = 15) -> list[dict]:
        wait_until(lambda: len(self.results) >= count, timeout)
        return self.results

    def close(self) -> None:
        self.client.disconnect()


def issue(server_url: str, kiosk_token: str) -> dict:
    """A ticket taken at the kiosk, as the kiosk page takes it (printed by the kiosk's agent)."""
    import requests

    answer = requests.post(f"{server_url}/api/v1/offices/main/tickets", json={"service": "consultation"},
                           headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()
