"""Report periods stay within the years a report can cover (2000–2100): a day at the calendar's edge is a 400, never a 500."""

from __future__ import annotations

import pytest

from web import bearer


# The tests here only read, or are refused: one app for the whole module.
@pytest.fixture
def app(shared_app):
    return shared_app


@pytest.fixture
def tokens(shared_tokens):
    return shared_tokens


@pytest.mark.parametrize("report", ["summary", "operators", "export.sqlite", "figures"])
@pytest.mark.parametrize(
    "period",
    ["from=0001-01-01&to=0001-01-02", "from=9999-12-30&to=9999-12-31", "from=1999-12-31&to=2000-01-01", "from=2100-12-31&to=2101-01-01"],
)
def test_a_day_out_of_reach_is_a_400_that_names_it(client, tokens, report: str, period: str) -> None:
    group = "&group=day" if report == "figures" else ""
    answer = client.get(f"/api/v1/reports/{report}?{period}{group}", headers=bearer(tokens["manager"]))
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    assert answer.get_json()["error"]["details"]["field"] in ("from", "to")


def test_the_edges_of_the_reach_are_taken(client, tokens) -> None:
    for period in ("from=2000-01-01&to=2000-01-02", "from=2100-12-30&to=2100-12-31"):
        assert client.get(f"/api/v1/reports/summary?{period}", headers=bearer(tokens["manager"])).status_code == 200
