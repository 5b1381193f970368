"""The demo: staff accounts and devices for the main office of the «Віза» network.

Passwords here are public (they are in the README); never use `cherga demo`
on a real office's database. Everything it adds is demonstration data, and
it says so when it starts, beside what of the bundled configuration is real. Device tokens are shown once, so the demo keeps
them in a file beside the database for the person trying it out; the key
that signs staff sessions is kept there too, so a restart logs nobody out.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .commands.accounts import add_device, add_user
from .demo_bookings import seed_bookings
from .domain.appointments import person_secret
from .domain.errors import AlreadyExists
from .settings import Settings
from .store.engine import sqlite_path
from .wiring import open_context

DEMO_PASSWORD = "cherga-demo"
DEMO_OFFICE = "main"
DEMO_USERS = (
    ("admin", "admin", []),
    ("manager", "manager", []),
    ("supervisor", "supervisor", [DEMO_OFFICE]),
    ("operator1", "operator", [DEMO_OFFICE]),
    ("operator2", "operator", [DEMO_OFFICE]),
)
# the agent prints for the kiosk of its name; the partner books as the city's portal would (docs/booking.md)
DEMO_DEVICES = (("kiosk", "kiosk-1"), ("display", "hall-1"), ("agent", "kiosk-1"), ("partner", "city-portal"))


def tokens_file(settings: Settings) -> Path:
    database = sqlite_path(settings.database_url)
    folder = database.parent if database else Path("var")
    return folder / "demo-tokens.txt"


def secret_key_file(settings: Settings) -> Path:
    database = sqlite_path(settings.database_url)
    folder = database.parent if database else Path("var")
    return folder / "secret-key"


def kept_secret_key(settings: Settings) -> str:
    """The demo's own CHERGA_SECRET_KEY, made once and kept beside its database (mode 0600).

    Staff sessions are signed with it: without a kept key every restart of
    the demo would log every member of staff out.
    """
    path = secret_key_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        kept = path.read_text(encoding="ascii").strip()
        if len(kept) >= 32:
            return kept
        raise SystemExit(f"cherga: {path} holds no usable key; delete it and a new one is made (sessions then end)") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii").strip()


def seed_demo(settings: Settings, *, host: str, port: int) -> None:
    ctx = open_context(settings)
    if DEMO_OFFICE not in ctx.network.offices:
        raise SystemExit(f"cherga: the demo needs an office {DEMO_OFFICE!r} in the configuration")
    for username, role, offices in DEMO_USERS:
        try:
            add_user(ctx, username, DEMO_PASSWORD, role, offices)
        except AlreadyExists:
            pass
    path = tokens_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    for kind, name in DEMO_DEVICES:
        try:
            record, token = add_device(ctx, kind, DEMO_OFFICE, name)
        except AlreadyExists:
            continue
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{record.kind}\t{record.name}\t{record.office}\t{token}\n")
        os.chmod(path, 0o600)
    seed_bookings(ctx, key=person_secret((settings.secret_key or "").encode("utf-8")))
    base = f"http://{host}:{port}"
    print(
        f"""
Демо-мережа «{ctx.network.name.uk}»: {len(ctx.network.offices)} офісів.
The «Віза» demo network: {len(ctx.network.offices)} offices.
Демонстраційні дані: облікові записи, пристрої, записи відвідувачів (імена, телефони),
адреси й вікна вигадані; назва центру, офіси, 9 комплексних послуг і графік роботи — справжні.
Demonstration data: the accounts, devices, visitors' bookings (names, phone numbers),
addresses and desks are invented; the centre's name, offices, 9 packages and hours are real.

  Staff (password «{DEMO_PASSWORD}»): {', '.join(u for u, _, _ in DEMO_USERS)}
  Device tokens (kiosk, display, agent and the partner «city-portal» of office «{DEMO_OFFICE}»): {path}
  Bookings: a few at every office yesterday, today and the coming days (more at «{DEMO_OFFICE}»)
  Session key (kept, so a restart logs nobody out): {secret_key_file(settings)}
  Kiosk page: {base}/kiosk/{DEMO_OFFICE}
  Hall boards: {base}/display/{DEMO_OFFICE}  {base}/display/{DEMO_OFFICE}/main-hall
               {base}/display/{DEMO_OFFICE}/main-passports (paired: the display token)
  Desk display: {base}/display/desk/{DEMO_OFFICE}-1
  Desk console (operator1, operator2): {base}/desk
  Supervisor (supervisor): {base}/supervisor
  Dashboard and reports (manager): {base}/dashboard  {base}/reports

  {base}/healthz
  {base}/api/v1/offices
  {base}/api/v1/openapi.json
  {base}/api/v1/offices/{DEMO_OFFICE}/queue
"""
    )
