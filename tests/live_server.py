"""A real `cherga serve` process on 127.0.0.1 and a free port, and the real CLI.

The server runs as the production default runs it (gevent); its log is shown
when a test fails.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
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


class ForkedServer:
    """A server forked by the warm starter and left to this process: the part of `subprocess.Popen` the tests use."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"cherga serve (pid {self.pid})", timeout or 0)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class WarmStarter:
    """The test process's tests/server_starter.py: servers forked from an interpreter that imported the server once.

    This process becomes a "child subreaper" (prctl), so a server whose
    forking parent has exited is left to it: it waits for the server and
    reads its exit status as for a child of its own.
    """

    def __init__(self) -> None:
        import ctypes

        PR_SET_CHILD_SUBREAPER = 36
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("server_starter.py"))],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if ready.strip() != "ready":
            raise RuntimeError(f"the warm server starter did not start (it said {ready!r})")
        self._one_at_a_time = threading.Lock()  # a cluster starts its servers from threads: one request and its answer at a time
        atexit.register(self.close)

    def start(self, arguments: list[str], environment: dict[str, str], log_path: Path, descriptor_limit: int | None) -> ForkedServer:
        assert self.process.stdin is not None and self.process.stdout is not None
        request = {"argv": arguments, "environment": environment, "log": str(log_path), "descriptor_limit": descriptor_limit}
        with self._one_at_a_time:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            return ForkedServer(int(self.process.stdout.readline()))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@functools.cache
def warm_starter() -> WarmStarter:
    return WarmStarter()


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
    process: subprocess.Popen[bytes] | ForkedServer | None = None
    descriptor_limit: int | None = None  # the process's RLIMIT_NOFILE (systemd's LimitNOFILE), when a test sets one

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            logged_before = log.tell()
            self.process = self._spawn(log)
        try:
            self._wait_until_healthy(logged_before)
        except BaseException:
            # a server too slow to start is stopped here: its test never reaches the teardown that would stop
            # it, and on a loaded machine the ones left running slowed every start after them
            self.kill()
            raise

    def _spawn(self, log: Any) -> subprocess.Popen[bytes] | ForkedServer:
        arguments = ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--database", self.database,
                     *(["--create-database"] if self.create_database else [])]
        environment = {
            **os.environ,
            "CHERGA_ASYNC_MODE": self.async_mode,
            "CHERGA_HEARTBEAT_SECONDS": "1",
            "CHERGA_VOICE_CACHE_DIR": str(self.log_path.parent / "voice-cache"),
            "CHERGA_SECRET_KEY": self.secret_key,
            **({} if self.bundled_hours else {"CHERGA_CONFIG_DIR": str(shared_round_the_clock_config())}),
            **self.environment,
        }
        if self.async_mode == "gevent" and os.environ.get("CHERGA_TEST_FORKED_SERVERS", "1") != "0":
            return warm_starter().start(arguments, environment, self.log_path, self.descriptor_limit)
        return subprocess.Popen(
            [sys.executable, "-m", "queue_server.cli", *arguments],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=None if self.descriptor_limit is None else self._limit_descriptors,
            env=environment,
        )

    def _limit_descriptors(self) -> None:
        assert self.descriptor_limit is not None
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.descriptor_limit, self.descriptor_limit))

    def _wait_until_healthy(self, logged_before: int) -> None:
        """Until this process answers: its log says it serves on our port (it logs that once the port is its own),
        and /healthz answers there. /healthz alone could be another test's server that took the port first."""
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        serving = f" on {self.url} with "
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if serving in self._log_since(logged_before) and requests.get(self.url + "/healthz", timeout=1).json() == {"status": "ok"}:
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

    def _log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")


def staff_token(server: Server, username: str, password: str) -> str:
    """A staff member's API token from the real login, as a console or a script gets one."""
    answer = requests.post(server.url + "/api/v1/auth/login", json={"username": username, "password": password}, timeout=10)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


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
