"""Fixtures: each test gets its own SQLite file under tmp_path and a clock it moves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factories import Clock, RecordingPublisher, small_network
from queue_server import create_app
from queue_server.commands import accounts
from queue_server.commands.context import CommandContext
from queue_server.domain.model import Network
from queue_server.settings import Settings
from queue_server.wiring import open_context
from web import login_token


def _start_order(item: pytest.Item) -> int:
    """The longest tests first: a real-server or browser test started last keeps one worker busy while the others wait."""
    if item.get_closest_marker("slow"):
        return 0
    if item.get_closest_marker("contract"):
        return 1
    return 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Workers take tests in this order (pytest-xdist); the sort is stable, so a module's tests stay together."""
    items.sort(key=_start_order)


@pytest.fixture
def network() -> Network:
    return small_network()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cherga.sqlite3'}"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env({}, database_url=database_url, voice_cache_dir=tmp_path / "voice-cache")


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def ctx(settings: Settings, network: Network, clock: Clock, publisher: RecordingPublisher) -> Iterator[CommandContext]:
    context = open_context(settings, publisher=publisher, clock=clock, network=network)
    yield context
    context.engine.dispose()


@pytest.fixture
def app(settings, network, clock) -> Iterator[Flask]:
    application = create_app(settings, clock=clock, network=network)
    application.config["TESTING"] = True
    yield application
    application.extensions["cherga"].engine.dispose()


@pytest.fixture
def app_ctx(app) -> CommandContext:
    return app.extensions["cherga"]


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


def make_tokens(app_ctx: CommandContext) -> dict[str, str]:
    """A bearer token for each kind of caller (office `alpha` unless named `_beta`)."""
    found = {
        "operator": login_token(app_ctx, "olena", "operator", ["alpha"]),
        "operator_beta": login_token(app_ctx, "petro", "operator", ["beta"]),
        "supervisor": login_token(app_ctx, "iryna", "supervisor", ["alpha"]),
        "supervisor_beta": login_token(app_ctx, "bohdan", "supervisor", ["beta"]),
        "manager": login_token(app_ctx, "head", "manager", []),
        "admin": login_token(app_ctx, "root", "admin", []),
    }
    for kind, office in (("kiosk", "alpha"), ("display", "alpha"), ("agent", "alpha"), ("kiosk", "beta")):
        _, token = accounts.add_device(app_ctx, kind, office, f"{kind}-1")
        found[kind if office == "alpha" else f"{kind}_{office}"] = token
    return found


@pytest.fixture
def tokens(app_ctx) -> dict[str, str]:
    return make_tokens(app_ctx)


# One app for a whole module, for tests that only read: building an app and its
# database costs more than most tests themselves. A test that changes anything
# takes the function-scoped `app` above instead.


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("shared-app")
    shared_settings = Settings.from_env({}, database_url=f"sqlite:///{folder / 'cherga.sqlite3'}", voice_cache_dir=folder / "voice-cache")
    application = create_app(shared_settings, clock=Clock(), network=small_network())
    application.config["TESTING"] = True
    yield application
    application.extensions["cherga"].engine.dispose()


@pytest.fixture(scope="module")
def shared_tokens(shared_app: Flask) -> dict[str, str]:
    return make_tokens(shared_app.extensions["cherga"])


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's package, no downloaded browser)."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: ./run test installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
