"""Who may read which report, and what a bad parameter gets: a 400 that names it, never a 500."""

from __future__ import annotations

import pytest

from web import bearer

PERIOD = "from=2026-01-01&to=2026-01-31"
PATHS = (
    f"/api/v1/reports/summary?{PERIOD}",
    f"/api/v1/reports/figures?{PERIOD}&group=day",
    f"/api/v1/reports/operators?{PERIOD}",
    f"/api/v1/reports/export.csv?{PERIOD}",
    f"/api/v1/reports/export.xlsx?{PERIOD}",
    f"/api/v1/reports/export.sqlite?{PERIOD}",
    "/api/v1/reports/annual?year=2026",
)

@pytest.fixture(scope="module")
def client(shared_app):
    """Every test here only reads: one app for the module."""
    return shared_app.test_client()


@pytest.fixture(scope="module")
def tokens(shared_tokens):
    return shared_tokens


# who gets what, for office alpha, office beta and the whole network
ANSWERS = {
    "anonymous": (401, 401, 401),
    "operator": (403, 403, 403),
    "kiosk": (403, 403, 403),
    "display": (403, 403, 403),
    "supervisor": (200, 403, 403),
    "supervisor_beta": (403, 200, 403),
    "manager": (200, 200, 200),
    "admin": (200, 200, 200),
}


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.split("?")[0].removeprefix("/api/v1/reports/"))
@pytest.mark.parametrize("caller", ANSWERS)
def test_managers_any_office_supervisors_their_own_nobody_else(client, tokens, path, caller) -> None:
    headers = bearer(tokens[caller]) if caller != "anonymous" else {}
    got = tuple(
        client.get(path + suffix, headers=headers).status_code for suffix in ("&office=alpha", "&office=beta", "")
    )
    assert got == ANSWERS[caller]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("from=2026-13-01&to=2026-12-31", "from"),
        ("from=2026-02-30&to=2026-03-01", "from"),
        ("from=yesterday&to=2026-03-01", "from"),
        ("from=20260101&to=2026-03-01", "from"),
        ("from=2026-01-01", "to"),
        ("to=2026-01-01", "from"),
        ("from=2026-03-02&to=2026-03-01", "from"),
        ("from=2020-01-01&to=2026-12-31", "to"),
        ("from=2026-01-01&to=2026-01-31&office=gamma", "office"),
        ("from=2026-01-01&to=2026-01-31&service=divorce", "service"),
        ("from=2026-01-01&to=2026-01-31&hour=24", "hour"),
        ("from=2026-01-01&to=2026-01-31&hour=-1", "hour"),
        ("from=2026-01-01&to=2026-01-31&hour=nine", "hour"),
        ("from=2026-01-01&to=2026-01-31&hour=%D9%A3", "hour"),  # an Arabic-Indic digit three
        ("from=2026-01-01&to=2026-01-31&weekday=0", "weekday"),
        ("from=2026-01-01&to=2026-01-31&weekday=8", "weekday"),
        ("from=2026-01-01&to=2026-01-31&operator=", "operator"),
        ("from=2026-01-01&to=2026-01-31&colour=red", "colour"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, tokens, query, names) -> None:
    answer = client.get(f"/api/v1/reports/summary?{query}", headers=bearer(tokens["manager"]))
    assert answer.status_code == 400, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert names in error["message"]


@pytest.mark.parametrize(
    "query",
    [f"{PERIOD}", f"{PERIOD}&group=year", f"{PERIOD}&group=", f"{PERIOD}&group=office&group_by=hour"],
)
def test_figures_need_a_known_group(client, tokens, query) -> None:
    answer = client.get(f"/api/v1/reports/figures?{query}", headers=bearer(tokens["manager"]))
    assert answer.status_code == 400 and "group" in answer.get_json()["error"]["message"]


@pytest.mark.parametrize("query", ["", "year=26", "year=1999", "year=2026&from=2026-01-01", "year=twenty"])
def test_the_annual_report_needs_a_year(client, tokens, query) -> None:
    answer = client.get(f"/api/v1/reports/annual?{query}", headers=bearer(tokens["manager"]))
    assert answer.status_code == 400, answer.get_data(as_text=True)


def test_the_operators_report_takes_no_service_or_hour(client, tokens) -> None:
    answer = client.get(f"/api/v1/reports/operators?{PERIOD}&service=passport", headers=bearer(tokens["manager"]))
    assert answer.status_code == 400 and "service" in answer.get_json()["error"]["message"]


def test_three_years_are_allowed(client, tokens) -> None:
    answer = client.get("/api/v1/reports/summary?from=2024-01-01&to=2026-12-31", headers=bearer(tokens["manager"]))
    assert answer.status_code == 200


ODD = ["", " ", "0", "-1", "9" * 40, "2026-1-1", "２０２６-01-01", "null", "x" * 300, "%00", "'; drop table tickets; --", "ї"]


@pytest.mark.parametrize("path", [path.split("?")[0] for path in PATHS], ids=lambda path: path.removeprefix("/api/v1/reports/"))
@pytest.mark.parametrize("name", ["office", "from", "to", "service", "operator", "hour", "weekday", "group", "year"])
def test_odd_values_are_never_a_500(client, tokens, path, name) -> None:
    base = {"year": "2026"} if path.endswith("annual") else {"from": "2026-01-01", "to": "2026-01-31"}
    if path.endswith("figures"):
        base["group"] = "hour"
    assert client.get(path, query_string=base, headers=bearer(tokens["manager"])).status_code == 200
    for value in ODD:
        query = {**base, name: value}
        answer = client.get(path, query_string=query, headers=bearer(tokens["manager"]))
        assert answer.status_code in (200, 400), (name, value, answer.status_code)
