"""network.toml: each mistake names the file and the key."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('timezone = "Europe/Kyiv"', 'timezone = "Europe/Kiev-Nowhere"', ["network.timezone", "time zone", "Kiev-Nowhere"]),
        ("priority_share = 0.5", "priority_share = 1.5", ["rules.priority_share", "from 0 to 1"]),
        ("priority_window = 10", "priority_window = 0", ["rules.priority_window"]),
        ("escalation_factor = 1.5", "escalation_factor = nan", ["rules.escalation_factor", "finite"]),
        ("escalation_factor = 1.5", "escalation_factor = -1", ["rules.escalation_factor", "0 (off) or more"]),
        ("recall_limit = 3", 'recall_limit = "three"', ["rules.recall_limit", "whole number", "three"]),
        ("recall_limit = 3", "recall_limit = 2.5", ["rules.recall_limit", "whole number"]),
        ("recall_limit = 3", "recal_limit = 3", ["rules.recal_limit", "unknown key"]),
        ("appointment_window_minutes = 5", "appointment_window_minutes = 999", ["rules.appointment_window_minutes"]),
        ('name_en = "Administrative', 'title_en = "Administrative', ["network.name_en", "is required", "network.title_en"]),
        ('name = "Центр надання адміністративних послуг «Віза» («Центр Дії») м. Кривого Рогу"', 'name = "  "', ["network.name", "must not be empty"]),
        ("[priorities.veteran]\nname", "[priorities.veteran]\nnmae", ["priorities.veteran.nmae", "unknown key", "priorities.veteran.name", "is required"]),
        ("enabled = true", 'enabled = "yes"', ["priorities.veteran.enabled", "true or false"]),
        ("[priorities.veteran]", "[priorities.Veteran]", ["priorities.Veteran", "code"]),
        ("[rules]\n# priority_share", "[rule]\n# priority_share", ["network.toml: rule: unknown key"]),
    ],
)
def test_each_mistake_is_named(config, old, new, words) -> None:
    config.edit("network.toml", old, new).refused("network.toml", *words)


def test_rules_left_out_keep_their_defaults(config) -> None:
    network = config.edit("network.toml", "appointment_window_minutes = 5\n", "").load()
    assert network.rules.appointment_window == dt.timedelta(minutes=5)


def test_a_priority_category_can_be_switched_off(config) -> None:
    network = config.edit("network.toml", "enabled = true", "enabled = false").load()
    assert not network.priorities["veteran"].enabled and network.priorities["elderly"].enabled
