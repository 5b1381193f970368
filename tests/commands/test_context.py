"""The transaction every command runs in: it takes the office lock and decides who is audited."""

from __future__ import annotations

import ast
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import sqlalchemy as sa

from queue_server.commands.accounts import CONSOLE
from queue_server.domain.events import Event
from queue_server.store.schema import audit_log, office_sequences

COMMANDS = Path(__file__).resolve().parents[2] / "queue_server" / "commands"


def test_a_transaction_for_an_office_holds_that_office_lock(ctx) -> None:
    with ctx.transaction(office="alpha") as tx:
        # the lock is the office's row, made on its first command: it exists inside the transaction
        locked = tx.connection.execute(sa.select(office_sequences.c.office)).scalars().all()
    assert locked == ["alpha"]
    with ctx.transaction() as tx:  # no office: no lock taken, no row made
        assert tx.connection.execute(sa.select(office_sequences.c.office).where(office_sequences.c.office == "beta")).first() is None


def test_devices_are_not_audited_staff_and_the_console_are(ctx, operator, kiosk) -> None:
    with ctx.transaction(office="alpha") as tx:
        for actor in (operator, kiosk, CONSOLE):
            tx.audit(actor, "issue", office="alpha")
    with ctx.engine.connect() as conn:
        actors = conn.execute(sa.select(audit_log.c.actor).order_by(audit_log.c.id)).scalars().all()
    assert actors == ["user:olena", "console:cli"]  # a kiosk's tickets are the public's own


def test_no_command_takes_an_office_lock_by_hand() -> None:
    by_hand = [
        f"{path.name}:{node.lineno}"
        for path in sorted(COMMANDS.glob("*.py"))
        if path.name != "context.py"  # the lock's one home
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Name, ast.Attribute)) and (getattr(node, "id", None) or getattr(node, "attr", None)) == "lock_office"
        or isinstance(node, ast.alias) and node.name == "lock_office"
    ]
    assert by_hand == []  # `ctx.transaction(office=…)` takes it


@dataclass(frozen=True)
class Noted(Event):
    type: ClassVar[str] = "test.noted"


class SlowPublisher:
    """The first publish waits until the test lets it go: a fan-out to many subscribers, slowed down."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.started = threading.Event()
        self.go_on = threading.Event()

    def publish(self, messages: Sequence[dict[str, Any]]) -> None:
        if not self.started.is_set():
            self.started.set()
            assert self.go_on.wait(10)
        self.messages.extend(messages)

    def deliver(self, messages: Sequence[Any]) -> None:
        return None


def test_a_writer_does_not_wait_for_the_fan_out_before_it_and_the_events_leave_in_seq_order(ctx) -> None:
    publisher = SlowPublisher()
    ctx.publisher = publisher

    def first() -> None:
        with ctx.transaction(office="alpha") as tx:
            tx.emit("alpha", Noted({"n": 1}))

    sending = threading.Thread(target=first)
    sending.start()
    assert publisher.started.wait(10)  # the first command has committed and is publishing, slowly
    for n in (2, 3):  # these commit and return meanwhile: the write lock is free
        with ctx.transaction(office="alpha") as tx:
            tx.emit("alpha", Noted({"n": n}))
    assert publisher.messages == []  # left to the sender, after the first
    publisher.go_on.set()
    sending.join(10)
    assert [(message["seq"], message["data"]["n"]) for message in publisher.messages] == [(1, 1), (2, 2), (3, 3)]
    with ctx.transaction(office="alpha") as tx:  # nobody sending: a command's events leave before it returns
        tx.emit("alpha", Noted({"n": 4}))
    assert publisher.messages[-1]["seq"] == 4
