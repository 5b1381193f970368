"""The paper roll's series: the network's [paper_roll] and an office's `paper_roll = { … }`, checked whole."""

from __future__ import annotations

import pytest

from queue_server.domain.paper_roll import PaperRoll
from queue_server.network_config import load_network

MAIN = '[offices.main]\nkind = "main"'


def test_the_bundled_network_has_one_roll_for_every_office() -> None:
    viza = load_network()
    assert {office.paper_roll for office in viza.offices.values()} == {PaperRoll("Р", 1, 500, 3)}
    assert all(service.prefix != "Р" for service in viza.services.values())  # the roll's letter is nobody else's


def test_an_office_has_a_roll_of_its_own_keeping_the_keys_it_leaves_out(config) -> None:
    network = config.edit("offices.toml", MAIN, MAIN + '\npaper_roll = { prefix = "Я", last = 300 }').load()
    assert network.offices["main"].paper_roll == PaperRoll("Я", 1, 300, 3)
    assert {office.paper_roll for code, office in network.offices.items() if code != "main"} == {PaperRoll()}


def test_without_the_table_every_office_has_the_default_roll(config) -> None:
    text = (config.folder / "network.toml").read_text(encoding="utf-8")
    network = config.edit("network.toml", text[text.index("\n[paper_roll]\n") :], "").load()
    assert {office.paper_roll for office in network.offices.values()} == {PaperRoll()}


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('prefix = "Р"', 'prefix = "R"', ["paper_roll.prefix", "capital Ukrainian letters", "'R'"]),
        ('prefix = "Р"', 'prefix = "РРРР"', ["paper_roll.prefix", "1 to 3"]),
        ('prefix = "Р"', 'prefix = ""', ["paper_roll.prefix"]),
        ("first = 1\n", "first = -1\n", ["paper_roll.first", "from 0 to 99999"]),
        ("last = 500", "last = 0", ["paper_roll.last", "from first (1)"]),
        ("digits = 3", "digits = 2", ["paper_roll.digits", "2 digits cannot print the last number 500"]),
        ("digits = 3", "digits = 9", ["paper_roll.digits", "from 1 to 5"]),
        ("last = 500", 'last = "500"', ["paper_roll.last", "whole number"]),
        ("digits = 3", "digit = 3", ["paper_roll.digit", "unknown key"]),
        ('prefix = "Р"', 'prefix = "А"', ["offices.main", "paper roll's letter 'А'", "choose another letter"]),
    ],
)
def test_each_mistake_is_named(config, old, new, words) -> None:
    path = config.folder / "network.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n[paper_roll]\n")
    path.write_text(text[:start] + text[start:].replace(old, new, 1), encoding="utf-8")
    config.refused(*words)


def test_an_offices_own_roll_is_checked_against_its_services(config) -> None:
    config.edit("offices.toml", MAIN, MAIN + '\npaper_roll = { prefix = "П" }').refused(
        "offices.toml", "offices.main.paper_roll.prefix", "ticket letter of"
    )
    config.edit("offices.toml", '\npaper_roll = { prefix = "П" }', '\npaper_roll = { first = 10, last = 5 }').refused(
        "offices.main.paper_roll.last", "from first (10)"
    )
