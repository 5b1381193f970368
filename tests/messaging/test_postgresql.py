"""The message outbox on the PostgreSQL of this machine: two server processes never claim the same message.

Skipped where no PostgreSQL answers at 127.0.0.1:5432, like tests/store/test_postgresql.py.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest

from factories import Clock, small_network
from message_fakes import booking_values
from postgres_databases import fresh_database
from queue_server.commands.context import CommandContext
from queue_server.commands.messages import deliver_due_messages, queue_message
from queue_server.messaging.message import Recipient, Template
from queue_server.messaging.senders import Senders
from queue_server.settings import Settings
from queue_server.store import messages as outbox
from queue_server.store.messages import MessageStatus
from queue_server.wiring import open_context


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def two_servers(postgres_url: str) -> Iterator[tuple[CommandContext, CommandContext]]:
    """Two contexts on one database, each with its own engine and lock, as two server processes have."""
    clock = Clock()
    contexts = tuple(open_context(Settings.from_env({}, database_url=postgres_url), clock=clock, network=small_network()) for _ in range(2))
    yield contexts  # type: ignore[misc]
    for context in contexts:
        context.engine.dispose()


def test_two_servers_claiming_at_once_share_the_messages_out_never_both_take_one(two_servers) -> None:
    first, second = two_servers
    with first.transaction() as tx:
        for _ in range(30):
            queue_message(tx, to=Recipient(phone="0671234567"), template=Template.BOOKING_CONFIRMED, values=booking_values(), lang="uk")
    claimed: dict[int, list[int]] = {}
    start = threading.Barrier(2)

    def claim(index: int, ctx: CommandContext) -> None:
        start.wait()
        with ctx.transaction() as tx:
            claimed[index] = [message.id for message in outbox.claim_due(tx.connection, tx.now, limit=30, lease=dt.timedelta(minutes=2))]

    threads = [threading.Thread(target=claim, args=(index, ctx)) for index, ctx in enumerate(two_servers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not set(claimed[0]) & set(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 30


def test_a_message_is_queued_skipped_and_pruned_on_postgresql(two_servers) -> None:
    ctx, _ = two_servers
    with ctx.transaction() as tx:
        queue_message(tx, to=Recipient(email="olena@example.org"), template=Template.BOOKING_CONFIRMED, values=booking_values(), lang="en")
    assert deliver_due_messages(ctx, Senders(), max_attempts=3).skipped == 1
    with ctx.reading() as conn:
        (message,) = outbox.all_messages(conn)
    assert message.status is MessageStatus.SKIPPED and message.done_at == ctx.clock()
    with ctx.transaction() as tx:
        assert outbox.prune(tx.connection, tx.now + dt.timedelta(seconds=1)) == 1
