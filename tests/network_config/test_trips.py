"""A mobile office's trips (`[[offices.CODE.trips]]`): date, stop and hours, each mistake named with its key."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.model import LocalizedText
from queue_server.domain.trips import Trip, in_period, upcoming
from queue_server.network_config import load_network

MOB_3 = '[offices.mob-3]\nkind = "mobile"'


def trip(date: str = "2027-02-02", stop: str = "с. Тестове", stop_en: str = "Testove village", hours: str = "10:00-14:00", office: str = "mob-3") -> str:
    return f'[[offices.{office}.trips]]\ndate = {date}\nstop = "{stop}"\nstop_en = "{stop_en}"\nhours = "{hours}"\n'


def test_the_bundled_vans_publish_their_trips_in_order_and_other_offices_none() -> None:
    viza = load_network()
    first = viza.offices["mob-1"].trips
    assert first[0] == Trip(
        dt.date(2026, 12, 8), LocalizedText("с. Рахманівка, біля сільради", "Rakhmanivka village, by the village council"), dt.time(10), dt.time(14)
    )
    assert len(first) >= 4 and len(viza.offices["mob-2"].trips) >= 4
    for office in ("mob-1", "mob-2"):
        trips = viza.offices[office].trips
        assert list(trips) == sorted(trips, key=lambda item: (item.date, item.start))
        assert {item.date.year for item in trips} == {2026, 2027}
    assert all(not office.trips for office in viza.offices.values() if office.kind != "mobile")


def test_a_mobile_office_lists_trips_as_tables_or_with_a_date_written_as_text(config) -> None:
    network = config.append("offices.toml", trip(hours="12:30-15:00") + trip(date='"2027-02-02"', stop="с. Друге", hours="09:00-12:00")).load()
    trips = network.offices["mob-3"].trips
    assert [(item.stop.uk, item.start, item.end) for item in trips] == [("с. Друге", dt.time(9), dt.time(12)), ("с. Тестове", dt.time(12, 30), dt.time(15))]


def test_the_trips_from_a_day_on_and_in_a_period_are_pure() -> None:
    stop = LocalizedText("с. А", "A village")
    late, early, past = Trip(dt.date(2026, 12, 10), stop, dt.time(13), dt.time(15)), Trip(dt.date(2026, 12, 10), stop, dt.time(9), dt.time(12)), Trip(dt.date(2026, 12, 1), stop, dt.time(9), dt.time(12))
    assert upcoming((late, past, early), dt.date(2026, 12, 10)) == (early, late)
    assert upcoming((late, past), dt.date(2026, 12, 11)) == ()
    assert in_period((late, past, early), dt.date(2026, 12, 1), dt.date(2026, 12, 9)) == (past,)
    assert early.overlaps(Trip(dt.date(2026, 12, 10), stop, dt.time(11, 59), dt.time(13))) and not early.overlaps(late)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (trip(date='"2027-02-30"'), ["offices.mob-3.trips[0].date", "'2027-02-30' is not a date"]),
        (trip(date='"next tuesday"'), ["offices.mob-3.trips[0].date", "is not a date"]),
        (trip(date="2027-02-02T10:00:00"), ["offices.mob-3.trips[0].date", "is not a date"]),
        ('[[offices.mob-3.trips]]\nstop = "с. А"\nstop_en = "A"\nhours = "10:00-12:00"\n', ["offices.mob-3.trips[0].date", "is required"]),
        (trip(hours="14:00-10:00"), ["offices.mob-3.trips[0].hours", "closes before it opens"]),
        (trip(hours="10:00-10:00"), ["offices.mob-3.trips[0].hours", "closes before it opens"]),
        (trip(hours="10-14"), ["offices.mob-3.trips[0].hours", "must be a time range"]),
        (trip(hours="25:00-26:00"), ["offices.mob-3.trips[0].hours", "is not a time of day"]),
        ('[[offices.mob-3.trips]]\ndate = 2027-02-02\nstop = "с. А"\nstop_en = "A"\n', ["offices.mob-3.trips[0].hours", "is required"]),
        (trip(stop=""), ["offices.mob-3.trips[0].stop", "must not be empty"]),
        (trip(stop="с" * 201), ["offices.mob-3.trips[0].stop", "at most 200 characters"]),
        (trip(stop_en="  "), ["offices.mob-3.trips[0].stop_en", "must not be empty"]),
        ('[[offices.mob-3.trips]]\ndate = 2027-02-02\nstop = "с. А"\nhours = "10:00-12:00"\n', ["offices.mob-3.trips[0].stop_en", "is required"]),
        (trip() + 'note = "x"\n', ["offices.mob-3.trips[0].note", "unknown key"]),
        (trip() + trip(stop="с. Інше", hours="13:59-16:00"), ["offices.mob-3.trips[1].hours", "overlaps trip 0", "с. Тестове", "2027-02-02"]),
        (trip(office="dovh-3"), ["offices.dovh-3.trips", "only a mobile office", "'territorial'"]),
    ],
)
def test_each_mistake_is_named_with_its_key(config, text, words) -> None:
    config.append("offices.toml", text).refused("offices.toml", *words)


def test_trips_that_are_no_list_of_tables_are_refused(config) -> None:
    config.edit("offices.toml", MOB_3, MOB_3 + '\ntrips = "щовівторка"').refused("offices.toml", "offices.mob-3.trips", "must be a list of trips")


def test_every_mistake_of_the_trips_is_named_at_once(config) -> None:
    message = config.append(
        "offices.toml", trip(date='"2027-13-01"') + trip(hours="16:00-15:00") + trip(stop="") + trip(office="dovh-3")
    ).message()
    for where in ("trips[0].date", "trips[1].hours", "trips[2].stop", "offices.dovh-3.trips"):
        assert where in message, message
