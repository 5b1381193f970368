"""A recipient is checked where it is made: a phone in international form, or an e-mail address."""

from __future__ import annotations

import pytest

from queue_server.messaging.message import InvalidRecipient, Recipient


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+380 67 123 45 67", "+380671234567"),
        ("067-123-45-67", "+380671234567"),
        ("(067) 123 45 67", "+380671234567"),
        ("380671234567", "+380671234567"),
        ("+48 601 234 567", "+48601234567"),
    ],
)
def test_a_phone_is_kept_in_international_form(typed: str, stored: str) -> None:
    assert Recipient(phone=typed).phone == stored


@pytest.mark.parametrize("typed", ["", "12345", "067123456", "+38067abc4567", "+1234567890123456", "0671234567 ext 3"])
def test_a_phone_no_gateway_could_use_is_refused(typed: str) -> None:
    with pytest.raises(InvalidRecipient):
        Recipient(phone=typed)


def test_an_email_address_is_checked_and_trimmed() -> None:
    assert Recipient(email=" olena@example.org ").email == "olena@example.org"
    for bad in ("olena", "olena@", "o lena@example.org", "a@b", "x" * 250 + "@example.org"):
        with pytest.raises(InvalidRecipient):
            Recipient(email=bad)


def test_a_recipient_needs_a_phone_or_an_address() -> None:
    with pytest.raises(InvalidRecipient):
        Recipient()
