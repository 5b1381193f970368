"""A service's statutory term in services.toml: calendar or working days, a whole number, one key at most."""

from __future__ import annotations

import pytest

from queue_server.domain.model import ServiceCode, StatutoryTerm
from queue_server.network_config import load_network

TERM = "term_working_days = 10  # demonstration value (docs/deadlines.md)"


def test_the_bundled_network_gives_some_services_their_terms() -> None:
    viza = load_network()
    assert viza.services[ServiceCode("residence-register")].term == StatutoryTerm(10, working=True)
    assert viza.services[ServiceCode("social-subsidy")].term == StatutoryTerm(30, working=False)
    assert viza.services[ServiceCode("consultation")].term is None


def test_a_term_may_be_in_calendar_days(config) -> None:
    network = config.edit("services.toml", TERM, "term_days = 30").load()
    assert network.services[ServiceCode("residence-register")].term == StatutoryTerm(30)


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("term_working_days = 0", ["services.residence-register.term_working_days", "from 1 to 366", "not 0"]),
        ("term_days = -3", ["services.residence-register.term_days", "from 1 to 366", "not -3"]),
        ("term_days = 400", ["services.residence-register.term_days", "from 1 to 366"]),
        ("term_days = 2.5", ["services.residence-register.term_days", "whole number"]),
        ('term_working_days = "10"', ["services.residence-register.term_working_days", "whole number"]),
        ("term_working_days = true", ["services.residence-register.term_working_days"]),
        ("term_days = 30\nterm_working_days = 10", ["services.residence-register.term_working_days", "not both"]),
        ("term_weeks = 2", ["services.residence-register.term_weeks", "unknown key"]),
    ],
)
def test_each_term_mistake_is_named(config, new, words) -> None:
    config.edit("services.toml", TERM, new).refused("services.toml", *words)
