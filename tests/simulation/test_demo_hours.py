"""The demo's configuration: its own copy open round the clock when the bundled offices are closed now."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from queue_server.domain.errors import InvalidRequest
from queue_server.network_config import DEFAULT_CONFIG_DIR, load_network
from queue_server.settings import Settings
from queue_server.simulation.command import check_run, closed_now, demo_config
from queue_server.simulation.options import add_options

KYIV = dt.timezone(dt.timedelta(hours=2))  # winter time
SUNDAY_NIGHT = dt.datetime(2026, 12, 6, 3, 0, tzinfo=KYIV)
WEDNESDAY_MORNING = dt.datetime(2026, 12, 2, 10, 30, tzinfo=KYIV)


def settings(tmp_path, **values) -> Settings:
    return Settings.from_env({}, database_url=f"sqlite:///{tmp_path / 'var' / 'cherga.sqlite3'}", **values)


def test_closed_offices_make_the_demo_run_on_its_own_copy_open_now(tmp_path) -> None:
    served, line = demo_config(settings(tmp_path), simulation=True, now=SUNDAY_NIGHT)
    copy = tmp_path / "var" / "demo-config"
    assert served.config_dir == copy
    assert "39 of 39 offices are closed" in line and "Sun 03:00" in line and str(copy) in line
    network = load_network(copy)
    assert closed_now(network, list(network.offices.values()), SUNDAY_NIGHT) == []
    assert list(network.offices) == list(load_network().offices)  # the same network, only the hours widened
    again, _ = demo_config(settings(tmp_path), simulation=True, now=SUNDAY_NIGHT)  # made afresh at each start
    assert again.config_dir == copy


def test_open_offices_or_no_simulation_keep_the_bundled_hours(tmp_path) -> None:
    bundled = load_network()
    assert closed_now(bundled, [bundled.offices["main"]], WEDNESDAY_MORNING) == []
    for simulation, now in ((False, SUNDAY_NIGHT), (True, WEDNESDAY_MORNING)):
        served, line = demo_config(settings(tmp_path), simulation=simulation, now=now)
        if simulation:  # the mobile offices keep their own days: some may be closed on a Wednesday
            closed = closed_now(bundled, list(bundled.offices.values()), now)
            assert (line is None) == (not closed)
        else:
            assert served.config_dir == DEFAULT_CONFIG_DIR and line is None


def test_an_own_configuration_is_served_as_it_is(tmp_path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    for path in DEFAULT_CONFIG_DIR.glob("*.toml"):
        (own / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    served, line = demo_config(settings(tmp_path, config_dir=own), simulation=True, now=SUNDAY_NIGHT)
    assert served.config_dir == own and line is None


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--offices", "nowhere"], "unknown office(s): nowhere"),
        (["--speed", "0"], "--speed must be above 0"),
        (["--minutes", "-1"], "--minutes must be above 0"),
        (["--visitors", "0"], "--visitors must be at least 1"),
        (["--load", "9"], "--load must be above 0 and at most 5"),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(options, said) -> None:
    parser = argparse.ArgumentParser()
    add_options(parser)
    with pytest.raises(InvalidRequest, match=said.replace("(", r"\(").replace(")", r"\)")):
        check_run(load_network(), parser.parse_args(options))


def test_a_run_is_bounded_by_an_hour_unless_told() -> None:
    parser = argparse.ArgumentParser()
    add_options(parser)
    assert check_run(load_network(), parser.parse_args([])).bounds.minutes == 60
    bounded = check_run(load_network(), parser.parse_args(["--visitors", "30"])).bounds
    assert bounded.minutes is None and bounded.visitors == 30


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--simulation-speed", "0"], "argument --simulation-speed: 0 is not above 0 and at most 3600"),
        (["--history-days", "400"], "argument --history-days: 400 is not at least 0 and at most 366"),
        (["--history-days", "many"], "argument --history-days: 'many' is not a number"),
    ],
)
def test_the_demo_refuses_bad_simulation_options_before_anything_is_written(tmp_path, capsys, options, said) -> None:
    from queue_server.cli import main

    database = tmp_path / "var" / "cherga.sqlite3"
    with pytest.raises(SystemExit) as stop:
        main(["demo", "--database", f"sqlite:///{database}", *options])
    assert stop.value.code == 2 and said in capsys.readouterr().err
    assert not database.parent.exists()
