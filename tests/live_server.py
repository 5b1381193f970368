"""A real `cherga serve` process on 127.0.0.1 and a free port, and the real CLI.

The server runs as the production default runs it (gevent); its log is shown
when a test fails.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from queue_server.network_config.round_the_clock import round_the_clock_config  # noqa: F401 (the tests import it from here)

STARTUP_SECONDS = 30


@functools.cache
def shared_round_the_clock_config() -> Path:
    """One round-the-clock copy for every server of this test process that does not bring its own configuration."""
    parent = Path(tempfile.mkdtemp(prefix="cherga-round-the-clock-"))
    atexit.register(shutil.rmtree, parent, True)
    return round_the_clock_config(parent / "config")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cherga(*args: str, database: str, stdin: str | None = None) -> str:
    """Run a `cherga` CLI command (`user …`, `device …`) on the server's database file; returns its standard output.

    The command runs in this process, through the CLI's own `main`, on the
    same SQLite file the server process uses: the suite's few hundred set-up
    commands cost a new interpreter each (about 0.7 s of CPU) when run as
    processes. What only a process shows (exit codes, prompts, the
    messages on stderr) is tested with real processes in tests/cli.
    """
    from queue_server.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main([*args, "--database", database])
    except SystemExit as stop:
        if stop.code not in (None, 0):
            raise AssertionError(f"cherga {' '.join(args)} failed:\n{err.getvalue()}") from None
    finally:
        sys.stdin = saved_stdin
    return out.getvalue()


@dataclass
class Server:
    database: str
    log_path: Path
    port: int = field(default_factory=free_port)
    async_mode: str = "gevent"
    environment: dict[str, str] = field(default_factory=dict)  # more CHERGA_* settings
    create_database: bool = True  # a test's server starts on a fresh file; `serve` refuses a missing one unless told
    # the bundled offices' own hours (closed at night, on Sundays and holidays); by default a server runs
    # on a copy open round the clock, so a test passes at any hour (a test's CHERGA_CONFIG_DIR wins)
    bundled_hours: bool = False
    # kept across restarts, as a deployment's is: staff sessions survive a restart
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    process: subprocess.Popen[bytes] | None = None
    descriptor_limit: int | None = None  # the process's RLIMIT_NOFILE (systemd's LimitNOFILE), when a test sets one

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            self.process = self._spawn(log)
        try:
            self._wait_until_healthy()
        except BaseException:
            # a server too slow to start is stopped here: its test never reaches the teardown that would stop
            # it, and on a loaded machine the ones left running slowed every start after them
            self.kill()
            raise

    def _spawn(self, log: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "queue_server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database", self.database,
             *(["--create-database"] if self.create_database else [])],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=None if self.descriptor_limit is None else self._limit_descriptors,
            env={
                **os.environ,
                "CHERGA_ASYNC_MODE": self.async_mode,
                "CHERGA_HEARTBEAT_SECONDS": "1",
                "CHERGA_VOICE_CACHE_DIR": str(self.log_path.parent / "voice-cache"),
                "CHERGA_SECRET_KEY": self.secret_key,
                **({} if self.bundled_hours else {"CHERGA_CONFIG_DIR": str(shared_round_the_clock_config())}),
                **self.environment,
            },
        )

    def _limit_descriptors(self) -> None:
        assert self.descriptor_limit is not None
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.descriptor_limit, self.descriptor_limit))

    def _wait_until_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).json() == {"status": "ok"}:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the server did not become healthy:\n{self.log()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=20)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@dataclass
class Credentials:
    kiosk: str
    operators: list[str]


class Agent:
    def __init__(self, server: Server, token: str, printer_uri: str, folder: Path) -> None:
        self.log_path = folder / "agent.log"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "queue_server.cli", "kiosk-agent", "--server", server.url, "--printer", printer_uri,
                 "--journal", str(folder / "journal.jsonl"), "--status-seconds", "0.5"],
                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "CHERGA_AGENT_TOKEN": token},
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
