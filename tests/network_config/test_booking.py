"""Booking settings: the network's [booking], an office's `booking = { … }`, a service's `bookable` and share."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.booking_rules import terms_for
from queue_server.domain.model import BookingRules, BookingTerms, Network, PersonLimits
from queue_server.network_config import load_network

BOOKING = "[booking]\n# The whole story"
VET = '[offices.vet]\nkind = "veterans"'
MARRIAGE_SHARE = "bookable_share = 0.8  # couples plan the day: most places by appointment"
RESULT_BOOKABLE = "bookable = false  # a few minutes at the counter: nobody needs to book it"


@pytest.fixture(scope="module")
def viza() -> Network:
    return load_network()


def test_the_bundled_network_books_as_its_files_say(viza) -> None:
    assert viza.booking == BookingRules(
        BookingTerms(True, 0.5, 21, dt.time(8), dt.timedelta(minutes=60), dt.timedelta(minutes=15), dt.timedelta(minutes=10)),
        PersonLimits(4, 3, dt.timedelta(days=90)),
    )
    assert viza.offices["main"].booking == viza.booking.terms
    assert viza.offices["mob-1"].booking.horizon_days == 14 and viza.offices["mob-1"].booking.bookable_share == 0.5
    assert not viza.services["result-collection"].bookable and viza.services["consultation"].bookable
    assert viza.services["civil-marriage"].bookable_share == 0.8 and viza.services["consultation"].bookable_share is None
    assert terms_for(viza.offices["main"], viza.services["civil-marriage"]).bookable_share == 0.8


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("bookable_share = 0.5", "bookable_share = 1.5", ["booking.bookable_share", "from 0 to 1", "1.5"]),
        ("bookable_share = 0.5", "bookable_share = -0.1", ["booking.bookable_share", "from 0 to 1"]),
        ("bookable_share = 0.5", 'bookable_share = "half"', ["booking.bookable_share", "a number", "'half'"]),
        ("bookable = true", 'bookable = "yes"', ["booking.bookable", "true or false"]),
        ("horizon_days = 21", "horizon_days = 400", ["booking.horizon_days", "from 0 to 180", "400"]),
        ("horizon_days = 21", "horizon_days = 2.5", ["booking.horizon_days", "whole number"]),
        ('release_time = "08:00"', 'release_time = "8:00"', ["booking.release_time", "time of day such as \"08:00\"", "'8:00'"]),
        ('release_time = "08:00"', 'release_time = "25:00"', ["booking.release_time", "not a time of day"]),
        ('release_time = "08:00"', "release_time = 8", ["booking.release_time", "time of day"]),
        ("cutoff_minutes = 60", "cutoff_minutes = -5", ["booking.cutoff_minutes", "from 0 to 10080"]),
        ("early_minutes = 15", "early_minutes = 300", ["booking.early_minutes", "from 0 to 240"]),
        ("grace_minutes = 10", "grace_minutes = -1", ["booking.grace_minutes", "from 0 to 240"]),
        ("monthly_limit = 4", 'monthly_limit = "four"', ["booking.monthly_limit", "whole number", "'four'"]),
        ("monthly_limit = 4", "monthly_limit = 1000", ["booking.monthly_limit", "from 0 to 100"]),
        ("no_show_block = 3", "no_show_block = -3", ["booking.no_show_block", "from 0 to 100"]),
        ("no_show_period_days = 90", "no_show_period_days = 0", ["booking.no_show_period_days", "from 1 to 366"]),
        ("bookable_share = 0.5", "bookable_shares = 0.5", ["booking.bookable_shares", "unknown key"]),
        (BOOKING, "[bookings]\n# The whole story", ["network.toml: bookings: unknown key"]),
    ],
)
def test_each_network_mistake_is_named(config, old, new, words) -> None:
    config.edit("network.toml", old, new).refused("network.toml", *words)


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("booking = { bookable_share = 2 }", ["offices.vet.booking.bookable_share", "from 0 to 1"]),
        ('booking = { release_time = "noon" }', ["offices.vet.booking.release_time", "'noon'"]),
        ("booking = { monthly_limit = 2 }", ["offices.vet.booking.monthly_limit", "unknown key"]),  # a person's limit is the network's
        ('booking = "yes"', ["offices.vet.booking", "must be a table"]),
    ],
)
def test_each_office_mistake_is_named(config, new, words) -> None:
    config.edit("offices.toml", VET, f"{VET}\n{new}").refused("offices.toml", *words)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (MARRIAGE_SHARE, "bookable_share = 1.8", ["services.civil-marriage.bookable_share", "from 0 to 1"]),
        (RESULT_BOOKABLE, "bookable = 0", ["services.result-collection.bookable", "true or false"]),
        (RESULT_BOOKABLE, "bookable_after = 3", ["services.result-collection.bookable_after", "unknown key"]),
    ],
)
def test_each_service_mistake_is_named(config, old, new, words) -> None:
    config.edit("services.toml", old, new).refused("services.toml", *words)


def test_an_office_changes_only_the_terms_it_names(config) -> None:
    network = config.edit("offices.toml", VET, f'{VET}\nbooking = {{ bookable_share = 0.3, release_time = "07:30", cutoff_minutes = 0 }}').load()
    vet = network.offices["vet"].booking
    assert (vet.bookable_share, vet.release_time, vet.cutoff) == (0.3, dt.time(7, 30), dt.timedelta(0))
    assert (vet.horizon_days, vet.early, vet.grace, vet.bookable) == (21, dt.timedelta(minutes=15), dt.timedelta(minutes=10), True)
    assert network.offices["main"].booking.bookable_share == 0.5


def test_an_office_follows_the_network_s_changed_defaults(config) -> None:
    network = config.edit("network.toml", "horizon_days = 21", "horizon_days = 30").load()
    assert network.offices["main"].booking.horizon_days == 30 and network.offices["mob-2"].booking.horizon_days == 14


def test_a_network_without_a_booking_table_keeps_the_defaults(config) -> None:
    text = (config.folder / "network.toml").read_text(encoding="utf-8")
    start, end = text.index("\n[booking]\n"), text.index("\n# [priorities.CODE]")
    network = config.edit("network.toml", text[start:end], "").load()
    assert network.booking == BookingRules() and network.offices["main"].booking == BookingTerms()


def test_booking_can_be_switched_off_for_the_network_an_office_or_a_service(config) -> None:
    network = config.edit("network.toml", "bookable = true", "bookable = false").load()
    assert not any(office.booking.bookable for office in network.offices.values())
    network = config.edit("offices.toml", VET, f"{VET}\nbooking = {{ bookable = true }}").load()
    assert network.offices["vet"].booking.bookable and not network.offices["main"].booking.bookable
