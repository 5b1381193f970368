"""`GET /api/v1/waits`: public, in the language asked, cacheable with an ETag, strict about its query."""

from __future__ import annotations

from openapi_check import check_answer
from web import bearer

TEMPLATE = "/api/v1/waits"


def test_anyone_reads_every_office_with_cache_headers(client) -> None:
    answer = client.get("/api/v1/waits")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "public, max-age=15"
    assert answer.headers["ETag"].startswith('"')
    body = answer.get_json()
    assert body["lang"] == "uk" and [office["code"] for office in body["offices"]] == ["alpha", "beta"]
    alpha = body["offices"][0]
    assert list(alpha) == [
        "code", "name", "kind", "address", "timezone", "open_now", "hours_today", "opens_next", "waiting", "open_desks", "groups",
    ]
    assert alpha["name"] == "Альфа" and alpha["hours_today"] == ["08:00", "20:00"] and alpha["open_now"] is True
    assert alpha["groups"][0] == {
        "category": "docs", "name": "Документи", "waiting": 0, "estimated_wait_minutes": None, "estimate": "no_desk_open", "open_desks": 0,
    }
    assert body["quietest"] == [
        {
            "service": "passport", "name": "Послуга passport", "category": "docs", "offices": 2,
            "office": None, "office_name": None, "estimated_wait_minutes": None, "waiting": None,
        }
    ]
    check_answer(client.get("/api/v1/openapi.json").get_json(), "GET", TEMPLATE, 200, answer.headers["Content-Type"], body)


def test_english_names_and_addresses(client) -> None:
    body = client.get("/api/v1/waits?lang=en").get_json()
    assert body["lang"] == "en"
    assert (body["offices"][0]["name"], body["offices"][0]["address"], body["offices"][0]["groups"][0]["name"]) == ("Alpha", "1 Test St", "Documents")


def test_an_unchanged_answer_is_a_304_and_a_changed_one_is_not(client, tokens) -> None:
    first = client.get("/api/v1/waits")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/waits", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "public, max-age=15"
    check_answer(client.get("/api/v1/openapi.json").get_json(), "GET", TEMPLATE, 304, again.headers.get("Content-Type", ""), None)
    assert client.get("/api/v1/waits", headers={"If-None-Match": f'W/{etag}, "other"'}).status_code == 304  # weak comparison, a list
    assert client.get("/api/v1/waits?lang=en", headers={"If-None-Match": etag}).status_code == 200  # another language, another answer

    issued = client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk"]))
    assert issued.status_code == 201
    changed = client.get("/api/v1/waits", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["offices"][0]["waiting"] == 1


def test_a_bad_query_is_a_400_that_names_it(client) -> None:
    for query, field in (("lang=de", "lang"), ("lang=", "lang"), ("office=alpha", "office")):
        answer = client.get(f"/api/v1/waits?{query}")
        assert answer.status_code == 400, query
        error = answer.get_json()["error"]
        assert error["code"] == "invalid_request" and field in error["message"], (query, error)


def test_the_document_declares_it_public_with_its_304(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"][TEMPLATE]["get"]
    assert operation["x-cherga-auth"] == "none" and "security" not in operation
    assert set(operation["responses"]) == {"200", "304", "400"}
    assert "content" not in operation["responses"]["304"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/NetworkWaits"}
    assert [parameter["name"] for parameter in operation["parameters"]] == ["lang"]
    assert operation["parameters"][0]["schema"]["enum"] == ["uk", "en"]


def test_the_kept_answer_follows_the_clock_too(client, clock) -> None:
    import datetime as dt

    assert client.get("/api/v1/waits").get_json()["offices"][0]["open_now"] is True
    clock.now = dt.datetime(2026, 11, 24, 18, 30, tzinfo=dt.timezone.utc)  # 20:30 in Kyiv: closed, and no event said so
    alpha = client.get("/api/v1/waits").get_json()["offices"][0]
    assert alpha["open_now"] is False and alpha["opens_next"] == "2026-11-25T06:00:00Z"


def test_one_read_of_the_network_serves_every_caller_until_something_changes(app_ctx, client, tokens) -> None:
    import sqlalchemy as sa

    seen: list[str] = []

    def record(conn, cursor, statement, *rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    def reads_of_the_network() -> int:  # the waiting counts are the network read's first query
        return sum(1 for statement in seen if "count(*) AS waiting" in statement)

    sa.event.listen(app_ctx.engine, "before_cursor_execute", record)
    try:
        for _ in range(5):
            assert client.get("/api/v1/waits").status_code == 200
        assert reads_of_the_network() == 1
        client.post("/api/v1/offices/beta/tickets", json={"service": "passport"}, headers=bearer(tokens["kiosk_beta"]))
        assert client.get("/api/v1/waits").get_json()["offices"][1]["waiting"] == 1
        assert reads_of_the_network() == 2
    finally:
        sa.event.remove(app_ctx.engine, "before_cursor_execute", record)
