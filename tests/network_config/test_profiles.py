"""profiles.toml: named weights, expanded from categories; each mistake names the file and the key."""

from __future__ import annotations

import pytest

PASSPORT = "[profiles.passport]\ncategories = { passports = 2.0, residence = 0.5, general = 0.5 }"


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("passports = 2.0", "passports = 0", ["profiles.passport.categories.passports", "above 0"]),
        ("passports = 2.0", "passports = -1.5", ["profiles.passport.categories.passports", "above 0"]),
        ("passports = 2.0", "passports = nan", ["profiles.passport.categories.passports", "above 0"]),
        ("passports = 2.0", 'passports = "high"', ["profiles.passport.categories.passports", "above 0"]),
        ("passports = 2.0", "passports = true", ["profiles.passport.categories.passports", "above 0"]),
        ("passports = 2.0", "pasports = 2.0", ["profiles.passport.categories.pasports", "unknown category 'pasports'"]),
        ('"id-card-issue" = 1.0', '"id-card-issued" = 1.0', ["profiles.reception.services.id-card-issued", "unknown service 'id-card-issued'"]),
        (PASSPORT, "[profiles.passport]\ncategories = []", ["profiles.passport.categories", "table of weights"]),
        (PASSPORT, "[profiles.passport]\nweights = { passports = 2.0 }", ["profiles.passport.weights", "unknown key"]),
        (PASSPORT, "[profiles.passport]\ncategories = {}", ["profiles.passport", "weights no service"]),
        ("[profiles.land]", "[profiles.Land]", ["profiles.Land", "code"]),
    ],
)
def test_each_mistake_is_named(config, old, new, words) -> None:
    config.edit("profiles.toml", old, new).refused("profiles.toml", *words)


def test_the_narrowest_name_gives_the_weight(config) -> None:
    """A service's own weight beats its sub-category's, which beats its category's, in any order of writing."""
    config.edit(
        "profiles.toml",
        PASSPORT,
        '[profiles.passport]\ncategories = { "passports-id" = 3.0, passports = 2.0 }\nservices = { "id-card-lost" = 5.0 }',
    )
    weights = config.load().offices["pass-1"].desk("pass-1-1").profile.weights
    assert weights["id-card-first"] == 3.0
    assert weights["passport-foreign-adult"] == 2.0
    assert weights["id-card-lost"] == 5.0
    assert "residence-register" not in weights
