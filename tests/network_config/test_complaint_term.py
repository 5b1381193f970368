"""`[rules] complaint_answer_days` of network.toml: read, defaulted to the law's 30 days, refused out of range."""

from __future__ import annotations

import pytest

from queue_server.domain.model import QueueRules

KEY = "complaint_answer_days = 30"


def test_the_term_is_read_and_left_out_keeps_the_laws_thirty_days(config) -> None:
    assert config.load().rules.complaint_days == 30
    config.edit("network.toml", KEY, "complaint_answer_days = 15")
    assert config.load().rules.complaint_days == 15
    config.edit("network.toml", "complaint_answer_days = 15\n", "")
    assert config.load().rules.complaint_days == QueueRules().complaint_days == 30


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("complaint_answer_days = 0", ["rules.complaint_answer_days", "from 1 to 90"]),
        ("complaint_answer_days = 91", ["rules.complaint_answer_days", "from 1 to 90"]),
        ('complaint_answer_days = "thirty"', ["rules.complaint_answer_days", "whole number"]),
    ],
)
def test_a_wrong_term_is_named(config, new, words) -> None:
    config.edit("network.toml", KEY, new).refused("network.toml", *words)
