"""Each report file is sent with exactly one media type and, for text, exactly one charset."""

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

PERIOD = "from=2026-01-01&to=2026-01-31"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/reports/export.csv", "text/csv; charset=utf-8"),
        ("/api/v1/reports/export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("/api/v1/reports/export.sqlite", "application/vnd.sqlite3"),
        ("/api/v1/reports/summary", "application/json"),
    ],
)
def test_the_exact_content_type(client, tokens, path: str, content_type: str) -> None:
    answer = client.get(f"{path}?office=alpha&{PERIOD}", headers=bearer(tokens["manager"]))
    assert answer.status_code == 200
    assert answer.headers.getlist("Content-Type") == [content_type]
