from __future__ import annotations

import pytest

from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.store.accounts import UserRecord


@pytest.fixture
def operator() -> Actor:
    return staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",)))


@pytest.fixture
def kiosk() -> Actor:
    return Actor(kind="device", name="kiosk-1", role="kiosk", offices=("alpha",), device_id=1)
