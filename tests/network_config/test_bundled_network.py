"""The bundled «Віза» network: 39 offices, the catalogue of a Ukrainian ЦНАП, and every key explained."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

import pytest

from queue_server.domain.hours import Weekday
from queue_server.domain.model import Network, OfficeKind
from queue_server.network_config import DEFAULT_CONFIG_DIR, load_network

# the centre's nine life-situation packages, as its 2024 report names them
NINE_PACKAGES = (
    "Народження дитини (єМалятко)",
    "Новий суб'єкт – новий об'єкт",
    "Втрата близької людини",
    "Розміщення зовнішньої реклами",
    "Втрата документів",
    "Зміна імені",
    "Оформлення документів спадкоємця",
    "Зміна місця проживання",
    "Переведення садового будинку в житловий",
)
DISTRICTS = ("Довгинцівський", "Інгулецький", "Металургійний", "Покровський", "Саксаганський", "Тернівський", "Центрально-Міський")


@pytest.fixture(scope="module")
def viza() -> Network:
    return load_network(DEFAULT_CONFIG_DIR)


def test_thirty_nine_offices_of_every_kind(viza) -> None:
    kinds = Counter(office.kind for office in viza.offices.values())
    assert len(viza.offices) == 39
    assert kinds == {OfficeKind.MAIN: 1, OfficeKind.TERRITORIAL: 27, OfficeKind.PASSPORT: 7, OfficeKind.VETERANS: 1, OfficeKind.MOBILE: 3}
    assert "Я – Ветеран" in viza.offices["vet"].name.uk
    assert "Центрально-Міський" in viza.offices["main"].address.uk
    territorial = [office.name.uk for office in viza.offices.values() if office.kind is OfficeKind.TERRITORIAL]
    assert all(any(district in name for name in territorial) for district in DISTRICTS)


def test_desk_counts_fit_each_kind_of_office(viza) -> None:
    sizes = {OfficeKind.MAIN: (30, 40), OfficeKind.TERRITORIAL: (2, 8), OfficeKind.PASSPORT: (4, 10), OfficeKind.VETERANS: (2, 10), OfficeKind.MOBILE: (1, 2)}
    for office in viza.offices.values():
        low, high = sizes[office.kind]
        assert low <= len(office.desks) <= high, (office.code, len(office.desks))


def test_at_least_sixty_services_and_nine_packages(viza) -> None:
    plain = [service for service in viza.services.values() if not service.package]
    packages = [service for service in viza.services.values() if service.package]
    assert len(plain) >= 60
    assert len(packages) == 9
    assert any("єМалятко" in package.name.uk for package in packages)
    for package in packages:
        assert len(package.includes) >= 2 and all(not viza.services[code].package for code in package.includes)
    wanted = {"residence", "passports", "property", "business", "social", "land", "veterans", "civil", "transport", "packages"}
    assert wanted <= set(viza.categories)


def test_the_centre_s_nine_packages_each_go_through_services_the_main_office_gives(viza) -> None:
    packages = {service.name.uk: service for service in viza.services.values() if service.package}
    assert sorted(packages) == sorted(NINE_PACKAGES)
    main = viza.offices["main"]
    for name, package in packages.items():
        assert 2 <= len(package.steps) <= 4, name
        assert package.category == "packages" and package.code in main.services, name
        assert len(set(package.includes)) == len(package.includes), name
        for step in package.steps:
            assert step.service in main.services and not viza.services[step.service].package, (name, step)
            doers = [desk.id for desk in main.desks if step.service in desk.profile.weights and (not step.profiles or desk.profile.code in step.profiles)]
            assert doers, (name, step)
    assert any(step.profiles for package in packages.values() for step in package.steps), "some steps name the desks that do them"


def test_the_packages_page_lists_each_package_with_its_names_and_steps_in_order(viza) -> None:
    page = (DEFAULT_CONFIG_DIR.parent / "docs" / "packages.md").read_text(encoding="utf-8")
    rows = {cells[1].strip("` "): cells for line in page.splitlines() if (cells := line.split("|"))[1:2] and cells[1].strip().startswith("`package-")}
    packages = {code: service for code, service in viza.services.items() if service.package}
    assert set(rows) == set(packages)
    for code, package in packages.items():
        cells = rows[code]
        assert (cells[2].strip(), cells[3].strip()) == (package.name.uk, package.name.en), code
        assert re.findall(r"\(`([a-z0-9-]+)`\)", cells[4]) == list(package.includes), code


def test_every_office_offering_a_package_can_do_each_of_its_steps(viza) -> None:
    for office in viza.offices.values():
        for code in office.services:
            for step in viza.services[code].steps:
                assert any(
                    step.service in desk.profile.weights and (not step.profiles or desk.profile.code in step.profiles) for desk in office.desks
                ), (office.code, code, step)


def test_every_service_is_reachable_from_the_top_of_the_category_tree(viza) -> None:
    children = defaultdict(list)
    for category in viza.categories.values():
        children[category.parent].append(category.code)
    reached, frontier = set(), list(children[None])
    while frontier:
        code = frontier.pop()
        reached.add(code)
        frontier += children[code]
    assert reached == set(viza.categories)
    assert all(service.category in reached for service in viza.services.values())
    assert any(category.parent for category in viza.categories.values()), "the tree has sub-categories"


def test_one_ukrainian_letter_per_category(viza) -> None:
    letters = defaultdict(set)
    for service in viza.services.values():
        letters[service.category].add(service.prefix)
    assert all(len(prefixes) == 1 for prefixes in letters.values()), letters
    assert all(re.fullmatch("[А-ЩЮЯҐЄІЇ]", prefix) for (prefix,) in letters.values())


def test_every_service_is_offered_and_served_somewhere(viza) -> None:
    offered = {code for office in viza.offices.values() for code in office.services}
    assert offered == set(viza.services)


def test_every_office_can_serve_everything_it_offers_and_all_of_each_package(viza) -> None:
    for office in viza.offices.values():
        served = {code for desk in office.desks for code in desk.profile.weights}
        assert set(office.services) <= served, (office.code, set(office.services) - served)
        for code in office.services:
            assert set(viza.services[code].includes) <= set(office.services), (office.code, code)


def test_names_in_ukrainian_and_english_everywhere(viza) -> None:
    texts = [viza.name]
    texts += [office.name for office in viza.offices.values()] + [office.address for office in viza.offices.values()]
    texts += [service.name for service in viza.services.values()] + [category.name for category in viza.categories.values()]
    texts += [priority.name for priority in viza.priorities.values()]
    texts += [desk.name for office in viza.offices.values() for desk in office.desks]
    for text in texts:
        assert text.uk.strip() and text.en.strip()
        assert re.search("[а-яіїєґ]", text.uk.lower()), text.uk
        assert not re.search("[а-яіїєґ]", text.en.lower()), text.en


def test_desks_are_numbered_per_office_and_serve_only_what_their_office_offers(viza) -> None:
    ids = [desk.id for office in viza.offices.values() for desk in office.desks]
    assert len(ids) == len(set(ids))
    for office in viza.offices.values():
        for desk in office.desks:
            assert desk.id == f"{office.code}-{desk.number}" and viza.desk(desk.id) is desk
            word = {"window": ("Вікно", "Window"), "room": ("Кабінет", "Room")}[desk.kind]
            assert (desk.name.uk, desk.name.en) == (f"{word[0]} {desk.number}", f"{word[1]} {desk.number}")
            assert desk.profile.weights and set(desk.profile.weights) <= set(office.services)
            assert all(weight > 0 for weight in desk.profile.weights.values())
    assert viza.desk("pass-1-5").kind == "room" and viza.desk("pass-1-5").name.uk == "Кабінет 5"


def test_hours_and_time_zones(viza) -> None:
    assert {office.timezone for office in viza.offices.values()} == {"Europe/Kyiv"}
    main = viza.offices["main"].hours.days
    assert set(main) == {Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI, Weekday.SAT}
    assert all(Weekday.SAT in viza.offices[f"pass-{number}"].hours.days for number in range(1, 8))
    assert all(Weekday.SUN not in office.hours.days for office in viza.offices.values())


def hours_open(spans) -> float:
    return sum((dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)).total_seconds() / 3600 for start, end in spans)


def test_the_programme_s_hours_eight_hour_days_and_two_eleven_hour_days_at_the_main_office(viza) -> None:
    main = viza.offices["main"].hours.intervals
    assert sorted(hours_open(spans) for spans in main.values()) == [8, 8, 8, 8, 11, 11]
    for office in viza.offices.values():
        if office.kind in (OfficeKind.TERRITORIAL, OfficeKind.PASSPORT, OfficeKind.VETERANS):
            assert {hours_open(spans) for spans in office.hours.intervals.values()} == {8}, office.code


def test_rules_and_the_four_priority_categories(viza) -> None:
    assert {"veteran", "disability", "elderly", "pregnant"} <= {code for code, priority in viza.priorities.items() if priority.enabled}
    assert 0 <= viza.rules.priority_share <= 1 and viza.rules.recall_limit >= 1


def test_every_key_of_every_file_is_explained_by_a_comment() -> None:
    """Each key written in a file is named in that file's comments, where it is explained.

    Keys are the `key = …` at the start of a line and inside inline tables;
    the inline tables of profiles.toml hold codes of categories and
    services, not keys, and so does nothing else.
    """
    for path in sorted(DEFAULT_CONFIG_DIR.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = "\n".join(line for line in lines if line.lstrip().startswith("#"))
        settings = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
        keys = set(re.findall(r"^\s*([a-z_]+)\s*=", settings, flags=re.MULTILINE))
        tables = set(re.findall(r"^\[([a-z_]+)\.", settings, flags=re.MULTILINE)) | set(re.findall(r"^\[([a-z_]+)\]", settings, flags=re.MULTILINE))
        if path.name != "profiles.toml":
            keys |= set(re.findall(r"[{,]\s*([a-z_]+)\s*=", settings))
        unexplained = sorted(key for key in keys | tables if not re.search(rf"\b{key}\b", comments))
        assert not unexplained, f"{path.name}: keys without a comment: {unexplained}"
