"""Databases of their own on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust), dropped after the test.

A test that needs one skips with the reason where no PostgreSQL answers
(a laptop without one), as tests/store/test_postgresql.py does.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator

import pytest

SERVER = "postgresql://postgres@127.0.0.1:5432"


@contextlib.contextmanager
def fresh_database(prefix: str = "cherga_test") -> Iterator[str]:
    """A new, empty database's SQLAlchemy URL; skips the test when there is no PostgreSQL or no driver."""
    psycopg = pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed (pip install 'cherga[postgresql]')")
    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
