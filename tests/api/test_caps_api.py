"""Daily caps over HTTP: the refusal's body, the staff override, a supervisor's change of today, who may do what."""

from __future__ import annotations

import pytest

from commands.test_caps import with_caps
from factories import visit_network
from web import bearer


@pytest.fixture
def network():
    return with_caps(visit_network())


def issue(client, token: str, **body):
    return client.post("/api/v1/offices/alpha/tickets", json={"service": "passport", **body}, headers=bearer(token))


def test_a_sold_out_service_is_a_409_naming_the_service_and_office_and_staff_may_override(client, tokens) -> None:
    for _ in range(3):
        assert issue(client, tokens["kiosk"]).status_code == 201
    refused = issue(client, tokens["kiosk"])
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "sold_out" and error["details"]["service"] == "passport" and error["details"]["office"] == "alpha"
    assert issue(client, tokens["kiosk"], override=True).status_code == 403
    assert issue(client, tokens["operator"], override=True, print=False).status_code == 201
    assert issue(client, tokens["kiosk"], priority="veteran").status_code == 201  # exempt


def test_a_supervisor_changes_the_cap_of_today_and_the_table_shows_it(client, tokens) -> None:
    path = "/api/v1/offices/alpha/services/passport/cap"
    assert client.put(path, json={"daily_cap": 1}, headers=bearer(tokens["operator"])).status_code == 403
    assert client.put(path, json={"daily_cap": 1}, headers=bearer(tokens["supervisor_beta"])).status_code == 403
    assert client.put(path, json={"daily_cap": "x"}, headers=bearer(tokens["supervisor"])).status_code == 400
    changed = client.put(path, json={"daily_cap": 1, "hourly_cap": None}, headers=bearer(tokens["supervisor"]))
    assert changed.status_code == 200
    row = next(s for s in changed.get_json()["services"] if s["service"] == "passport")
    assert (row["daily_cap"], row["configured_daily_cap"], row["changed"], row["left"]) == (1, 3, True, 1)
    assert issue(client, tokens["kiosk"]).status_code == 201
    assert issue(client, tokens["kiosk"]).get_json()["error"]["code"] == "sold_out"
    table = client.get("/api/v1/offices/alpha/caps", headers=bearer(tokens["kiosk"])).get_json()
    row = next(s for s in table["services"] if s["service"] == "passport")
    assert (row["issued_today"], row["left"], row["stops_at"]) == (1, 0, "2026-11-24T17:30:00Z")
    assert client.get("/api/v1/offices/alpha/caps").status_code == 401
    assert client.delete(path, headers=bearer(tokens["manager"])).status_code == 200
    assert issue(client, tokens["kiosk"]).status_code == 201  # the configured 3 again
