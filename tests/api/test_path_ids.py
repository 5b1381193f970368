"""An id in a path too big for the database's 64-bit integers names nothing: 404, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    ["/api/v1/offices/alpha/tickets/56030080931788209782784/move", "/api/v1/devices/56030080931788209782784/revoke",
     "/api/v1/offices/alpha/complaints/56030080931788209782784/withdraw"],
)
def test_an_id_too_big_for_the_database_names_nothing(client, tokens, path: str) -> None:
    answer = client.post(path, json={"reason": "x"}, headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert answer.status_code == 404, answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/desks/alpha-1/return", {"ticket": 2**70}),
        ("/api/v1/desks/alpha-1/call-ticket", {"ticket": 2**70, "reason": "терміново"}),
        ("/api/v1/desks/alpha-1/start", {"ticket": 2**70}),
    ],
)
def test_an_id_too_big_in_a_body_is_a_400(client, tokens, path: str, body: dict) -> None:
    client.post("/api/v1/desks/alpha-1/open", headers={"Authorization": f"Bearer {tokens['supervisor']}"})
    answer = client.post(path, json=body, headers={"Authorization": f"Bearer {tokens['supervisor']}"})
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["details"]["field"] == "ticket"
