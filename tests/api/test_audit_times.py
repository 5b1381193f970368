"""The audit's time filters: what the document's pattern allows the server takes, the rest is a 400, never a 500."""

from __future__ import annotations

import re

import pytest

from web import bearer


# The tests here only read, or are refused: one app for the whole module.
@pytest.fixture
def app(shared_app):
    return shared_app


@pytest.fixture
def tokens(shared_tokens):
    return shared_tokens


@pytest.mark.parametrize(
    "query",
    [
        "until=0001-01-01T00:00:00%2B01:00",  # before year 1 in UTC
        "since=9999-12-31T23:59:59-01:00",  # after year 9999 in UTC
        "since=2026-11-24",  # a day, not a time
        "since=2026-11-24t08:00:00z",
        "since=2026-11-24T08:00:00%2B0200",
    ],
)
def test_a_time_out_of_reach_or_out_of_shape_is_a_400(client, tokens, query: str) -> None:
    answer = client.get(f"/api/v1/audit?{query}", headers=bearer(tokens["manager"]))
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["details"]["field"] == query.split("=")[0]


@pytest.mark.parametrize("moment", ["2026-11-24T08:00:00Z", "2026-11-24T08:00:00", "2026-11-24T08:00:00.5%2B02:00"])
def test_a_time_the_document_allows_is_taken(client, tokens, moment: str) -> None:
    pattern = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/audit"]["get"]["parameters"][0]["schema"]["pattern"]
    assert re.search(pattern, moment.replace("%2B", "+"))
    assert client.get(f"/api/v1/audit?since={moment}", headers=bearer(tokens["manager"])).status_code == 200
