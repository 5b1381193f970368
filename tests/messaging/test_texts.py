"""The texts come from the catalogue, in Ukrainian and English, with the booking's time in the office's zone."""

from __future__ import annotations

import pytest

from message_fakes import LINK, booking_values, ticket_values
from queue_server.messaging.message import Template
from queue_server.messaging.texts import MissingValue, render, sms_segments


def test_a_booking_confirmation_in_ukrainian_names_the_office_service_local_time_code_and_link() -> None:
    text = render(Template.BOOKING_CONFIRMED, booking_values(), "uk")
    assert text.lang == "uk"
    assert text.body == f"Ви записані: Послуга passport, Альфа, 25.11.2026 о 09:30. Код K7M4Q. Змінити чи скасувати: {LINK}"
    assert text.subject == "Запис на 25.11.2026 о 09:30: код K7M4Q"


def test_the_same_in_english() -> None:
    text = render(Template.BOOKING_CONFIRMED, booking_values(), "en")
    assert text.body == f"Booked: Service passport, Alpha, 25.11.2026 at 09:30. Code K7M4Q. Change or cancel: {LINK}"


def test_an_unknown_language_is_ukrainian() -> None:
    assert render(Template.BOOKING_REMINDER, booking_values(), "pl").lang == "uk"


def test_the_time_is_the_office_s_even_across_the_summer_time_change() -> None:
    import datetime as dt

    summer = dt.datetime(2026, 7, 1, 6, 0, tzinfo=dt.timezone.utc)  # 9:00 in Kyiv (UTC+3)
    assert "01.07.2026 о 09:00" in render(Template.BOOKING_CONFIRMED, booking_values(at=summer), "uk").body


def test_a_remote_ticket_s_turn_is_near() -> None:
    text = render(Template.TURN_NEAR, ticket_values(), "uk")
    assert text.body == f"Альфа: номер П015 скоро викличуть, перед вами 3. Час іти: {LINK}"
    assert render(Template.TURN_NEAR, ticket_values(), "en").subject == "Number П015: your turn is near"


@pytest.mark.parametrize("template", list(Template))
@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_template_has_both_texts(template: Template, lang: str) -> None:
    values = ticket_values() if template is Template.TURN_NEAR else booking_values()
    text = render(template, values, lang)
    assert text.subject and text.body and "{" not in text.body


def test_a_value_the_text_needs_and_the_caller_left_out_is_an_error() -> None:
    with pytest.raises(MissingValue, match="code"):
        render(Template.BOOKING_CONFIRMED, booking_values(code=None), "uk")
    with pytest.raises(MissingValue, match="ahead"):
        render(Template.TURN_NEAR, ticket_values(ahead=None), "en")


def test_sms_segments_count_gsm_letters_and_ukrainian_ones_apart() -> None:
    assert sms_segments("a" * 160) == 1 and sms_segments("a" * 161) == 2
    assert sms_segments("я" * 70) == 1 and sms_segments("я" * 71) == 2 and sms_segments("я" * 135) == 3
    assert sms_segments("€" * 80) == 1 and sms_segments("€" * 81) == 2  # two places each


@pytest.mark.parametrize(
    ("template", "lang", "most"),
    [
        (Template.BOOKING_CONFIRMED, "uk", 3),
        (Template.BOOKING_CONFIRMED, "en", 1),
        (Template.BOOKING_REMINDER, "uk", 3),
        (Template.BOOKING_REMINDER, "en", 1),
        (Template.BOOKING_CANCELLED, "uk", 2),
        (Template.BOOKING_CANCELLED, "en", 1),
        (Template.TURN_NEAR, "uk", 2),
        (Template.TURN_NEAR, "en", 2),  # the ticket number's letter is Cyrillic
    ],
)
def test_the_lengths_docs_messages_md_gives(template: Template, lang: str, most: int) -> None:
    """The segments of each text with the test network's short names (docs/messages.md gives the bundled network's)."""
    values = ticket_values() if template is Template.TURN_NEAR else booking_values()
    assert sms_segments(render(template, values, lang).body) <= most
