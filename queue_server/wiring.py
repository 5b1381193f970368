"""Builds the command context from settings: shared by the server and the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .domain.model import Network
from .commands.context import CommandContext, NoPublisher, Publisher, utc_now
from .settings import Settings
from .store.engine import make_engine
from .store.migrations import upgrade


def open_context(
    settings: Settings,
    *,
    publisher: Publisher | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    network: Network | None = None,
) -> CommandContext:
    """Validate the whole configuration, open the database, bring its schema up to date.

    `network` replaces the configuration files (tests build a small one in code).
    """
    if network is None:
        from .network_config import load_network

        network = load_network(settings.config_dir)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return CommandContext(
        engine=engine, network=network, publisher=publisher or NoPublisher(), clock=clock or utc_now
    )
