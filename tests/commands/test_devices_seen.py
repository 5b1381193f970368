"""Registered devices: when each was last seen, and what a revocation tells its live connections."""

from __future__ import annotations

from queue_server.commands import accounts
from queue_server.commands.context import DeviceMessage


def seen(ctx, device_id: int):
    return accounts.device_by_id(ctx, device_id).last_seen_at


def test_a_device_is_seen_when_its_token_is_used_written_at_most_once_a_minute(ctx, clock) -> None:
    record, token = accounts.add_device(ctx, "kiosk", "alpha", "kiosk-1")
    assert seen(ctx, record.id) is None
    first = clock()
    accounts.actor_for_token(ctx, token)
    assert seen(ctx, record.id) == first
    clock.advance(0.5)
    accounts.actor_for_token(ctx, token)  # a kiosk asks every few seconds: no write
    assert seen(ctx, record.id) == first
    later = clock.advance(0.5)
    accounts.actor_for_token(ctx, token)
    assert seen(ctx, record.id) == later


def test_a_revocation_tells_the_devices_connections_after_the_commit(ctx, publisher) -> None:
    record, token = accounts.add_device(ctx, "display", "alpha", "hall")
    accounts.revoke_device(ctx, record.id)
    assert DeviceMessage("display", "alpha", "hall", accounts.DEVICE_REVOKED, {"device": record.id, "reason": "revoked"}) in publisher.delivered
    assert accounts.actor_for_token(ctx, token) is None
    assert accounts.revoked_device(ctx, token).id == record.id and accounts.revoked_among(ctx, [record.id, 999]) == [record.id]
