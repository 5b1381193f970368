"""The `cherga` command: serve, demo, user, device, config check.

Every command reads CHERGA_DATABASE_URL and CHERGA_CONFIG_DIR (or --database
and --config). A mistake gets one clear line on stderr and exit status 2;
nothing is written before the input has been checked.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

EXIT_USAGE = 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL", help="database URL (default: CHERGA_DATABASE_URL or sqlite:///var/cherga.sqlite3)")
    parser.add_argument("--config", metavar="DIR", help="configuration folder (default: CHERGA_CONFIG_DIR or the bundled «Віза» network)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cherga", description="Cherga queue server")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the queue server")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--async-mode", choices=("gevent", "threading", "eventlet"), help="default: CHERGA_ASYNC_MODE or gevent")
    serve.add_argument("--create-database", action="store_true", default=None, help="create the database if it does not exist (default: CHERGA_CREATE_DATABASE, else refuse a missing one)")
    serve.add_argument("--check-database", choices=("quick", "full", "off"), help="check the database's pages at start (default: CHERGA_DATABASE_CHECK or quick)")

    demo = commands.add_parser("demo", help="seed demo accounts and devices, then serve the «Віза» network")
    _common(demo)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--async-mode", choices=("gevent", "threading", "eventlet"))
    demo.add_argument("--seed-only", action="store_true", help="create the demo accounts and exit")
    # argparse only: the simulator itself is imported when it runs
    from .simulation import options as simulation_options

    simulation_options.add_demo_options(demo)
    simulate = commands.add_parser("simulate", help="play a day's visitors and administrators against a running server (demo and test databases)")
    _common(simulate)
    simulation_options.add_options(simulate)

    user = commands.add_parser("user", help="staff accounts").add_subparsers(dest="action", required=True, metavar="ACTION")
    add = user.add_parser("add", help="create a staff account")
    _common(add)
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("operator", "supervisor", "manager", "admin"))
    add.add_argument("--office", nargs="+", default=[], metavar="CODE", help="office code(s) the account works in")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    passwd = user.add_parser("passwd", help="set a new password")
    _common(passwd)
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    unlock = user.add_parser("unlock", help="let a locked-out account log in at once (forgets its failed logins)")
    _common(unlock)
    unlock.add_argument("username")

    device = commands.add_parser("device", help="kiosks, displays, print agents, partners").add_subparsers(dest="action", required=True, metavar="ACTION")
    device_add = device.add_parser("add", help="register a device; prints its token as the last line")
    _common(device_add)
    device_add.add_argument("--kind", required=True, choices=("kiosk", "display", "agent", "partner"))
    device_add.add_argument("--office", required=True, metavar="CODE")
    device_add.add_argument("--name", required=True)
    device_revoke = device.add_parser("revoke", help="revoke a device's token")
    _common(device_revoke)
    device_revoke.add_argument("id", type=int, help="the device's id (see `cherga device list`)")
    device_list = device.add_parser("list", help="list registered devices")
    _common(device_list)

    from kiosk import agent_cli  # the same command as `cherga-agent`, which a kiosk PC runs

    agent = commands.add_parser("kiosk-agent", help="print the tickets of a kiosk (runs on the kiosk PC; also `cherga-agent`)")
    agent_cli.add_options(agent)

    door = commands.add_parser("door-qr", help="print the address of an office's door QR code (remote tickets' arrival); --png writes the poster's code")
    _common(door)
    door.add_argument("office", metavar="OFFICE")
    door.add_argument("--url", metavar="BASE", help="the server's public address (default: CHERGA_PUBLIC_URL)")
    door.add_argument("--png", metavar="FILE", help="also write the QR code as a PNG image")
    door.add_argument("--renew", action="store_true", help="a new key: posters printed before stop working")

    from .database_cli import add_commands as add_database_commands

    add_database_commands(commands)
    from .node_cli import add_commands as add_node_commands

    add_node_commands(commands)
    from .outcomes_cli import add_commands as add_outcome_commands

    add_outcome_commands(commands)

    config = commands.add_parser("config", help="configuration").add_subparsers(dest="action", required=True, metavar="ACTION")
    check = config.add_parser("check", help="validate the configuration files, write nothing")
    check.add_argument("--config", metavar="DIR")
    return parser


def fail(message: str) -> NoReturn:
    print(f"cherga: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def _settings(args: argparse.Namespace, **extra: Any) -> Any:
    from .settings import Settings

    overrides: dict[str, Any] = dict(extra)
    if getattr(args, "database", None):
        overrides["database_url"] = args.database
    if getattr(args, "config", None):
        from pathlib import Path

        overrides["config_dir"] = Path(args.config)
    return Settings.from_env(**overrides)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("no password on standard input")
        return password
    if not sys.stdin.isatty():  # a pipe or a script: the password is its first line, as with --password-stdin
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("no password on standard input (pipe it in, or run in a terminal to be asked)")
        return password
    from .commands.accounts import MIN_PASSWORD, check_password_rules

    first = getpass.getpass(f"Password (at least {MIN_PASSWORD} characters): ")
    check_password_rules(first)  # said at once, not after the repeat
    if first != getpass.getpass("Repeat the password: "):
        fail("the passwords differ")
    return first


@contextlib.contextmanager
def _context(args: argparse.Namespace) -> Iterator[Any]:
    """The command's context; its database connections close when the command is done.

    A command may run inside a longer-lived process (a script, the test
    suite): a connection left open would hold SQLite's file after it.
    """
    from .wiring import open_context

    ctx = open_context(_settings(args))
    try:
        yield ctx
    finally:
        ctx.engine.dispose()


def _utc_now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc)


def cmd_config_check(args: argparse.Namespace) -> None:
    from .network_config import DEFAULT_CONFIG_DIR, load_network

    folder = args.config or os.environ.get("CHERGA_CONFIG_DIR") or DEFAULT_CONFIG_DIR
    network = load_network(folder)
    from . import check_voice_clips

    check_voice_clips(folder)  # an office's recorded voice clips, if the folder has any
    desks = sum(len(office.desks) for office in network.offices.values())
    packages = sum(service.package for service in network.services.values())
    print(
        f"configuration OK: {len(network.offices)} offices, {len(network.services)} services "
        f"({packages} of them packages), {len(network.categories)} categories, {desks} desks"
    )


def cmd_user_add(args: argparse.Namespace) -> None:
    from .commands.accounts import add_user, check_password_rules

    with _context(args) as ctx:  # a database that cannot be used is said before the password is asked
        password = _read_password(args)
        check_password_rules(password)
        user = add_user(ctx, args.username, password, args.role, args.office)
    offices = ", ".join(user.offices) or "the whole network"
    print(f"user {user.username} ({user.role}) created for {offices}")


def cmd_user_passwd(args: argparse.Namespace) -> None:
    from .commands.accounts import set_password

    with _context(args) as ctx:
        set_password(ctx, args.username, _read_password(args))
    print(f"password of {args.username} changed")


def cmd_user_unlock(args: argparse.Namespace) -> None:
    from .commands.accounts import CONSOLE
    from .commands.logins import unlock

    with _context(args) as ctx:
        forgotten = unlock(ctx, args.username, actor=CONSOLE)
    print(f"{args.username} unlocked ({forgotten} failed login(s) forgotten)")


def cmd_device_add(args: argparse.Namespace) -> None:
    from .commands.accounts import add_device

    with _context(args) as ctx:
        record, token = add_device(ctx, args.kind, args.office, args.name)
    print(f"{record.kind} {record.name!r} of office {record.office} registered as device {record.id}; its token:")
    print(token)


def cmd_door_qr(args: argparse.Namespace) -> None:
    from .commands.remote_tickets import door_key, door_path

    base = (args.url or _settings(args).public_url or "").rstrip("/")
    if not base.startswith(("http://", "https://")):
        fail("give the server's public address: --url https://… or CHERGA_PUBLIC_URL")
    with _context(args) as ctx:
        url = base + door_path(ctx.office(args.office).code, door_key(ctx, args.office, renew=args.renew))
    if args.png:
        import qrcode  # type: ignore[import-untyped]

        qrcode.make(url, border=4, box_size=12).save(args.png)
        print(f"the door QR code of {args.office} is in {args.png}")
    print(url)


def cmd_device_revoke(args: argparse.Namespace) -> None:
    from .commands.accounts import revoke_device

    with _context(args) as ctx:
        record = revoke_device(ctx, args.id)
    print(f"device {record.id} ({record.kind} {record.name!r} of {record.office}) revoked")


def cmd_device_list(args: argparse.Namespace) -> None:
    from .commands.accounts import list_devices

    rows = [("ID", "OFFICE", "KIND", "NAME", "STATE", "LAST SEEN (UTC)")]
    with _context(args) as ctx:
        records = list_devices(ctx)
    for record in records:
        state = "revoked" if record.revoked_at else "active"
        seen = record.last_seen_at.strftime("%Y-%m-%d %H:%M") if record.last_seen_at else "never"
        rows.append((str(record.id), record.office, record.kind, record.name, state, seen))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def cmd_serve(args: argparse.Namespace) -> None:
    from .server import serve

    settings = _settings(
        args,
        async_mode=args.async_mode or os.environ.get("CHERGA_ASYNC_MODE") or "gevent",
        create_database=args.create_database,
        database_check=args.check_database,
    )
    serve(settings, args.host, args.port)


def cmd_demo(args: argparse.Namespace) -> None:
    from .demo import seed_demo

    settings = _settings(args, async_mode=args.async_mode or os.environ.get("CHERGA_ASYNC_MODE") or "gevent")
    if settings.secret_key is None:  # sessions survive a restart of the demo (var/secret-key)
        from dataclasses import replace

        from .demo import kept_secret_key

        settings = replace(settings, secret_key=kept_secret_key(settings))
    from .simulation.command import demo_config, start_in_demo
    from .store.database_check import prepare_database

    settings, hours_line = demo_config(settings, simulation=not (args.no_simulation or args.seed_only), now=_utc_now())  # a copy open now, if need be
    if hours_line:  # the first thing the demo says
        print(hours_line, flush=True)
    prepare_database(settings.database_url, create=True, check=settings.database_check)  # the demo may start a new one
    seed_demo(settings, host=args.host, port=args.port)
    if not args.seed_only:
        from .server import serve

        simulation = None if args.no_simulation else start_in_demo(settings, args, host=args.host, port=args.port)
        try:
            serve(settings, args.host, args.port)
        finally:
            if simulation is not None:
                simulation.end()


def cmd_simulate(args: argparse.Namespace) -> None:
    from .simulation.command import simulate

    with _context(args) as ctx:
        simulate(ctx, args)


def cmd_kiosk_agent(args: argparse.Namespace) -> None:
    from kiosk import agent_cli

    status = agent_cli.run(args, prog="cherga")
    if status:
        raise SystemExit(status)


def _database_copy(args: argparse.Namespace) -> None:
    from .database_cli import cmd_db_copy

    cmd_db_copy(args)


HANDLERS = {
    ("serve", None): cmd_serve,
    ("kiosk-agent", None): cmd_kiosk_agent,
    ("demo", None): cmd_demo,
    ("simulate", None): cmd_simulate,
    ("config", "check"): cmd_config_check,
    ("user", "add"): cmd_user_add,
    ("user", "passwd"): cmd_user_passwd,
    ("user", "unlock"): cmd_user_unlock,
    ("device", "add"): cmd_device_add,
    ("device", "revoke"): cmd_device_revoke,
    ("device", "list"): cmd_device_list,
    ("door-qr", None): cmd_door_qr,
    ("db", "copy"): _database_copy,
}
from .node_cli import HANDLERS as NODE_HANDLERS  # noqa: E402

HANDLERS.update(NODE_HANDLERS)
from .outcomes_cli import HANDLERS as OUTCOME_HANDLERS  # noqa: E402

HANDLERS.update(OUTCOME_HANDLERS)


def _patch_for(async_mode: str) -> None:
    """Patch the standard library for the chosen async mode, before anything imports socket or ssl."""
    if async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif async_mode == "eventlet":
        try:
            import eventlet
        except ImportError:
            fail("CHERGA_ASYNC_MODE=eventlet needs eventlet: pip install 'cherga[eventlet]'")
        eventlet.monkey_patch()


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command in ("serve", "demo"):
        _patch_for(args.async_mode or os.environ.get("CHERGA_ASYNC_MODE") or "gevent")
    handler = HANDLERS[(args.command, getattr(args, "action", None))]
    from .domain.errors import DomainError
    from .network_config import ConfigError
    from .settings import SettingsError

    refusals: tuple[type[Exception], ...] = (DomainError, SettingsError)
    if args.command != "kiosk-agent":  # the agent's PC has no database driver
        from .realtime.message_queue import MessageQueueUnusable
        from .server import PortUnavailable
        from .store.database_check import DatabaseUnusable

        refusals += (DatabaseUnusable, MessageQueueUnusable, PortUnavailable)
    try:
        handler(args)
    except refusals as error:
        fail(str(error))
    except ConfigError as error:
        fail(f"the configuration is not valid:\n{error}")


if __name__ == "__main__":
    main()
