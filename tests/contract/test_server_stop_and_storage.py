"""A real server stopped with SIGTERM, on a full disk, and after WebSockets close."""

from __future__ import annotations

import errno
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio

from live_server import Credentials, Server, cherga

pytestmark = pytest.mark.contract


def issue(server: Server, kiosk: str, timeout: float = 40) -> requests.Response:
    return requests.post(
        f"{server.url}/api/v1/offices/main/tickets",
        json={"service": "consultation"},
        headers={"Authorization": f"Bearer {kiosk}"},
        timeout=timeout,
    )


def sqlite_file(server: Server) -> Path:
    return Path(server.database.removeprefix("sqlite:///"))


def release_closed_websockets() -> None:
    """The Socket.IO client leaves the socket of a WebSocket the server closed to the garbage collector.

    (websocket-client answers the server's close frame but only its caller
    closes the socket, and the Engine.IO client does not.) Collect it here,
    where its ResourceWarning is the library's and not this test's.
    """
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def test_sigterm_lets_the_request_in_flight_finish_closes_the_sockets_and_exits_0(server: Server, credentials: Credentials) -> None:
    watcher = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=0.5)
    dropped = threading.Event()
    watcher.on("disconnect", lambda *reason: dropped.set())
    watcher.connect(server.url, transports=["websocket"], wait_timeout=10)
    assert watcher.call("subscribe", {"office": "main"}, timeout=10)["ok"]
    # a slow request, for real: a CLI transaction holds the write lock, the ticket waits for it
    holder = sqlite3.connect(sqlite_file(server), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    answers: list[requests.Response] = []
    request = threading.Thread(target=lambda: answers.append(issue(server, credentials.kiosk)))
    request.start()
    try:
        time.sleep(1.0)  # the request is in the server, waiting for the lock
        assert server.process is not None
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1.0)
    finally:
        holder.execute("COMMIT")
        holder.close()
    request.join(timeout=30)
    assert answers and answers[0].status_code == 201, (answers and answers[0].text, server.log())
    assert server.process.wait(timeout=15) == 0, server.log()
    assert dropped.wait(5), "the live connection was not closed"
    log = server.log()
    assert "Cherga is stopping (SIGTERM)" in log and "1 live connections closed" in log and "Cherga stopped" in log, log
    assert "Traceback" not in log, log
    # its clients come back by themselves when the server does
    server.start()
    try:
        deadline = time.monotonic() + 15
        while not watcher.connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert watcher.connected, server.log()
    finally:
        watcher.disconnect()
        release_closed_websockets()


def test_websockets_that_close_leave_no_invalid_request_in_the_log(server: Server) -> None:
    for _ in range(6):
        client = socketio.Client(reconnection=False)
        client.connect(server.url, transports=["websocket"], wait_timeout=10)
        client.call("subscribe", {"office": "main"}, timeout=10)
        client.disconnect()
    time.sleep(0.5)
    assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
    log = server.log()
    assert "Invalid HTTP method" not in log and "Expected GET method" not in log, log


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 16 MB tmpfs of its own: filling it fills the server's disk, not the machine's."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        block = b"\0" * 65536
        try:
            while True:
                handle.write(block)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        try:
            while True:
                handle.write(b"\0" * 512)
        except OSError:
            pass
    return filler


def test_a_full_disk_answers_503_storage_full_logs_one_line_and_recovers(small_disk: Path, tmp_path: Path) -> None:
    database = f"sqlite:///{small_disk / 'cherga.sqlite3'}"
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=database).strip().splitlines()[-1]
    server = Server(database=database, log_path=tmp_path / "server.log", create_database=False)
    server.start()
    try:
        assert issue(server, kiosk).status_code == 201
        filler = fill(small_disk)
        before = len(server.log().splitlines())
        refused = [issue(server, kiosk) for _ in range(3)]
        for answer in refused:
            assert answer.status_code == 503, answer.text
            assert answer.json()["error"]["code"] == "storage_full"
            assert int(answer.headers["Retry-After"]) > 0
        assert requests.get(f"{server.url}/api/v1/offices/main/services", timeout=10).status_code == 200  # reads go on
        new_lines = server.log().splitlines()[before:]
        assert sum("503 storage_full" in line for line in new_lines) == 3, "\n".join(new_lines)
        assert not [line for line in new_lines if "Traceback" in line or "ERROR" in line and "storage_full" not in line], "\n".join(new_lines)
        filler.unlink()
        again = issue(server, kiosk)
        assert again.status_code == 201, again.text
    finally:
        server.kill(signal.SIGTERM)


def test_a_database_file_that_stops_taking_writes_answers_503_with_one_line_and_recovers(tmp_path: Path) -> None:
    """The files made immutable under the running server (`chattr +i`): every write fails with an I/O error."""
    database = f"sqlite:///{tmp_path / 'data' / 'cherga.sqlite3'}"
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=database).strip().splitlines()[-1]
    server = Server(database=database, log_path=tmp_path / "server.log", create_database=False)
    server.start()
    files = [str(path) for path in sorted((tmp_path / "data").glob("cherga.sqlite3*")) if not path.name.endswith("-shm")]
    try:
        assert issue(server, kiosk).status_code == 201
        if subprocess.run(["chattr", "+i", *files], capture_output=True).returncode != 0:
            pytest.skip("chattr +i needs root and a file system that has it")
        try:
            before = len(server.log().splitlines())
            refused = issue(server, kiosk)
            assert refused.status_code == 503 and refused.json()["error"]["code"] == "storage_error", refused.text
            assert int(refused.headers["Retry-After"]) > 0
            new_lines = server.log().splitlines()[before:]
            assert sum("503 storage_error" in line for line in new_lines) == 1, "\n".join(new_lines)
            assert not [line for line in new_lines if "Traceback" in line or "ERROR" in line and "storage_error" not in line], "\n".join(new_lines)
        finally:
            subprocess.run(["chattr", "-i", *files], check=True)
        assert issue(server, kiosk).status_code == 201
    finally:
        server.kill(signal.SIGTERM)
