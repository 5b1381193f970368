"""A centre and an office node as two real `cherga serve` processes, the node's link to the centre cuttable.

The centre holds the accounts and devices; `cherga node adopt` gives it the
office `main`'s queue to the node, which pairs through the cuttable link
(`cut_link.py`) with the real CLI and serves on a port of its own, syncing
every second.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from cut_link import CutLink

from booking_pages import always_open_config
from live_server import Server, cherga, round_the_clock_config, staff_token

OFFICE = "main"
PASSWORD = "password-1"
SYNC_SECONDS = 1
# the office's rows at both ends, in a stable order; ids the centre gives its own copies are left out
COMPARED = {
    "tickets": ("SELECT * FROM tickets WHERE office = ? ORDER BY id", ()),
    "events": ("SELECT office, seq, type, at, data FROM events WHERE office = ? ORDER BY seq", ("data",)),
    "ratings": ("SELECT * FROM ratings WHERE office = ? ORDER BY ticket_id", ()),
    "desk_states": ("SELECT * FROM desk_states WHERE office = ? ORDER BY desk", ()),
    "ticket_counters": ("SELECT * FROM ticket_counters WHERE office = ? ORDER BY day, prefix", ()),
    "air_raids": ("SELECT office, started_at, started_by, ended_at, ended_by FROM air_raids WHERE office = ? ORDER BY started_at", ()),
    "turned_away": ("SELECT office, service, day, reason, at FROM turned_away WHERE office = ? ORDER BY at", ()),
}


@dataclass
class NodeNetwork:
    centre: Server
    node: Server
    link: CutLink
    kiosk: str
    kiosk_id: int
    centre_config: Path
    node_config: Path

    @classmethod
    def start(
        cls,
        folder: Path,
        centre_environment: dict[str, str] | None = None,
        *,
        node_environment: dict[str, str] | None = None,
        operators: Sequence[str] = (),
    ) -> NodeNetwork:
        """Each server on a configuration folder of its own: the centre's is edited, the node's is kept by the sync.

        `centre_environment`, `node_environment`: more CHERGA_* settings of each (none by default);
        `operators`: more operators of the office than olena and taras (a benchmark's desks).
        A start that fails stops what it had started.
        """
        centre_config = always_open_config(folder / "centre-config")  # bookings due now can be checked in at any hour
        node_config = round_the_clock_config(folder / "node-config")  # until the centre's comes down at pairing
        centre = Server(
            database=f"sqlite:///{folder / 'centre.sqlite3'}", log_path=folder / "centre.log",
            environment={"CHERGA_CONFIG_DIR": str(centre_config), **(centre_environment or {})},
        )
        centre.config_dir = centre_config  # type: ignore[attr-defined]  # booking_pages.py books on it
        node = Server(
            database=f"sqlite:///{folder / 'node.sqlite3'}", log_path=folder / "node.log",
            environment={"CHERGA_NODE_SYNC_SECONDS": str(SYNC_SECONDS), "CHERGA_CONFIG_DIR": str(node_config), **(node_environment or {})},
        )
        link = None
        try:
            centre.start()
            added = cherga("device", "add", "--kind", "kiosk", "--office", OFFICE, "--name", "kiosk-1", database=centre.database)
            kiosk_id = int(added.split(" as device ")[1].split(";")[0])
            people = [("olena", "operator"), ("taras", "operator"), ("iryna", "supervisor"), *((name, "operator") for name in operators)]
            for name, role in people:
                cherga("user", "add", name, "--role", role, "--office", OFFICE, "--password-stdin", database=centre.database, stdin=PASSWORD + "\n")
            link = CutLink(centre.port)
            adopted = cherga("node", "adopt", OFFICE, "--node", "main-node", "--address", "http://127.0.0.1:1", database=centre.database)
            token = adopted.strip().splitlines()[-1]
            cherga("node", "pair", "--centre", link.url, "--token-stdin", "--config", str(node_config), database=node.database, stdin=token + "\n")
            node.start()
        except BaseException:
            if link is not None:
                link.close()
            for server in (node, centre):
                server.kill(signal.SIGTERM)
            raise
        return cls(centre, node, link, added.strip().splitlines()[-1], kiosk_id, centre_config, node_config)

    def stop(self) -> None:
        self.link.close()
        for server in (self.node, self.centre):
            server.kill()  # the test's data goes with them

    def logs(self) -> str:
        return f"----- centre -----\n{self.centre.log()}\n----- node -----\n{self.node.log()}"

    # ---- acting at a server

    def login(self, server: Server, name: str = "olena", password: str = PASSWORD) -> str:
        return staff_token(server, name, password)

    def issue(self, server: Server, service: str = "tax-number") -> dict[str, Any]:
        answer = post(server, f"/api/v1/offices/{OFFICE}/tickets", self.kiosk, {"service": service})
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())

    # ---- the two databases

    def rows(self, server: Server, name: str) -> list[dict[str, Any]]:
        sql, json_columns = COMPARED[name]
        with sqlite3.connect(server.database.removeprefix("sqlite:///")) as db:
            db.row_factory = sqlite3.Row
            found = [dict(row) for row in db.execute(sql, (OFFICE,))]
        for row in found:
            for column in json_columns:
                row[column] = json.loads(row[column])
        return found

    def node_link(self) -> dict[str, Any]:
        with sqlite3.connect(self.node.database.removeprefix("sqlite:///")) as db:
            db.row_factory = sqlite3.Row
            link = dict(db.execute("SELECT * FROM node_link").fetchone())
            link["changes"] = db.execute("SELECT count(*) FROM node_changes").fetchone()[0]
            link["last_seq"] = db.execute("SELECT last_seq FROM office_sequences WHERE office = ?", (OFFICE,)).fetchone()[0]
        return link

    def booking_codes(self, server: Server) -> set[str]:
        with sqlite3.connect(server.database.removeprefix("sqlite:///")) as db:
            return {code for (code,) in db.execute("SELECT code FROM appointments WHERE office = ?", (OFFICE,))}

    def wait_synced(self, timeout: float = 60) -> dict[str, Any]:
        """Until the centre holds every event and row of the node's office (and says so)."""
        deadline = time.monotonic() + timeout
        while True:
            link = self.node_link()
            if link["sent_seq"] == link["last_seq"] and link["changes"] == 0:
                return link
            if time.monotonic() > deadline:
                raise AssertionError(f"the node did not catch up: {link}\n{self.logs()}")
            time.sleep(0.2)


def post(server: Server, path: str, token: str | None, body: dict[str, Any] | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(server.url + path, json=body or {}, headers=headers, timeout=10)
