"""The other async modes still serve: eventlet (selectable, not the default) and threading."""

from __future__ import annotations

import pytest
import requests
import socketio

from live_server import Server, cherga

pytestmark = pytest.mark.contract


@pytest.mark.parametrize("async_mode", ["eventlet", "threading"])
def test_a_server_in_another_mode_delivers_live_events(tmp_path, async_mode) -> None:
    server = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log", async_mode=async_mode)
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "k", database=server.database).splitlines()[-1]
    server.start()
    client = socketio.Client()
    heard: list[dict] = []
    client.on("event", heard.append)
    try:
        client.connect(server.url, transports=["websocket"], wait_timeout=10)
        assert client.call("subscribe", {"office": "main"}, timeout=10)["ok"]
        answer = requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation"},
                               headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
        assert answer.status_code == 201, answer.text
        client.sleep(0)
        for _ in range(100):
            if heard:
                break
            client.sleep(0.05)
        assert heard and heard[0]["data"]["number"] == answer.json()["number"], server.log()
    finally:
        client.disconnect()
        server.kill()
