"""Builds the command context from settings: shared by the server and the CLI."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

import sqlalchemy as sa

from .commands.context import CommandContext, NoPublisher, Publisher, utc_now
from .domain.model import Network
from .settings import Settings
from .store.database_check import describe_failure
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
    A database that cannot be opened or brought up to date raises
    `DatabaseUnusable` with one line that says why, not the driver's traceback.
    """
    if network is None:
        from .network_config import load_network

        network = load_network(settings.config_dir)
    try:
        engine = make_engine(settings.database_url, synchronous=settings.sqlite_synchronous)
        upgrade(engine)
    except (sa.exc.DBAPIError, sqlite3.Error, OSError) as error:
        raise describe_failure(settings.database_url, error) from None
    return CommandContext(
        engine=engine, network=network, publisher=publisher or NoPublisher(), clock=clock or utc_now
    )
