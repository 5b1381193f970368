"""The annual report's JSON: the shape of the city's public report, with the figures recomputed."""

from __future__ import annotations

from collections import Counter

from reporting.expected import KYIV, TARGETS, figures, first_service
from web import bearer


def annual(client, tokens, query: str, who: str = "manager"):
    answer = client.get(f"/api/v1/reports/annual?{query}", headers=bearer(tokens[who]))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_json()


def test_the_network_s_year(reader, shared_tokens, shared_loaded) -> None:
    report = annual(reader, shared_tokens, "year=2026")
    visits = [v for v in shared_loaded.visits if v.issued_at.astimezone(KYIV).year == 2026]
    whole = figures(visits, TARGETS)
    assert (report["year"], report["office"], report["from"], report["to"]) == (2026, None, "2026-01-01", "2026-12-31")
    assert report["title"] == "Тестова мережа"
    assert report["totals"] == whole
    assert report["wait"] == {
        "p50_minutes": whole["wait_p50_minutes"], "p90_minutes": whole["wait_p90_minutes"],
        "max_minutes": whole["wait_max_minutes"], "within_target_share": whole["within_target_share"],
    }  # fmt: skip
    assert report["satisfaction"] == {"ratings": whole["ratings"], "average_rating": whole["average_rating"], "satisfaction_share": whole["satisfaction_share"]}
    assert report["complaints"] == {"count": whole["complaints"], "per_1000": whole["complaints_per_1000"]}
    assert [month["month"] for month in report["months"]] == [f"2026-{m:02d}" for m in range(1, 13)]
    for month in report["months"]:
        members = [v for v in visits if v.issued_at.astimezone(KYIV).strftime("%Y-%m") == month["month"]]
        assert {k: v for k, v in month.items() if k not in ("month", "label", "label_en")} == figures(members, TARGETS)
    assert report["months"][0]["label"] == "січень 2026" and report["months"][11]["served"] == 0
    assert [office["office"] for office in report["offices"]] == ["alpha", "beta"]
    for office in report["offices"]:
        mine = [v for v in visits if v.office == office["office"]]
        by_month = Counter(v.issued_at.astimezone(KYIV).month for v in mine if v.status == "done")
        assert office["served_by_month"] == [by_month.get(m, 0) for m in range(1, 13)]
        assert office["served"] == sum(office["served_by_month"]) == figures(mine, TARGETS)["served"]
        assert office["within_target_share"] == figures(mine, TARGETS)["within_target_share"]
    served = Counter(first_service(v) for v in visits if v.status == "done")  # a visit of several steps: its first
    assert [(s["service"], s["served"]) for s in report["top_services"]] == sorted(served.items(), key=lambda item: (-item[1], item[0]))
    assert round(sum(s["share_of_served"] for s in report["top_services"]), 3) == 1.0


def test_an_office_s_year_for_its_supervisor(reader, shared_tokens, shared_loaded) -> None:
    report = annual(reader, shared_tokens, "year=2026&office=beta", who="supervisor_beta")
    assert report["office"] == "beta" and report["title"] == "Бета"
    assert [office["office"] for office in report["offices"]] == ["beta"]
    assert [s["service"] for s in report["top_services"]] == ["passport"]


def test_a_year_without_visits(reader, shared_tokens, shared_loaded) -> None:
    report = annual(reader, shared_tokens, "year=2025&office=alpha")
    assert report["totals"]["issued"] == 0 and report["top_services"] == []
    assert report["offices"][0]["served_by_month"] == [0] * 12
