"""Several `cherga serve` processes as one server: one PostgreSQL database, one Redis, N processes.

The one place the tests start real server processes together. The database
is a new one on the machine's PostgreSQL (tests/postgres_databases.py),
dropped afterwards; the Redis is a `redis-server` of the test's own on a free
port (tests/redis_service.py), so no other test's processes share its
Socket.IO channel and a test may stop and start it again; each process is a
real `cherga serve` (tests/live_server.Server) with `CHERGA_MESSAGE_QUEUE`
pointing at that Redis and one secret key, as one deployment's processes
share their configuration. What the processes serve is driven over the
public API: kiosks issue, desks call and finish. Where PostgreSQL,
redis-server or the Redis client is missing, the test is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from live_server import Server, cherga
from postgres_databases import fresh_database, missing_postgres, plain_url
from redis_service import OwnRedis, missing_redis_server, own_redis

PASSWORD = "password-1"


def missing_service() -> str | None:
    """Why these tests cannot run here (no PostgreSQL, no redis-server, no Redis client), or None."""
    return missing_postgres() or missing_redis_server()


@dataclass(frozen=True)
class Launch:
    """How the processes are started.

    `heartbeat_seconds` None leaves the servers' own default; `together`
    False starts them one after the other, the first bringing the schema;
    `create_database` False runs them as the documented units do, without
    --create-database; `environment` is added to every process's.
    """

    heartbeat_seconds: int | None = 1
    environment: dict[str, str] = field(default_factory=dict)
    together: bool = True
    create_database: bool = True


@contextlib.contextmanager
def running_cluster(folder: Path, count: int, launch: Launch = Launch()) -> Iterator[Cluster]:
    """`count` processes on a new database and a Redis of their own, started; stopped, and both gone, after."""
    reason = missing_service()
    if reason is not None:
        pytest.skip(reason)
    with own_redis(folder) as redis, fresh_database("cherga_multi") as database:
        running = Cluster.start(folder, database, redis, count, launch)
        try:
            yield running
        finally:
            running.stop()


@dataclass
class Cluster:
    """N server processes on one database and one Redis; a test's office gets its own kiosks and operators."""

    database: str
    redis: OwnRedis
    servers: list[Server]

    @classmethod
    def start(cls, folder: Path, database: str, redis: OwnRedis, count: int, launch: Launch = Launch()) -> Cluster:
        shared = {"CHERGA_MESSAGE_QUEUE": redis.url, **launch.environment}
        if launch.heartbeat_seconds is not None:
            shared["CHERGA_HEARTBEAT_SECONDS"] = str(launch.heartbeat_seconds)
        secret_key = secrets.token_hex(32)
        servers = [
            Server(database=database, log_path=folder / f"server-{number}.log", environment=shared, secret_key=secret_key, create_database=launch.create_database)
            for number in range(count)
        ]
        running = cls(database, redis, servers)
        try:
            if launch.together:
                # all at once, as systemd starts them: one makes the tables, the others wait for it and find them
                starting = [threading.Thread(target=server.start) for server in servers]
                for thread in starting:
                    thread.start()
                for thread in starting:
                    thread.join()
            else:
                for server in servers:  # one after the other: the first brings the new database's schema
                    server.start()
            for server in servers:
                if server.process is None or server.process.poll() is not None:
                    raise AssertionError(f"a server did not start:\n{server.log()}")
        except BaseException:
            running.stop()
            raise
        return running

    def stop(self) -> None:
        for server in self.servers:
            server.kill()  # the test's data goes with them

    def logs(self) -> str:
        return "\n".join(f"----- {server.log_path.name} (port {server.port}) -----\n{server.log()[-6000:]}" for server in self.servers)

    def alive(self) -> list[Server]:
        return [server for server in self.servers if server.process is not None and server.process.poll() is None]

    def last_seq(self, office: str) -> int:
        return int(requests.get(f"{self.alive()[0].url}/api/v1/offices/{office}/queue", timeout=10).json()["seq"])

    def outbox(self, office: str) -> list[tuple[int, str, Any]]:
        """The office's events as the database keeps them: seq, type, ticket or desk."""
        import psycopg

        with psycopg.connect(plain_url(self.database)) as connection:
            rows = connection.execute("SELECT seq, type, data FROM events WHERE office = %s ORDER BY seq", (office,)).fetchall()
        return [(seq, kind, data.get("id")) for seq, kind, data in rows]

    def manager(self) -> str:
        """A manager's token (made with the real CLI, signed in on the first process): good on any of them."""
        cherga("user", "add", "head", "--role", "manager", "--password-stdin", database=self.database, stdin=PASSWORD + "\n")
        answer = requests.post(f"{self.servers[0].url}/api/v1/auth/login", json={"username": "head", "password": PASSWORD}, timeout=10)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    def device(self, kind: str, name: str = "kiosk-1", office: str = "main") -> str:
        """A device's token, made with the real CLI."""
        return cherga("device", "add", "--kind", kind, "--office", office, "--name", name, database=self.database).splitlines()[-1]

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
