"""A mobile office's travel schedule on the public page /waits, in headless Chromium on a phone, in both languages.

The server runs on the bundled network (open round the clock) with trips of
its own given to the third van, dated from the real today (Kyiv), so the test
reads the same whatever day it runs: yesterday's trip is gone, today's and
next week's are listed in order of date and start.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from browser import ARTIFACTS, screenshot
from live_server import Server, round_the_clock_config

pytestmark = pytest.mark.contract

TODAY = dt.datetime.now(ZoneInfo("Europe/Kyiv")).date()
NEXT_WEEK = TODAY + dt.timedelta(days=7)
TRIPS = (  # written out of order on purpose: the page sorts them
    (NEXT_WEEK, "с. Радушне, біля поштового відділення", "Radushne village, by the post office", "12:30-15:00"),
    (TODAY - dt.timedelta(days=1), "с. Вчорашнє, біля школи", "Vchorashnie village, by the school", "09:00-12:00"),
    (NEXT_WEEK, "с. Новолатівка, біля школи", "Novolativka village, by the school", "09:00-12:00"),
    (TODAY, "с. Христофорівка, біля сільради", "Khrystoforivka village, by the village council", "10:00-14:00"),
)
SHOWN = [TRIPS[3], TRIPS[2], TRIPS[0]]
WEEKDAYS_UK = ("понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя")
MONTHS_UK = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня")


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest):
    folder = round_the_clock_config(tmp_path / "config")
    offices = folder / "offices.toml"
    tables = "".join(
        f'\n[[offices.mob-3.trips]]\ndate = {date.isoformat()}\nstop = "{stop}"\nstop_en = "{stop_en}"\nhours = "{hours}"\n'
        for date, stop, stop_en, hours in TRIPS
    )
    offices.write_text(offices.read_text(encoding="utf-8") + tables, encoding="utf-8")
    running = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log", environment={"CHERGA_CONFIG_DIR": str(folder)})
    running.start()
    yield running
    running.kill()
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        print(f"\n----- server log -----\n{running.log()}")


def test_the_api_publishes_the_trips_from_today_on_and_none_for_an_office_that_stays(server) -> None:
    van = requests.get(f"{server.url}/api/v1/offices/mob-3", timeout=10).json()
    assert van["trips"] == [
        {"date": date.isoformat(), "stop": stop, "stop_en": stop_en, "start": hours[:5], "end": hours[6:]} for date, stop, stop_en, hours in SHOWN
    ]
    every = {office["code"]: office["trips"] for office in requests.get(f"{server.url}/api/v1/offices", timeout=10).json()}
    assert every["mob-3"] == van["trips"] and every["main"] == [] and every["dovh-1"] == []
    assert all(trip["date"] >= TODAY.isoformat() for trip in every["mob-1"])


def look_at(page, office: str, name: str) -> Path:
    """The office's entry alone, for a person to look at (the whole page is 39 offices long); and the page, as the other tests keep it."""
    screenshot(page, name)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-{office}.png"
    page.locator(f"#office-{office}").screenshot(path=str(path))
    return path


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_waits_page_shows_a_vans_travel_schedule_in_its_entry(browser, server, lang) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server.url}/waits" + ("?lang=en" if lang == "en" else ""))
        trips = page.locator("#office-mob-3 section.trips")
        assert trips.locator("h4").inner_text() == ("Графік виїздів" if lang == "uk" else "Travel schedule")
        assert page.get_attribute("#office-mob-3 section.trips", "aria-labelledby") == "office-mob-3-trips"
        items = trips.locator("li")
        assert [items.nth(index).get_attribute("data-date") for index in range(items.count())] == [date.isoformat() for date, *_ in SHOWN]
        assert [items.nth(index).locator(".trip-stop").inner_text() for index in range(items.count())] == [
            stop if lang == "uk" else stop_en for _, stop, stop_en, _ in SHOWN
        ]
        first = items.nth(0).locator(".trip-when").inner_text()
        if lang == "uk":
            assert first == f"{WEEKDAYS_UK[TODAY.weekday()]}, {TODAY.day} {MONTHS_UK[TODAY.month - 1]}, 10:00–14:00"
        else:
            assert first == f"{TODAY.strftime('%A')}, {TODAY.day} {TODAY.strftime('%B')}, 10:00–14:00"
        assert "Вчорашнє" not in trips.inner_text()  # yesterday's trip is over
        # a van without trips says so; an office that stays has no schedule at all
        bundled = requests.get(f"{server.url}/api/v1/offices/mob-1", timeout=10).json()["trips"]
        assert page.locator("#office-mob-1 section.trips li").count() == len(bundled)
        assert page.locator("#office-main section.trips").count() == 0 and page.locator("section.trips").count() == 3
        # the live updates leave the schedule as it was
        page.wait_for_selector("#waits[data-live=online]", timeout=15000)
        assert items.count() == len(SHOWN)
        look_at(page, "mob-3", f"trips-waits-{lang}")
        look_at(page, "mob-1", f"trips-waits-{lang}")
        assert errors == []
    finally:
        page.close()
