"""An office's shelter directions: `shelter` and `shelter_en`, both or neither, short enough for a board."""

from __future__ import annotations

import pytest

from queue_server.domain.model import LocalizedText
from queue_server.network_config import load_network

DOVH_3 = '[offices.dovh-3]\nkind = "territorial"'


def test_the_bundled_network_gives_some_offices_their_shelter_and_leaves_the_others_without() -> None:
    viza = load_network()
    assert viza.offices["dovh-1"].shelter == LocalizedText("Укриття: підвал, вхід з двору.", "Shelter: the basement, entrance from the courtyard.")
    assert viza.offices["main"].shelter is not None
    assert viza.offices["dovh-3"].shelter is None


def test_an_office_gives_its_directions_in_both_languages(config) -> None:
    network = config.edit("offices.toml", DOVH_3, DOVH_3 + '\nshelter = "Підвал сусіднього будинку"\nshelter_en = "The basement next door"').load()
    assert network.offices["dovh-3"].shelter == LocalizedText("Підвал сусіднього будинку", "The basement next door")
    assert network.offices["dovh-4"].shelter is None


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        ('shelter = "Підвал"', ["offices.dovh-3.shelter_en", "is required with shelter"]),
        ('shelter_en = "The basement"', ["offices.dovh-3.shelter", "is required with shelter_en"]),
        ('shelter = ""\nshelter_en = "The basement"', ["offices.dovh-3.shelter", "must not be empty"]),
        ('shelter = "Підвал"\nshelter_en = 5', ["offices.dovh-3.shelter_en", "must be a string", "5"]),
        ('shelter = "Підвал"\nshelter_en = "' + "x" * 301 + '"', ["offices.dovh-3.shelter_en", "at most 300 characters"]),
        ('shelters = "Підвал"', ["offices.dovh-3", "shelters", "unknown key"]),
    ],
)
def test_each_mistake_is_named_with_the_office(config, lines, words) -> None:
    config.edit("offices.toml", DOVH_3, DOVH_3 + "\n" + lines).refused("offices.toml", *words)
