"""`[rules] desk_survey_minutes` of network.toml: read, 15 minutes when left out, refused out of range."""

from __future__ import annotations

import datetime as dt

import pytest

KEY = "desk_survey_minutes = 15"


def test_the_window_is_read_and_left_out_keeps_fifteen_minutes(config) -> None:
    assert config.load().rules.desk_survey_window == dt.timedelta(minutes=15)
    config.edit("network.toml", KEY, "desk_survey_minutes = 30")
    assert config.load().rules.desk_survey_window == dt.timedelta(minutes=30)
    config.edit("network.toml", "desk_survey_minutes = 30\n", "")
    assert config.load().rules.desk_survey_window == dt.timedelta(minutes=15)


@pytest.mark.parametrize(
    "new", ["desk_survey_minutes = 0", "desk_survey_minutes = 241", 'desk_survey_minutes = "15"']
)
def test_a_wrong_window_is_named(config, new) -> None:
    config.edit("network.toml", KEY, new).refused("network.toml", "rules.desk_survey_minutes")
