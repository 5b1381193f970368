"""The simulator's own kiosks and administrators: a kiosk token per office, an account and a token per desk.

The simulator works the server as kiosks and desk consoles do, so it needs
what they hold: a kiosk device's token, and a staff member's bearer token.
It makes them in the database before it starts, as `cherga demo` makes the
demo's accounts and devices:

- a kiosk named `simulator-…` per office, and its print agent of the same
  name, new on each run (a device's token is shown only once); those of
  earlier runs are revoked. The agent only connects and says its printer is
  ready — the simulated tickets are not printed — so the dashboard sees
  every kiosk with its agent, as in a working office;
- an administrator `sim-<desk>` per desk (an operator of its office), made
  once, with a password nobody knows: nobody logs in as them;
- a bearer token per administrator, as a login would give, that expires
  after the run (and is revoked when the run ends).

Minting the tokens here rather than logging in spares the server one
deliberately slow password check per desk (171 of them for «Віза»). Run it
only on a demo's or a test's database: the simulated tickets are real
tickets of that database.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from werkzeug.security import generate_password_hash

from ..commands.accounts import CONSOLE, add_device, audit_account, hash_token, revoke_device
from ..commands.context import CommandContext
from ..domain.model import Office
from ..store import accounts as account_store

KIOSK_PREFIX = "simulator-"
OPERATOR_PREFIX = "sim-"


@dataclass(frozen=True)
class Credentials:
    kiosks: dict[str, str]  # office code → kiosk token
    agents: dict[str, str]  # office code → its kiosk's print agent's token
    operators: dict[str, str]  # desk id → bearer token of its administrator

    def staff_tokens(self) -> Iterable[str]:
        return self.operators.values()


def operator_name(desk_id: str) -> str:
    return OPERATOR_PREFIX + desk_id


def prepare(ctx: CommandContext, offices: Iterable[Office], *, lifetime: dt.timedelta, leave: Collection[str] = ()) -> Credentials:
    """Kiosks, administrators and their tokens for `offices` (no administrator for the desks to `leave`); the tokens expire after `lifetime`."""
    chosen = list(offices)
    devices = {str(office.code): _kiosk(ctx, office.code) for office in chosen}
    password_hash = generate_password_hash(secrets.token_urlsafe(32))  # once: scrypt is slow on purpose
    operators: dict[str, str] = {}
    with ctx.transaction() as tx:
        for office in chosen:
            for desk in office.desks:
                if desk.id in leave:
                    continue
                name = operator_name(desk.id)
                user = account_store.user_by_name(tx.connection, name)
                if user is None:
                    user = account_store.add_user(tx.connection, name, password_hash, "operator", [office.code], tx.now)
                    audit_account(tx, CONSOLE, "user_added", user.offices, {"username": user.username, "role": user.role})
                token = secrets.token_urlsafe(32)
                account_store.add_staff_token(tx.connection, hash_token(token), user.id, tx.now, tx.now + lifetime)
                operators[str(desk.id)] = token
    return Credentials({code: kiosk for code, (kiosk, _) in devices.items()}, {code: agent for code, (_, agent) in devices.items()}, operators)


def _kiosk(ctx: CommandContext, office: str) -> tuple[str, str]:
    """A new kiosk and its print agent (their tokens); the simulator's earlier ones are revoked."""
    with ctx.reading() as conn:
        earlier = [
            record
            for record in account_store.list_devices(conn, [office])
            if record.kind in ("kiosk", "agent") and record.name.startswith(KIOSK_PREFIX) and record.revoked_at is None
        ]
    for record in earlier:
        revoke_device(ctx, record.id)
    name = KIOSK_PREFIX + secrets.token_hex(4)
    _, kiosk = add_device(ctx, "kiosk", office, name)
    _, agent = add_device(ctx, "agent", office, name)
    return kiosk, agent


def release(ctx: CommandContext, credentials: Credentials) -> None:
    """The run is over: its administrators' tokens stop working (the kiosks stay until the next run revokes them)."""
    with ctx.transaction() as tx:
        for token in credentials.staff_tokens():
            account_store.revoke_staff_token(tx.connection, hash_token(token), tx.now)
