"""offices.toml: schedules, service sets, offices and their desks; each mistake names the file and the key."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.hours import Weekday

MAIN_DESKS = '{ numbers = "1-10", profile = "universal" }'
VET = '[offices.vet]\nkind = "veterans"'
PASS_1 = '[offices.pass-1]\nkind = "passport"'
MOB_1_DESKS = '{ numbers = "1-2", profile = "mobile" }'
MAIN_MONDAY = 'mon = "08:00-16:00"'  # the first weekday of schedules.main
VET_SERVICES = '"land-allotment"'


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('kind = "main"', 'kind = "headquarters"', ["offices.main.kind", "'headquarters'", "main, territorial, passport, veterans, mobile"]),
        (VET, VET + "\nfloor = 2", ["offices.vet.floor", "unknown key"]),
        (VET, VET + '\ntimezone = "Europe/Kiyv"', ["offices.vet.timezone", "unknown time zone 'Europe/Kiyv'"]),
        ('address_en = "29 Lermontova St, Kryvyi Rih"\n', "", ["offices.vet.address_en", "is required"]),
        ("[offices.vet]", "[offices.VET]", ["offices.VET", "code"]),
        # desks
        (MAIN_DESKS, '{ numbers = "10-1", profile = "universal" }', ["offices.main.desks[0].numbers", "low to high"]),
        (MAIN_DESKS, '{ numbers = "0-3", profile = "universal" }', ["offices.main.desks[0].numbers", "starting at 1"]),
        (MAIN_DESKS, '{ numbers = "1..10", profile = "universal" }', ["offices.main.desks[0].numbers", "'1..10'"]),
        (MAIN_DESKS, '{ numbers = 5, profile = "universal" }', ["offices.main.desks[0].numbers", "a string"]),
        (MAIN_DESKS, '{ profile = "universal" }', ["offices.main.desks[0].numbers", "is required"]),
        (MAIN_DESKS, '{ numbers = "1-12", profile = "universal" }', ["offices.main.desks[1].numbers", "desk 11 of office main", "desk 12 of office main"]),
        (MAIN_DESKS, '{ numbers = "1-10", profile = "universe" }', ["offices.main.desks[0].profile", "unknown profile 'universe'"]),
        (MAIN_DESKS, '{ numbers = "1-10", profile = "universal", kind = "door" }', ["offices.main.desks[0].kind", "'door'"]),
        (MAIN_DESKS, '{ numbers = "1-10", profile = "universal", floor = 1 }', ["offices.main.desks[0].floor", "unknown key"]),
        (MAIN_DESKS, '"1-10"', ["offices.main.desks[0]", "must be a table"]),
        (MOB_1_DESKS + ",\n]", "]", ["offices.mob-1.desks", "list of desk groups"]),
        (MOB_1_DESKS, '{ numbers = "1-2", profile = "land" }', ["offices.mob-1.desks[0].profile", "profile 'land' serves none of the services office mob-1 offers"]),
        # hours
        (MAIN_MONDAY, 'mon = "16:00-08:00"', ["schedules.main.mon", "closes before it opens"]),
        (MAIN_MONDAY, 'mon = "8am-4pm"', ["schedules.main.mon", "time range", "'8am-4pm'"]),
        (MAIN_MONDAY, 'mon = "08:00-24:30"', ["schedules.main.mon", "not a time of day"]),
        (MAIN_MONDAY, 'monday = "08:00-16:00"', ["schedules.main.monday", "unknown key"]),
        ('hours = "main"', 'hours = "mian"', ["offices.main.hours", "unknown schedule 'mian'"]),
        ('hours = "main"', 'hours = { mon = "09:00-18:00", fri = "18:00-09:00" }', ["offices.main.hours.fri", "closes before it opens"]),
        ('hours = "main"', "hours = {}", ["offices.main.hours", "open on no day"]),
        ('hours = "main"\n', "", ["offices.main.hours", "is required"]),
        ('hours = "main"', 'hours = { mon = "09:00-18:00", mo = "09:00-18:00" }', ["offices.main.hours.mo", "unknown key"]),
        # what an office offers
        ('service_set = "all"', 'service_set = "everything"', ["offices.main.service_set", "unknown service set 'everything'"]),
        ('service_set = "all"\n', "", ["offices.main", "offers no service"]),
        ('categories = ["passports", "residence"]', 'categories = ["passport"]', ["service_sets.passport.categories", "unknown category 'passport'"]),
        ('services = ["consultation", "result-collection"]', 'services = ["consultation", "consultation"]', ["service_sets.passport.services", "'consultation' is listed twice"]),
        ('categories = ["veterans", "social", "general"]', 'categories = ["veterans", "socail", "general"]', ["offices.vet.categories", "unknown category 'socail'"]),
        (VET_SERVICES, '"land-allotment", "package-beravement"', ["offices.vet.services", "unknown service 'package-beravement'"]),
        (VET_SERVICES, '"land-allotment", "package-bereavement"', ["offices.vet", "offers package 'package-bereavement'", "civil-death", "residence-deregister"]),
        (PASS_1, PASS_1 + '\nservices = ["package-lost-documents"]', ["offices.pass-1", "offers package 'package-lost-documents'", "driving-licence-lost"]),
        ("[service_sets.mobile]", "[service_sets.mobile]\nprofiles = []", ["service_sets.mobile.profiles", "unknown key"]),
        ("[schedules.mobile]", "[schedules.mobile]\nholidays = []", ["schedules.mobile.holidays", "unknown key"]),
    ],
)
def test_each_mistake_is_named(config, old, new, words) -> None:
    config.edit("offices.toml", old, new).refused("offices.toml", *words)


def test_an_office_names_its_own_hours_and_timezone(config) -> None:
    config.edit("offices.toml", 'hours = "main"', 'hours = { mon = "09:00-18:00", sat = "10:00-14:00" }\ntimezone = "Europe/Warsaw"')
    main = config.load().offices["main"]
    assert main.timezone == "Europe/Warsaw"
    assert main.hours.days == {Weekday.MON: (dt.time(9), dt.time(18)), Weekday.SAT: (dt.time(10), dt.time(14))}


def test_an_office_adds_services_to_its_set(config) -> None:
    config.edit("offices.toml", PASS_1, PASS_1 + '\nservices = ["vehicle-registration"]')
    network = config.load()
    assert "vehicle-registration" in network.offices["pass-1"].services
    assert "vehicle-registration" not in network.offices["pass-2"].services


def test_a_desk_profile_is_cut_to_what_its_office_offers(config) -> None:
    config.edit("offices.toml", MOB_1_DESKS, '{ numbers = "1-2", profile = "universal" }')
    mobile = config.load().offices["mob-1"]
    assert set(mobile.desk("mob-1-1").profile.weights) == set(mobile.services)


def test_an_empty_or_missing_offices_table(config) -> None:
    (config.folder / "offices.toml").write_text("# nothing yet\n", encoding="utf-8")
    config.refused("offices.toml: offices: is required")
