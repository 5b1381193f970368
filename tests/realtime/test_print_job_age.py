"""`agent.hello` applies CHERGA_PRINT_JOB_MAX_AGE_SECONDS: a job that waited longer is not sent, the kiosk hears it expired."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.commands.accounts import add_device
from queue_server.settings import Settings
from web import bearer


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env({"CHERGA_PRINT_JOB_MAX_AGE_SECONDS": "30"}, database_url=database_url, voice_cache_dir=tmp_path / "voice-cache")


def received(client, name: str) -> list:
    return [item["args"][0] for item in client.get_received() if item["name"] == name]


def test_a_job_older_than_the_servers_setting_expires_on_hello(app, app_ctx, client, tokens, clock) -> None:
    socketio = app.extensions["cherga.socketio"]
    _, agent_token = add_device(app_ctx, "agent", "alpha", "kiosk-1")
    stale = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])).get_json()
    clock.advance(minutes=0.6)  # 36 s: older than 30, far younger than the default 120
    fresh = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"])).get_json()
    watcher = socketio.test_client(app, auth={"token": tokens["kiosk"]})
    assert watcher.emit("kiosk.watch", {}, callback=True)["ok"]
    agent = socketio.test_client(app, auth={"token": agent_token})
    assert agent.emit("agent.hello", {}, callback=True) == {"ok": True, "pending": 1}
    [job] = received(agent, "print")
    assert job["job"] == fresh["print_job"] and job["age_seconds"] == 0 and len(job["key"]) == 32
    [result] = received(watcher, "print.result")
    assert (result["job"], result["status"]) == (stale["print_job"], "expired") and "waited 36 s" in result["reason"]
