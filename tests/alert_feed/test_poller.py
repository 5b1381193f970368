"""The alert feed: a real HTTP server on 127.0.0.1 answers, and the poller's steps pause and resume offices."""

from __future__ import annotations

import http.server
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from queue_server.alert_feed import FeedError
from queue_server.alert_feed.http_feed import HttpJsonFeed, parse
from queue_server.alert_feed.poller import FEED_ACTOR, AlertFeedPoller, poller_from_settings
from queue_server.alert_feed.regions import AlertRegionsError, read_regions, regions_of
from queue_server.commands.air_raid import set_air_raid
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.air_raid import AirRaidPause
from queue_server.domain.model import OfficeCode
from queue_server.reads import queries
from queue_server.settings import Settings, SettingsError
from queue_server.store import audit as audit_store

KIOSK = Actor(kind="device", name="kiosk-1", role="kiosk", offices=("alpha",), device_id=1)
SUPERVISOR = Actor(kind="staff", name="iryna", role="supervisor", offices=("alpha",), user_id=2)
REGIONS = {"dnipropetrovsk": (OfficeCode("alpha"), OfficeCode("beta")), "kryvyi-rih": (OfficeCode("alpha"),)}


class Feed:
    """What the local feed answers next: a status and a body."""

    def __init__(self) -> None:
        self.status = 200
        self.body = b'{"regions": []}'
        self.asked = 0


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    answer = Feed()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            answer.asked += 1
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield answer, f"http://127.0.0.1:{server.server_address[1]}/alerts"
    finally:
        server.shutdown()
        server.server_close()


def _state(ctx, office: str) -> bool:
    return bool(queries.air_raid_state(ctx, office).active)


def test_the_poller_follows_the_feeds_changes(ctx, clock, feed, caplog) -> None:
    answer, url = feed
    poller = AlertFeedPoller(ctx, HttpJsonFeed(url, timeout_seconds=5), REGIONS)
    assert poller.step() == {} and not _state(ctx, "alpha") and answer.asked == 1

    answer.body = b'{"regions": [{"id": "kryvyi-rih", "active": true}, {"id": "kyiv", "active": true}]}'
    assert poller.step() == {"alpha": True}
    assert _state(ctx, "alpha") and not _state(ctx, "beta")
    with pytest.raises(AirRaidPause):
        issue_ticket(ctx, "alpha", "passport", actor=KIOSK)
    assert poller.step() == {}  # no change: nothing to do

    with caplog.at_level(logging.WARNING, logger="queue_server.alert_feed.poller"):
        for status, body in ((500, b"{}"), (200, b"not json"), (200, b'{"regions": [{"id": "kryvyi-rih", "active": "no"}]}'), (200, b"[]")):
            answer.status, answer.body = status, body
            assert poller.step() == {}  # a bad answer changes nothing
            assert _state(ctx, "alpha")
    assert len([r for r in caplog.records if "alert feed" in r.getMessage()]) == 4

    answer.status, answer.body = 200, b'{"regions": [{"id": "kryvyi-rih", "active": false}]}'
    clock.advance(40)
    assert poller.step() == {"alpha": False}
    assert not _state(ctx, "alpha")
    issue_ticket(ctx, "alpha", "passport", actor=KIOSK)
    with ctx.reading() as conn:
        entries = [(entry["action"], entry["actor"]) for entry in audit_store.entries(conn, "alpha") if entry["action"].startswith("air_raid")]
    assert sorted(entries) == [("air_raid_end", "console:alert-feed"), ("air_raid_start", "console:alert-feed")]


def test_a_supervisors_pause_is_theirs_to_end_and_theirs_to_end_early(ctx, feed) -> None:
    answer, url = feed
    poller = AlertFeedPoller(ctx, HttpJsonFeed(url, timeout_seconds=5), REGIONS)
    set_air_raid(ctx, "alpha", True, actor=SUPERVISOR)
    assert poller.step() == {} and _state(ctx, "alpha")  # the feed says no alert: the supervisor's pause stays
    answer.body = b'{"regions": [{"id": "dnipropetrovsk", "active": true}]}'
    assert poller.step() == {"beta": True}  # alpha was paused already
    set_air_raid(ctx, "beta", False, actor=SUPERVISOR)  # the supervisor resumes early: not overruled by the next poll
    assert poller.step() == {} and not _state(ctx, "beta")
    answer.body = b'{"regions": []}'
    assert poller.step() == {} and _state(ctx, "alpha")


def test_an_unreachable_feed_changes_nothing(ctx) -> None:
    poller = AlertFeedPoller(ctx, HttpJsonFeed("http://127.0.0.1:9/alerts", timeout_seconds=2), REGIONS)
    assert poller.step() == {}
    with pytest.raises(FeedError, match="cannot be reached"):
        HttpJsonFeed("http://127.0.0.1:9/alerts", timeout_seconds=2).active_regions(frozenset({"kyiv"}))


def test_the_documented_answer_and_its_mistakes() -> None:
    assert parse(b'{"regions": [{"id": "a", "active": true}, {"id": "b", "active": false}]}') == {"a"}
    for wrong in (b'{"regions": {}}', b'{"regions": [{"id": 1, "active": true}]}', b'{"regions": [{"id": "a"}]}', b"\xff"):
        with pytest.raises(FeedError):
            parse(wrong)


def test_the_region_map_is_checked_against_the_offices(tmp_path: Path) -> None:
    offices = ["alpha", "beta"]
    assert read_regions(tmp_path, offices) == {}
    (tmp_path / "alert_regions.toml").write_text('[regions]\ndnipro = "all"\nkr = ["beta", "beta"]\n', encoding="utf-8")
    assert read_regions(tmp_path, offices) == {"dnipro": ("alpha", "beta"), "kr": ("beta",)}
    for data, message in (
        ({"regions": {"x": ["gamma"]}}, "unknown office 'gamma'"),
        ({"regions": {"x": []}}, "a list of office codes"),
        ({"regions": {"x": "every"}}, "a list of office codes"),
        ({"zones": {}}, "unknown key 'zones'"),
    ):
        with pytest.raises(AlertRegionsError, match=message):
            regions_of(data, offices)


def test_the_feed_is_off_unless_its_url_is_set(ctx, tmp_path: Path) -> None:
    assert poller_from_settings(Settings.from_env({}), ctx) is None
    with pytest.raises(SettingsError, match="CHERGA_ALERT_FEED_URL"):
        Settings.from_env({"CHERGA_ALERT_FEED_URL": "ftp://feed"})
    on = Settings.from_env({"CHERGA_ALERT_FEED_URL": "http://127.0.0.1:9/a", "CHERGA_CONFIG_DIR": str(tmp_path), "CHERGA_ALERT_FEED_SECONDS": "20"})
    assert on.alert_feed_seconds == 20
    with pytest.raises(AlertRegionsError, match="maps no region"):
        poller_from_settings(on, ctx)
    (tmp_path / "alert_regions.toml").write_text('[regions]\nkr = ["alpha"]\n', encoding="utf-8")
    poller = poller_from_settings(on, ctx)
    assert poller is not None and poller.regions == {"kr": ("alpha",)} and FEED_ACTOR.ref == "console:alert-feed"


def test_the_bundled_region_map_covers_every_office_of_the_network() -> None:
    from queue_server.network_config import DEFAULT_CONFIG_DIR, load_network

    network = load_network()
    assert read_regions(DEFAULT_CONFIG_DIR, network.offices) == {"dnipropetrovsk": tuple(network.offices)}
