"""The simulator's own kiosks, agents and administrators: made for each run, the earlier ones revoked."""

from __future__ import annotations

import datetime as dt

from queue_server.commands.accounts import actor_for_token, list_devices
from queue_server.settings import Settings
from queue_server.simulation.seeding import prepare, release
from queue_server.store.database_check import prepare_database
from queue_server.wiring import open_context


def test_each_run_has_its_own_tokens_and_the_accounts_are_made_once(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'sim.sqlite3'}"
    prepare_database(url, create=True, check="quick")
    ctx = open_context(Settings.from_env({}, database_url=url))
    offices = [ctx.network.offices["vet"], ctx.network.offices["mob-2"]]
    first = prepare(ctx, offices, lifetime=dt.timedelta(hours=1))
    assert set(first.kiosks) == set(first.agents) == {"vet", "mob-2"}
    assert set(first.operators) == {desk.id for office in offices for desk in office.desks}
    operator = actor_for_token(ctx, first.operators["vet-1"])
    assert operator is not None and operator.name == "sim-vet-1" and operator.role == "operator" and operator.offices == ("vet",)
    kiosk = actor_for_token(ctx, first.kiosks["vet"])
    assert kiosk is not None and kiosk.role == "kiosk" and kiosk.name.startswith("simulator-")
    second = prepare(ctx, offices, lifetime=dt.timedelta(hours=1))
    assert actor_for_token(ctx, first.kiosks["vet"]) is None and actor_for_token(ctx, first.agents["vet"]) is None  # revoked
    assert actor_for_token(ctx, second.kiosks["vet"]) is not None
    active = [device for device in list_devices(ctx, ["vet"]) if device.revoked_at is None]
    assert sorted(device.kind for device in active) == ["agent", "kiosk"] and len({device.name for device in active}) == 1
    left = prepare(ctx, offices, lifetime=dt.timedelta(hours=1), leave={"vet-2"})
    assert "vet-2" not in left.operators and "vet-1" in left.operators
    release(ctx, second)
    assert actor_for_token(ctx, second.operators["vet-1"]) is None
    assert actor_for_token(ctx, first.operators["vet-1"]) is not None  # another run's token is its own to end
    ctx.engine.dispose()
