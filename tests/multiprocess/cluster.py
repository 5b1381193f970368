"""Several `cherga serve` processes as one server: one PostgreSQL database, one Redis, N processes.

The database is a new one on the machine's PostgreSQL (127.0.0.1:5432, user
postgres), dropped afterwards; the Redis is a `redis-server` of the test's
own on a free port, so a test may stop and start it again; each process is
a real `cherga serve` (tests/live_server.Server) with
`CHERGA_MESSAGE_QUEUE` pointing at that Redis. What the processes serve is
driven over the public API: kiosks issue, desks call and finish.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from live_server import Server, cherga, free_port

POSTGRES = os.environ.get("CHERGA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")  # the server, without a database
PASSWORD = "password-1"


def missing_service() -> str | None:
    """Why these tests cannot run here (no PostgreSQL, no redis-server, no Redis client), or None."""
    try:
        import psycopg
    except ImportError:
        return "the PostgreSQL driver psycopg is not installed (pip install 'cherga[scale]')"
    try:
        import redis  # noqa: F401  # the servers' fan-out client
    except ImportError:
        return "the Redis client is not installed (pip install 'cherga[scale]')"
    if shutil.which("redis-server") is None:
        return "redis-server is not on this machine (Debian: apt-get install redis-server)"
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"no PostgreSQL at {POSTGRES}: {str(error).strip().splitlines()[0]}"
    return None


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A database of its own on the machine's PostgreSQL, dropped afterwards (with whatever is still connected)."""
    import psycopg

    name = f"cherga_multi_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class RedisServer:
    """A `redis-server` of the test's own, keeping nothing on disk, that can be stopped and started again on its port."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = open(self.folder / "redis.log", "ab")
        with log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT,
            )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.5).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        """Killed, as a crash or an OOM kill would: its connections drop at once."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@dataclass
class Cluster:
    """N server processes on one database and one Redis; a test's office gets its own kiosks and operators."""

    database: str
    redis: RedisServer
    servers: list[Server]

    @classmethod
    def start(cls, folder: Path, database: str, redis: RedisServer, count: int, heartbeat_seconds: int = 1) -> Cluster:
        servers = [
            Server(
                database=database,
                log_path=folder / f"server-{number}.log",
                environment={"CHERGA_MESSAGE_QUEUE": redis.url, "CHERGA_HEARTBEAT_SECONDS": str(heartbeat_seconds)},
            )
            for number in range(count)
        ]
        # all at once, as systemd starts them: one makes the tables, the others wait for it and find them
        starting = [threading.Thread(target=server.start) for server in servers]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join()
        for server in servers:
            if server.process is None or server.process.poll() is not None:
                raise AssertionError(f"a server did not start:\n{server.log()}")
        return cls(database, redis, servers)

    def stop(self) -> None:
        for server in self.servers:
            server.kill()

    def logs(self) -> str:
        return "\n".join(f"----- {server.log_path.name} (port {server.port}) -----\n{server.log()[-6000:]}" for server in self.servers)

    def alive(self) -> list[Server]:
        return [server for server in self.servers if server.process is not None and server.process.poll() is None]

    def last_seq(self, office: str) -> int:
        return int(requests.get(f"{self.alive()[0].url}/api/v1/offices/{office}/queue", timeout=10).json()["seq"])

    def outbox(self, office: str) -> list[tuple[int, str, Any]]:
        """The office's events as the database keeps them: seq, type, ticket or desk."""
        import psycopg

        with psycopg.connect(self.database.replace("postgresql+psycopg://", "postgresql://")) as connection:
            rows = connection.execute("SELECT seq, type, data FROM events WHERE office = %s ORDER BY seq", (office,)).fetchall()
        return [(seq, kind, data.get("id")) for seq, kind, data in rows]

    def staff(self, office: str, operators: int) -> Office:
        """A kiosk and `operators` operators of the office, made with the real CLI, logged in on the first process."""
        kiosk = cherga("device", "add", "--kind", "kiosk", "--office", office, "--name", f"kiosk-{office}", database=self.database).strip().splitlines()[-1]
        tokens = []
        for number in range(operators):
            name = f"op-{office}-{number}"
            cherga("user", "add", name, "--role", "operator", "--office", office, "--password-stdin", database=self.database, stdin=PASSWORD + "\n")
            answer = requests.post(self.servers[0].url + "/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
            assert answer.status_code == 200, answer.text
            tokens.append(answer.json()["token"])
        desks = shared_desks(self.servers[0].url, office, operators)
        return Office(office, kiosk, list(zip(desks.desks, tokens)), desks.service)


@dataclass
class SharedDesks:
    desks: list[str]
    service: str


def shared_desks(url: str, office: str, count: int) -> SharedDesks:
    """`count` desks of the office that serve one service in common, and that service."""
    listed = requests.get(f"{url}/api/v1/offices/{office}/desks", timeout=10).json()
    by_service: dict[str, list[str]] = {}
    for desk in listed:
        for service in desk["services"]:
            by_service.setdefault(service, []).append(desk["id"])
    for service, desks in sorted(by_service.items()):
        if len(desks) >= count:
            return SharedDesks(sorted(desks)[:count], service)
    raise AssertionError(f"office {office} has no {count} desks sharing a service")


@dataclass
class Office:
    """A test's office: its kiosk's token, its desks with their operators' tokens, a service all of them give."""

    code: str
    kiosk: str
    desks: list[tuple[str, str]]
    service: str

    def issue(self, server: Server) -> dict[str, Any]:
        answer = requests.post(
            f"{server.url}/api/v1/offices/{self.code}/tickets",
            json={"service": self.service},
            headers={"Authorization": f"Bearer {self.kiosk}"},
            timeout=10,
        )
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())

    def desk(self, server: Server, index: int, action: str) -> requests.Response:
        desk_id, token = self.desks[index]
        return requests.post(f"{server.url}/api/v1/desks/{desk_id}/{action}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
