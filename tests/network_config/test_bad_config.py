"""A broken configuration is refused whole, and every mistake names its file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from queue_server.network_config import DEFAULT_CONFIG_DIR, ConfigError, load_network


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, copy)
    return copy


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(folder: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_network(folder)
    return str(raised.value)


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("network.toml", 'timezone = "Europe/Kyiv"', 'timezone = "Europe/Kiev-Nowhere"', ["network.toml", "network.timezone", "time zone"]),
        ("network.toml", "priority_share = 0.5", "priority_share = 1.5", ["network.toml", "rules.priority_share"]),
        ("network.toml", "recall_limit = 3", 'recall_limit = "three"', ["rules.recall_limit", "int"]),
        ("network.toml", "recall_limit = 3", "recal_limit = 3", ["rules.recal_limit", "unknown key"]),
        ("network.toml", "[priorities.veteran]\nname", "[priorities.veteran]\nnmae", ["priorities.veteran.nmae", "unknown key"]),
        ("services.toml", 'category = "residence"', 'category = "residency"', ["services.toml", "services.residence-register.category", "residency"]),
        ("services.toml", 'prefix = "А"', 'prefix = "A"', ["services.residence-register.prefix", "Ukrainian letter"]),
        ("services.toml", "target_wait_minutes = 20", "target_wait_minutes = -5", ["services.residence-register.target_wait_minutes", "more than 0"]),
        ("services.toml", 'includes = ["civil-birth"', 'includes = ["civil-berth"', ["services.package-birth.includes", "civil-berth"]),
        ("services.toml", 'parent = "passports"', 'parent = "passports-id"', ["categories.passports-id.parent", "circle"]),
        ("services.toml", "[services.residence-register]", "[services.Residence_Register]", ["services.Residence_Register", "code"]),
        ("profiles.toml", "passports = 2.0", "passports = 0", ["profiles.toml", "profiles.passport.categories.passports", "above 0"]),
        ("profiles.toml", '"id-card-issue" = 1.0', '"id-card-issued" = 1.0', ["profiles.reception.services.id-card-issued", "unknown service"]),
        ("offices.toml", 'kind = "main"', 'kind = "headquarters"', ["offices.toml", "offices.main.kind", "headquarters"]),
        ("offices.toml", '{ numbers = "1-10", profile = "universal" }', '{ numbers = "10-1", profile = "universal" }', ["offices.main.desks[0].numbers"]),
        ("offices.toml", '{ numbers = "1-10", profile = "universal" }', '{ numbers = "1-12", profile = "universal" }', ["offices.main.desks[1].numbers", "listed twice"]),
        ("offices.toml", '{ numbers = "1-10", profile = "universal" }', '{ numbers = "1-10", profile = "universe" }', ["offices.main.desks[0].profile", "universe"]),
        ("offices.toml", '{ numbers = "1-10", profile = "universal" }', '{ numbers = "1-10", profile = "universal", kind = "door" }', ["offices.main.desks[0].kind", "door"]),
        ("offices.toml", 'mon = "08:00-20:00"', 'mon = "20:00-08:00"', ["offices.main.hours.mon", "closes before it opens"]),
        ("offices.toml", 'mon = "08:00-20:00"', 'mon = "8am-8pm"', ["offices.main.hours.mon", "time range"]),
        ("offices.toml", 'mon = "08:00-20:00"', 'monday = "08:00-20:00"', ["offices.main.hours.monday", "unknown key"]),
        ("offices.toml", 'categories = ["passports", "residence"]', 'categories = ["passport"]', ["offices.pass-1.categories", "passport"]),
        ("offices.toml", '[offices.vet]\nkind = "veterans"', '[offices.vet]\nkind = "veterans"\nfloor = 2', ["offices.vet.floor", "unknown key"]),
        ("offices.toml", "[offices.main]", "[offices.main]\n[offices.main", ["offices.toml", "not valid TOML", "line"]),
    ],
)
def test_each_mistake_is_named(folder, file, old, new, words) -> None:
    edit(folder, file, old, new)
    message = refused(folder)
    for word in words:
        assert word in message, message


def test_a_profile_that_serves_nothing_of_its_office(folder) -> None:
    edit(folder, "offices.toml", '{ numbers = "1-2", profile = "mobile" }', '{ numbers = "1-2", profile = "land" }')
    assert "serves none of the services office mob-1 offers" in refused(folder)


def test_every_mistake_is_listed_at_once(folder) -> None:
    edit(folder, "network.toml", "priority_share = 0.5", "priority_share = 7")
    edit(folder, "services.toml", 'prefix = "А"', 'prefix = "AA"')
    edit(folder, "offices.toml", 'kind = "main"', 'kind = "big"')
    with pytest.raises(ConfigError) as raised:
        load_network(folder)
    files = {problem.file for problem in raised.value.problems}
    assert files == {"network.toml", "services.toml", "offices.toml"}


def test_a_missing_file_or_folder(folder, tmp_path) -> None:
    (folder / "profiles.toml").unlink()
    assert "profiles.toml" in refused(folder) and "missing file" in refused(folder)
    with pytest.raises(ConfigError, match="no such configuration folder"):
        load_network(tmp_path / "nowhere")
