"""The CSV's total row says in words what it totals, instead of repeating its key."""

from __future__ import annotations

import csv
import io

from web import bearer

PERIOD = "from=2026-01-01&to=2026-03-31"


def total_row(client, tokens, query: str) -> dict[str, str]:
    answer = client.get(f"/api/v1/reports/export.csv?{PERIOD}{query}", headers=bearer(tokens["manager"]))
    assert answer.status_code == 200
    return next(csv.DictReader(io.StringIO(answer.get_data().decode("utf-8-sig"))))


def test_the_network_total_is_labelled_as_such(reader, shared_tokens, shared_loaded) -> None:
    row = total_row(reader, shared_tokens, "")
    assert (row["group"], row["key"], row["label"], row["label_en"]) == ("total", "network", "Усього по мережі", "Network total")


def test_an_office_s_total_names_the_office(reader, shared_tokens, shared_loaded) -> None:
    office = reader.get("/api/v1/offices", headers=bearer(shared_tokens["manager"])).get_json()
    names = {item["code"]: (item["name"], item.get("name_en")) for item in office}
    row = total_row(reader, shared_tokens, "&office=alpha")
    assert (row["group"], row["key"]) == ("total", "alpha")
    assert row["label"] == f"Усього: {names['alpha'][0]}"
    assert row["label_en"].startswith("Total: ") and row["label_en"] != "Total: alpha"
