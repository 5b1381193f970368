"""`cherga simulate`, and the demo's simulated day: the options, the start lines, the run.

`cherga simulate` works a running server (`--url`) on the database it
shares with it (`--database`, for the simulator's tokens), bounded by
simulated minutes and/or visitors, and prints the figures at the end, on
SIGUSR1, and every `--report-every` minutes. `cherga demo` starts the same
simulator inside its own process, unbounded at real time, unless told
`--no-simulation`; when offices of the bundled network are closed now it
runs on its own copy of the configuration open round the clock (`var/demo-config`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from ..commands.context import CommandContext
from ..domain.errors import InvalidRequest
from ..domain.model import Network, Office
from ..domain.opening_hours import is_open
from ..i18n import translate
from ..network_config import DEFAULT_CONFIG_DIR, load_network
from ..network_config.round_the_clock import round_the_clock_config
from ..settings import Settings
from ..store.engine import sqlite_path
from . import plan as people
from .driver import Driver
from .options import DEFAULT_MINUTES
from .seeding import Credentials, prepare, release
from .timeline import Bounds

DEMO_SEED = 2026
DEMO_REPORT_MINUTES = 15.0
DEMO_FREE_DESKS = ("main-1", "main-2")  # operator1 and operator2 of the demo work them: the simulator leaves them free
HEALTH_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Run:
    offices: tuple[Office, ...]
    speed: float
    bounds: Bounds
    seed: int
    behaviour: people.Behaviour
    leave: frozenset[str]


def check_run(network: Network, args: argparse.Namespace) -> Run:
    """The run the options ask for, or a clear refusal (nothing has been written yet)."""
    codes = args.offices or list(network.offices)
    unknown = [code for code in codes if code not in network.offices]
    if unknown:
        raise InvalidRequest(f"unknown office(s): {', '.join(unknown)}", field="offices")
    if not 0 < args.speed <= 3600:
        raise InvalidRequest("--speed must be above 0 and at most 3600", field="speed")
    if args.minutes is not None and not args.minutes > 0:
        raise InvalidRequest("--minutes must be above 0", field="minutes")
    if args.visitors is not None and args.visitors < 1:
        raise InvalidRequest("--visitors must be at least 1", field="visitors")
    if not 0 < args.load <= 5:
        raise InvalidRequest("--load must be above 0 and at most 5", field="load")
    if args.report_every is not None and not args.report_every > 0:
        raise InvalidRequest("--report-every must be above 0", field="report_every")
    minutes = args.minutes if args.minutes is not None or args.visitors is not None else DEFAULT_MINUTES
    return Run(
        tuple(network.offices[code] for code in codes), args.speed, Bounds(minutes, args.visitors), args.seed,
        replace(people.Behaviour(), load=args.load), frozenset(args.leave),
    )  # fmt: skip


def closed_now(network: Network, offices: Sequence[Office], now: dt.datetime) -> list[str]:
    return [office.code for office in offices if not is_open(office.hours, now.astimezone(ZoneInfo(office.timezone)))]


def wait_until_healthy(url: str, seconds: float, stopped: Callable[[], bool] = lambda: False) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stopped():
        try:
            if requests.get(url.rstrip("/") + "/healthz", timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.3)
    return False


def _driver(ctx: CommandContext, run: Run, url: str, credentials: Credentials, *, report_every: float | None, say: Callable[[str], None]) -> Driver:
    plans = [plan for office in run.offices if (plan := people.office_plan(ctx.network, office)) is not None]
    priorities = [code for code, category in ctx.network.priorities.items() if category.enabled]
    return Driver(
        url, plans, credentials, seed=run.seed, speed=run.speed, bounds=run.bounds, behaviour=run.behaviour,
        priorities=priorities, report_every=report_every, say=say,
    )  # fmt: skip


def _lifetime(run: Run) -> dt.timedelta:
    """The tokens outlive the run by an hour; an unbounded run's (the demo's) last a month."""
    if run.bounds.minutes is None and run.bounds.visitors is None:
        return dt.timedelta(days=30)
    minutes = run.bounds.minutes if run.bounds.minutes is not None else 24 * 60
    return dt.timedelta(minutes=minutes / run.speed + 60)


def _credentials(ctx: CommandContext, run: Run) -> Credentials:
    return prepare(ctx, run.offices, lifetime=_lifetime(run), leave=run.leave)


def _say(text: str) -> None:
    print(text, flush=True)


def simulate(ctx: CommandContext, args: argparse.Namespace) -> None:
    """`cherga simulate`: prepare, run to the bound (or Ctrl-C), print the figures."""
    run = check_run(ctx.network, args)
    if not wait_until_healthy(args.url, 3):
        raise InvalidRequest(f"no server answers at {args.url} (start it with `cherga serve`, or give --url)", field="url")
    closed = closed_now(ctx.network, run.offices, dt.datetime.now(dt.timezone.utc))
    credentials = _credentials(ctx, run)
    driver = _driver(ctx, run, args.url, credentials, report_every=args.report_every * 60 if args.report_every else None, say=_say)
    bound = " and ".join(
        part for part in (f"{run.bounds.minutes:g} simulated minutes" if run.bounds.minutes else "", f"{run.bounds.visitors} visitors" if run.bounds.visitors else "") if part
    )
    _say(f"simulating {len(driver.plans)} offices at {args.url}, speed {run.speed:g}, seed {run.seed}, until {bound} (Ctrl-C ends it; SIGUSR1 prints the figures)")
    if closed:
        _say(f"closed now by their hours: {', '.join(closed)} — their kiosks will be refused (run the server on a copy open round the clock to simulate them)")
    _on_usr1(lambda: _say(driver.report()))
    try:
        driver.run()
    except KeyboardInterrupt:
        driver.stop()
    finally:
        release(ctx, credentials)
    _say(driver.report())
    if driver.tally.server_errors:
        raise SystemExit(1)


def _on_usr1(action: Callable[[], None]) -> None:
    if hasattr(signal, "SIGUSR1") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGUSR1, lambda *_: action())


# the demo


def demo_config(settings: Settings, *, simulation: bool, now: dt.datetime) -> tuple[Settings, str | None]:
    """The configuration the demo serves, and the start line that says why, when it is its own copy.

    With the simulation on and offices of the bundled network closed now,
    the demo serves a copy open round the clock, made afresh beside its
    database (`var/demo-config`): the server keeps honouring the hours it
    is given, on the real clock. An own configuration (`--config`) is served as it is.
    """
    if not simulation or Path(settings.config_dir).resolve() != DEFAULT_CONFIG_DIR.resolve():
        return settings, None
    network = load_network(DEFAULT_CONFIG_DIR)
    closed = closed_now(network, list(network.offices.values()), now)
    if not closed:
        return settings, None
    database = sqlite_path(settings.database_url)
    folder = (database.parent if database else Path("var")) / "demo-config"
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    round_the_clock_config(folder)
    kyiv = now.astimezone(ZoneInfo("Europe/Kyiv")).strftime("%a %H:%M")
    values = {"time": kyiv, "closed": len(closed), "offices": len(network.offices), "folder": folder}
    line = translate("demo.simulation.closed", "uk", **values) + "\n" + translate("demo.simulation.closed", "en", **values)
    return replace(settings, config_dir=folder), line


@dataclass
class DemoSimulation:
    """The demo's running simulation; `end` stops it and revokes its administrators' tokens when the demo stops."""

    driver: Driver
    ctx: CommandContext
    credentials: Credentials

    def end(self) -> None:
        self.driver.stop()
        try:
            release(self.ctx, self.credentials)
        finally:
            self.ctx.engine.dispose()


def start_in_demo(settings: Settings, args: argparse.Namespace, *, host: str, port: int) -> DemoSimulation:
    """Seed the history, prepare the simulator, say so, and start it beside the server (it waits until the server answers)."""
    from ..wiring import open_context

    ctx = open_context(settings)
    try:
        return _start_in_demo(ctx, args, host=host, port=port)
    except BaseException:
        ctx.engine.dispose()
        raise


def _start_in_demo(ctx: CommandContext, args: argparse.Namespace, *, host: str, port: int) -> DemoSimulation:
    from .history import seed_history

    seeded = seed_history(ctx, days=args.history_days)
    run = Run(tuple(ctx.network.offices.values()), args.simulation_speed, Bounds(), DEMO_SEED, people.Behaviour(), frozenset(DEMO_FREE_DESKS))
    credentials = _credentials(ctx, run)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"
    driver = _driver(ctx, run, url, credentials, report_every=DEMO_REPORT_MINUTES * 60, say=_say)
    on = {"offices": len(driver.plans), "speed": f"{run.speed:g}", "seed": run.seed}
    free = {"desks": ", ".join(DEMO_FREE_DESKS)}
    with ctx.reading() as conn:
        total = _history_tickets(conn)
    history = {"days": args.history_days, "tickets": total}
    for key, values in (("demo.simulation.on", on), ("demo.simulation.free_desks", free), ("demo.history.seeded", history)):
        _say(translate(key, "uk", **values))
        _say(translate(key, "en", **values))
    if seeded.tickets:
        _say(f"  (added {seeded.tickets} tickets of {seeded.days} past days now)")

    def work() -> None:
        if not wait_until_healthy(url, HEALTH_WAIT_SECONDS):
            print(f"cherga demo: the simulation found no server at {url}; it does not run", file=sys.stderr)
            return
        driver.run()

    _on_usr1(lambda: _say(driver.report()))
    threading.Thread(target=work, name="cherga-simulation", daemon=True).start()
    return DemoSimulation(driver, ctx, credentials)


def _history_tickets(conn: Any) -> int:
    import sqlalchemy as sa

    from ..store.schema import tickets
    from .history import ISSUED_BY

    return int(conn.execute(sa.select(sa.func.count()).select_from(tickets).where(tickets.c.issued_by == ISSUED_BY)).scalar() or 0)
