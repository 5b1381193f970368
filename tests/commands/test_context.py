"""The transaction every command runs in: it takes the office lock and decides who is audited."""

from __future__ import annotations

import ast
from pathlib import Path

import sqlalchemy as sa

from queue_server.commands.accounts import CONSOLE
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
