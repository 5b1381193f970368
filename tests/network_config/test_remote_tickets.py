"""Remote-ticket settings: the network's [remote_tickets] and an office's `remote_tickets = { … }`."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.model import RemoteTicketTerms
from queue_server.network_config import load_network

MAIN = '[offices.main]\nkind = "main"'


def test_the_bundled_network_takes_remote_tickets_as_its_file_says() -> None:
    viza = load_network()
    expected = RemoteTicketTerms(True, 20, dt.timedelta(minutes=60), 5, dt.timedelta(minutes=30))
    assert {office.remote for office in viza.offices.values()} == {expected}


def test_an_office_changes_the_keys_it_gives_and_keeps_the_others(config) -> None:
    network = config.edit("offices.toml", MAIN, MAIN + "\nremote_tickets = { daily_cap = 5, come_now_ahead = 3 }").load()
    main = network.offices["main"].remote
    assert (main.daily_cap, main.come_now_ahead, main.cutoff, main.enabled) == (5, 3, dt.timedelta(minutes=60), True)
    assert [office.remote.daily_cap for code, office in network.offices.items() if code != "main"] == [20] * (len(network.offices) - 1)


def test_an_office_may_switch_them_off(config) -> None:
    network = config.edit("offices.toml", MAIN, MAIN + "\nremote_tickets = { enabled = false }").load()
    assert not network.offices["main"].remote.enabled


def test_a_misspelt_table_is_named(config) -> None:
    config.edit("network.toml", "[remote_tickets]\n", "[remote_ticket]\n").refused("network.toml", "remote_ticket", "unknown key")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("daily_cap = 20", "daily_cap = 5000", ["remote_tickets.daily_cap", "from 0 to 1000", "5000"]),
        ("daily_cap = 20", 'daily_cap = "20"', ["remote_tickets.daily_cap", "whole number", "'20'"]),
        ("cutoff_minutes = 60\n# come_now", "cutoff_minutes = -1\n# come_now", ["remote_tickets.cutoff_minutes", "from 0 to 720"]),
        ("come_now_ahead = 5", "come_now_ahead = 101", ["remote_tickets.come_now_ahead", "from 0 to 100"]),
        ("arrival_grace_minutes = 30", "arrival_grace_minutes = 0", ["remote_tickets.arrival_grace_minutes", "from 1 to 240"]),
        ("enabled = true\n# daily_cap", 'enabled = "yes"\n# daily_cap', ["remote_tickets.enabled", "true or false"]),
        ("daily_cap = 20", "daily_caps = 20", ["remote_tickets.daily_caps", "unknown key"]),
    ],
)
def test_each_network_mistake_is_named(config, old, new, words) -> None:
    config.edit("network.toml", old, new).refused("network.toml", *words)


def test_an_offices_mistake_names_the_office(config) -> None:
    config.edit("offices.toml", MAIN, MAIN + "\nremote_tickets = { daily_cap = -2 }").refused(
        "offices.toml", "offices.main.remote_tickets.daily_cap", "from 0 to 1000"
    )

