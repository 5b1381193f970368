"""`POST /api/v1/alerts` (the managers' network form) and `GET /api/v1/alerts` (the offices in alert now)."""

from __future__ import annotations

from web import bearer


def switch(client, token: str | None, body: object):
    return client.post("/api/v1/alerts", json=body, headers=bearer(token) if token else {})


def test_a_manager_starts_an_alert_for_two_offices_and_ends_it_for_the_network(client, tokens, clock) -> None:
    started = switch(client, tokens["manager"], {"offices": ["alpha", "beta"], "active": True})
    assert started.status_code == 200, started.get_json()
    assert started.get_json() == {
        "offices": [
            {"office": "alpha", "active": True, "since": "2026-11-24T08:00:00Z", "changed": True},
            {"office": "beta", "active": True, "since": "2026-11-24T08:00:00Z", "changed": True},
        ]
    }
    assert client.get("/api/v1/offices/beta/alert").get_json() == {"office": "beta", "active": True, "since": "2026-11-24T08:00:00Z"}
    assert [row["office"] for row in client.get("/api/v1/alerts").get_json()["offices"]] == ["alpha", "beta"]
    refused = client.post("/api/v1/offices/beta/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk_beta"]))
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "air_raid"
    clock.advance(30)
    ended = switch(client, tokens["admin"], {"offices": "all", "active": False}).get_json()
    assert ended["offices"] == [
        {"office": "alpha", "active": False, "since": None, "changed": True},
        {"office": "beta", "active": False, "since": None, "changed": True},
    ]
    assert client.get("/api/v1/alerts").get_json() == {"offices": []}
    audit = client.get("/api/v1/audit", headers=bearer(tokens["manager"])).get_json()
    assert sorted((entry["office"], entry["action"], entry["actor"]) for entry in audit if entry["action"].startswith("air_raid")) == [
        ("alpha", "air_raid_end", "user:root"), ("alpha", "air_raid_start", "user:head"),
        ("beta", "air_raid_end", "user:root"), ("beta", "air_raid_start", "user:head"),
    ]


def test_an_office_already_in_alert_is_reported_unchanged_not_refused(client, tokens) -> None:
    assert client.post("/api/v1/offices/alpha/alert", json={"active": True}, headers=bearer(tokens["supervisor"])).status_code == 200
    answer = switch(client, tokens["manager"], {"offices": "all", "active": True})
    assert answer.status_code == 200
    assert [(row["office"], row["active"], row["changed"]) for row in answer.get_json()["offices"]] == [("alpha", True, False), ("beta", True, True)]
    ending_none = switch(client, tokens["manager"], {"offices": ["beta"], "active": True}).get_json()
    assert ending_none["offices"][0]["changed"] is False


def test_only_a_manager_or_an_admin_switches_several_offices(client, tokens) -> None:
    for caller in ("supervisor", "supervisor_beta", "operator", "kiosk", "display"):
        answer = switch(client, tokens[caller], {"offices": ["alpha"], "active": True})
        assert answer.status_code == 403, caller
    assert switch(client, None, {"offices": ["alpha"], "active": True}).status_code == 401
    assert client.get("/api/v1/alerts").get_json() == {"offices": []}


def test_bad_input_is_a_400_that_changes_nothing(client, tokens) -> None:
    manager = tokens["manager"]
    for body in (
        {"offices": ["alpha", "nowhere"], "active": True},
        {"offices": [], "active": True},
        {"offices": "everywhere", "active": True},
        {"offices": [["alpha"]], "active": True},
        {"offices": {"alpha": True}, "active": True},
        {"offices": ["alpha"]},
        {"offices": ["alpha"], "active": "yes"},
        {"offices": ["alpha"], "active": True, "reason": "x"},
        {"active": True},
    ):
        answer = switch(client, manager, body)
        assert answer.status_code == 400, (body, answer.get_json())
        assert answer.get_json()["error"]["code"] == "invalid_request"
    unknown = switch(client, manager, {"offices": ["alpha", "nowhere"], "active": True}).get_json()["error"]
    assert "nowhere" in unknown["message"] and unknown["details"]["unknown"] == ["nowhere"]
    assert client.get("/api/v1/alerts").get_json() == {"offices": []}
    assert client.get("/api/v1/offices/alpha/queue").get_json()["seq"] == 0


def test_the_dashboard_reads_each_offices_alert(client, tokens, clock) -> None:
    switch(client, tokens["manager"], {"offices": ["beta"], "active": True})
    rows = {row["office"]: row["air_raid"] for row in client.get("/api/v1/dashboard", headers=bearer(tokens["manager"])).get_json()["offices"]}
    assert rows == {"alpha": {"active": False, "since": None}, "beta": {"active": True, "since": "2026-11-24T08:00:00Z"}}
    beta = client.get("/api/v1/dashboard/beta", headers=bearer(tokens["supervisor_beta"])).get_json()
    assert beta["air_raid"] == {"active": True, "since": "2026-11-24T08:00:00Z"}
    clock.advance(10)
    switch(client, tokens["manager"], {"offices": ["beta"], "active": False})
    assert client.get("/api/v1/dashboard?office=beta", headers=bearer(tokens["manager"])).get_json()["offices"][0]["air_raid"]["active"] is False
