"""Counted words agree with their number: 1 відвідувач, 2–4 відвідувачі, 5+ відвідувачів."""

from __future__ import annotations

import pytest

from queue_server.i18n import plural_form, translate

UK = ["відвідувач", "відвідувачі", "відвідувачів"]


@pytest.mark.parametrize(
    ("count", "form"),
    [(0, 2), (1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2), (21, 0), (22, 1), (25, 2), (101, 0), (111, 2), (1234, 1)],
)
def test_the_ukrainian_forms(count: int, form: int) -> None:
    assert plural_form(count, UK) == UK[form]


def test_the_english_forms() -> None:
    assert [plural_form(count, ["visitor", "visitors"]) for count in (0, 1, 2, 21)] == ["visitors", "visitor", "visitors", "visitors"]


@pytest.mark.parametrize(
    ("count", "uk", "en"),
    [
        (1, "залишив 1 відвідувач;", "1 visitor rated"),
        (3, "залишили 3 відвідувачі;", "3 visitors rated"),
        (5, "залишили 5 відвідувачів;", "5 visitors rated"),
        (21, "залишив 21 відвідувач;", "21 visitors rated"),
    ],
)
def test_the_annual_report_s_ratings_sentence(count: int, uk: str, en: str) -> None:
    values = {"count": count, "ratings": str(count), "average": "4,5", "share": "90 %"}
    assert uk in translate("reports.annual.ratings_text", "uk", **values)
    assert en in translate("reports.annual.ratings_text", "en", **values)


def test_the_dashboard_s_queue_alert() -> None:
    assert "1 чекає понад 15 хв" in translate("dashboard.alert.queue", "uk", service="Консультація", count=1, target=15)
    assert "3 чекають понад" in translate("dashboard.alert.queue", "uk", service="Консультація", count=3, target=15)


def test_a_plural_choice_needs_two_or_three_forms() -> None:
    with pytest.raises(ValueError):
        plural_form(2, ["one"])



def test_the_kiosk_counts_the_people_ahead() -> None:
    assert "перед вами 1 особа," in translate("kiosk.wait.long", "uk", ahead=1, minutes=20)
    assert "перед вами 3 особи," in translate("kiosk.wait.long", "uk", ahead=3, minutes=20)
    assert "Перед вами 5 осіб." in translate("kiosk.wait.no_desk", "uk", ahead=5)
    assert translate("kiosk.wait.no_desk", "en", ahead=1).count("1 person is ahead of you") == 1
