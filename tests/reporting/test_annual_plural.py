"""The annual report page writes its ratings sentence in the form its count asks for."""

from __future__ import annotations

from queue_server.i18n import plural_form
from web import bearer

UK = ["відвідувач", "відвідувачі", "відвідувачів"]


def test_the_annual_report_page_writes_the_sentence_for_its_count(app_ctx, client, tokens, loaded) -> None:
    ratings = client.get("/api/v1/reports/annual?year=2026", headers=bearer(tokens["manager"])).get_json()["satisfaction"]["ratings"]
    assert ratings > 0
    assert client.post("/api/v1/auth/login", json={"username": "head", "password": "password-1"}).status_code == 200
    page = client.get("/reports/annual?year=2026")
    assert page.status_code == 200
    verb = plural_form(ratings, ["залишив", "залишили", "залишили"])
    assert f"{verb} {ratings:,} {plural_form(ratings, UK)};".replace(",", "\u202f") in page.get_data(as_text=True)
