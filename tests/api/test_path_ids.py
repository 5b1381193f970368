"""An id in a path too big for the database's 64-bit integers names nothing: 404, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    ["/api/v1/offices/alpha/tickets/56030080931788209782784/move", "/api/v1/devices/56030080931788209782784/revoke"],
)
def test_an_id_too_big_for_the_database_names_nothing(client, tokens, path: str) -> None:
    answer = client.post(path, json={"reason": "x"}, headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert answer.status_code == 404, answer.get_data(as_text=True)
