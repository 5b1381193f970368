"""Daily caps in the configuration: a service's own, an office's changes, the exempt priorities; each mistake named."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.model import OfficeCode, ServiceCaps, ServiceCode
from queue_server.network_config import load_network

ADULT = ServiceCode("passport-foreign-adult")
CAPPED = "daily_cap = 40\n# a child's passport takes long at the desk: none is begun in the last half hour\nstop_issuing_minutes = 30"
MAIN_CAPS = 'caps = { passport-foreign-adult = { daily_cap = 120, hourly_cap = 0 }, passport-foreign-child = { daily_cap = 80 } }'


def test_the_bundled_network_caps_passports_and_exempts_whom_the_law_protects() -> None:
    viza = load_network()
    thirty = dt.timedelta(minutes=30)
    assert viza.caps.of(OfficeCode("dovh-1"), ADULT) == ServiceCaps(60, 12)
    assert viza.caps.of(OfficeCode("main"), ADULT) == ServiceCaps(120, None)  # 0 at the office: no hourly cap there
    assert viza.caps.of(OfficeCode("main"), ServiceCode("passport-foreign-child")) == ServiceCaps(80, None, thirty)
    assert viza.caps.of(OfficeCode("main"), ServiceCode("residence-register")) == ServiceCaps()
    assert viza.caps.exempt_priorities == {"veteran", "disability"}


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (CAPPED, CAPPED.replace("= 40", "= -1"), ["services.passport-foreign-child.daily_cap", "from 0 to 10000", "-1"]),
        (CAPPED, CAPPED.replace("= 40", '= "40"'), ["services.passport-foreign-child.daily_cap", "whole number"]),
        (CAPPED, CAPPED.replace("= 30", "= 721"), ["services.passport-foreign-child.stop_issuing_minutes", "from 0 to 720"]),
        (CAPPED, CAPPED.replace("daily_cap", "daily_caps"), ["services.passport-foreign-child.daily_caps", "unknown key"]),
    ],
)
def test_each_service_mistake_is_named(config, old, new, words) -> None:
    config.edit("services.toml", old, new).refused("services.toml", *words)


@pytest.mark.parametrize(
    ("new", "words"),
    [
        (MAIN_CAPS.replace("= 120", "= 10001"), ["offices.main.caps.passport-foreign-adult.daily_cap", "from 0 to 10000"]),
        (MAIN_CAPS.replace("daily_cap = 80", "cap = 80"), ["offices.main.caps.passport-foreign-child.cap", "unknown key"]),
        (MAIN_CAPS.replace("passport-foreign-child", "no-such-service"), ["offices.main.caps.no-such-service", "does not offer"]),
        ('caps = "60"', ["offices.main.caps", "must be a table"]),
    ],
)
def test_each_office_mistake_is_named(config, new, words) -> None:
    config.edit("offices.toml", MAIN_CAPS, new).refused("offices.toml", *words)


def test_an_exempt_priority_must_exist(config) -> None:
    config.edit("network.toml", '["veteran", "disability"]', '["veteran", "veteran", "nobody"]').refused(
        "network.toml", "rules.cap_exempt_priorities", "'nobody'", "listed twice"
    )
