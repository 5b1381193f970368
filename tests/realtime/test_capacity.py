"""A process's live connections keep within its descriptors: anonymous ones within their share, staff and devices within the rest."""

from __future__ import annotations

import pytest

from queue_server.realtime.capacity import MIN_KEPT, Capacity


@pytest.fixture
def socketio(app):
    return app.extensions["cherga.socketio"]


@pytest.fixture
def small(app):  # type: ignore[no-untyped-def]
    """The app's connections limited to 3 in all, 2 of them anonymous."""
    connections = app.extensions["cherga.socketio"].server.namespace_handlers["/"].connections
    connections.capacity = Capacity(everyone=3, public=2)
    return connections


def test_the_shares_of_a_descriptor_limit() -> None:
    assert Capacity.of_descriptors(65536) == Capacity(everyone=65536 - 4096, public=65536 - 4096 - 8192)
    assert Capacity.of_descriptors(1024) == Capacity(everyone=1024 - 64, public=1024 - 64 - 128)
    assert Capacity.of_descriptors(256) == Capacity(everyone=256 - MIN_KEPT, public=256 - 2 * MIN_KEPT)
    assert Capacity.of_descriptors(10) == Capacity(everyone=1, public=1)  # never none at all


def test_anonymous_connections_stop_at_their_share_and_staff_still_come_in(app, socketio, tokens, small) -> None:
    phones = [socketio.test_client(app) for _ in range(2)]
    assert all(phone.is_connected() for phone in phones)
    third = socketio.test_client(app)
    assert not third.is_connected()
    operator = socketio.test_client(app, auth={"token": tokens["operator"]})
    assert operator.is_connected()
    kiosk = socketio.test_client(app, auth={"token": tokens["kiosk"]})
    assert not kiosk.is_connected()  # three in all
    phones[0].disconnect()
    assert socketio.test_client(app, auth={"token": tokens["kiosk"]}).is_connected()  # a slot given back is taken again
    assert not socketio.test_client(app).is_connected()  # three in all again


def test_a_refused_connection_gives_its_place_back(app, socketio, small) -> None:
    for _ in range(5):
        assert not socketio.test_client(app, auth={"token": "no such token"}).is_connected()
    phones = [socketio.test_client(app) for _ in range(2)]
    assert all(phone.is_connected() for phone in phones)
    assert not socketio.test_client(app).is_connected()
    for phone in phones:
        phone.disconnect()
    assert socketio.test_client(app).is_connected()
