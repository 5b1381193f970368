"""Databases of their own on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust), dropped after the test.

The one place the tests make a PostgreSQL database: each test gets a new,
uniquely named one and never meets another test's tables. A test that needs
one skips with the reason where no PostgreSQL answers (a laptop without
one) or the driver is not installed. CHERGA_TEST_POSTGRES names another
server (without a database), as the multi-process tests have allowed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator

import pytest

SERVER = os.environ.get("CHERGA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")  # the server, without a database
DRIVER_REASON = "the PostgreSQL driver psycopg is not installed (pip install 'cherga[postgresql]')"


def missing_postgres() -> str | None:
    """Why no database can be made here (no driver, no server answering), or None."""
    try:
        import psycopg
    except ImportError:
        return DRIVER_REASON
    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"no PostgreSQL at {SERVER}: {str(error).strip().splitlines()[0]}"
    return None


def plain_url(url: str) -> str:
    """A database's SQLAlchemy URL as psycopg itself takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextlib.contextmanager
def fresh_database(prefix: str = "cherga_test") -> Iterator[str]:
    """A new, empty database's SQLAlchemy URL, dropped afterwards (with whatever is still connected); skips the test when there is no PostgreSQL or no driver."""
    reason = missing_postgres()
    if reason is not None:
        pytest.skip(reason)
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
