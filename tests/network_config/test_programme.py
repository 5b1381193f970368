"""network.toml [programme]: the targets of the four indicators and the benchmark, each mistake named."""

from __future__ import annotations

import pytest

from queue_server.domain.model import LocalizedText
from queue_server.domain.programme import Indicator, Programme, Target
from queue_server.network_config import ConfigError, load_network
from queue_server.network_config.files import read_files, take_files


def test_the_bundled_programme() -> None:
    programme = load_network().programme
    assert programme.targets == {
        Indicator.DEADLINES: Target(at_most=1.0),
        Indicator.COMPLAINTS: Target(at_most=1.0),
        Indicator.SATISFACTION: Target(at_least=94.8),
        Indicator.LOAD: Target(at_least=60.0, at_most=85.0),
    }
    assert programme.benchmark == {Indicator.SATISFACTION: 94.8}
    assert programme.benchmark_name == LocalizedText("Україна, 2024", "Ukraine, 2024")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("satisfaction_min_percent = 94.8", "satisfaction_min_percent = 0.948e3", ["programme.satisfaction_min_percent", "from 0 to 100", "948"]),
        ("satisfaction_min_percent = 94.8", 'satisfaction_min_percent = "94.8 %"', ["programme.satisfaction_min_percent", "a number"]),
        ("deadlines_max_percent = 1.0", "deadlines_max_percent = -1", ["programme.deadlines_max_percent", "from 0 to 100"]),
        ("complaints_max_per_1000 = 1.0", "complaints_max_per_1000 = 1001", ["programme.complaints_max_per_1000", "from 0 to 1000"]),
        ("load_max_percent = 85.0", "load_max_percent = 50", ["programme.load_max_percent", "not be below load_min_percent (60)", "50"]),
        ("load_max_percent = 85.0", "load_maximum = 85.0", ["programme.load_maximum", "unknown key"]),
        ('name_en = "Ukraine, 2024"', "", ["programme.benchmark.name_en", "is required"]),
        ("satisfaction_percent = 94.8", "satisfaction_percent = 101", ["programme.benchmark.satisfaction_percent", "from 0 to 100"]),
        ("satisfaction_percent = 94.8", "satisfaction = 94.8", ["programme.benchmark.satisfaction", "unknown key"]),
    ],
)
def test_each_mistake_is_named(config, old, new, words) -> None:
    config.edit("network.toml", old, new).refused("network.toml", *words)


def test_every_key_may_be_left_out(config) -> None:
    text = (config.folder / "network.toml").read_text(encoding="utf-8")
    assert config.edit("network.toml", text[text.index("\n[programme]\n"):], "").load().programme == Programme()
    assert config.append("network.toml", "[programme]\nload_min_percent = 70").load().programme == Programme(
        targets={Indicator.LOAD: Target(at_least=70.0)}
    )


def test_a_bad_target_changes_nothing(config) -> None:
    before = read_files(config.folder)
    broken = {"network.toml": before["network.toml"].replace("load_min_percent = 60.0", "load_min_percent = 160.0")}
    with pytest.raises(ConfigError, match="programme.load_min_percent"):
        take_files(config.folder, broken)
    assert read_files(config.folder) == before
