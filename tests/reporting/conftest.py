"""A quarter of synthetic history (January to March 2026) for the test network, in the test's database."""

from __future__ import annotations

import pytest

from factories import small_network
from reporting.expected import FIRST, LAST
from reporting.synthetic import History, generate
from reporting.synthetic_store import insert


@pytest.fixture(scope="session")
def history() -> History:
    return generate(small_network(), FIRST, LAST, seed=2026)


@pytest.fixture
def loaded(app_ctx, history) -> History:
    """The history written into the app's database; the app's clock (T0, November 2026) is after it."""
    insert(app_ctx.engine, app_ctx.network, history)
    return history


@pytest.fixture(scope="module")
def shared_loaded(shared_app, shared_tokens, history) -> History:
    """The history in the module's one app, for the tests that only read it: writing a quarter costs seconds."""
    ctx = shared_app.extensions["cherga"]
    insert(ctx.engine, ctx.network, history)
    return history


@pytest.fixture
def reader(shared_app):
    """A client of the module's one app."""
    return shared_app.test_client()
