"""The `cherga-agent` command: the print agent as a kiosk PC runs it.

    pip install 'cherga[agent]'
    CHERGA_AGENT_TOKEN=… cherga-agent --server http://10.0.0.2:8000 --printer tcp://10.0.0.5:9100

It imports nothing of the server, so that a missing client library is one
clear line (exit status 2) rather than a traceback on a PC nobody watches.
`cherga kiosk-agent` is the same command, reached through the server's CLI.

The journal of printed jobs lives in the agent's state directory unless
`--journal` says otherwise: systemd's `$STATE_DIRECTORY` (the unit's
`StateDirectory=`), else `$XDG_STATE_HOME/cherga-agent`, else
`~/.local/state/cherga-agent` — never the directory the agent happened to
be started from, which changes with every way of starting it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

EXIT_USAGE = 2
JOURNAL_NAME = "print-journal.jsonl"
# module → what to install; the agent cannot print or connect without any of them
NEEDED = {
    "socketio": "python-socketio[client]",
    "websocket": "websocket-client",
    "escpos": "python-escpos",
    "qrcode": "qrcode",
}


def add_options(parser: argparse.ArgumentParser) -> None:
    """The agent's options, shared by `cherga-agent` and `cherga kiosk-agent`."""
    parser.add_argument("--server", required=True, metavar="URL", help="the queue server, e.g. http://10.0.0.2:8000")
    parser.add_argument("--token", metavar="TOKEN", help="the agent's device token (default: CHERGA_AGENT_TOKEN)")
    parser.add_argument("--printer", required=True, metavar="URI", help="tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0, file:///dev/usb/lp0, cups://NAME, dummy://")
    parser.add_argument("--profile", default="epson-80", help="printer profile: epson-80, epson-58, cyrillic-1251-80, image-58, image-80")
    parser.add_argument("--journal", metavar="PATH", help=f"where printed jobs are remembered (default: the agent's state directory/{JOURNAL_NAME})")
    parser.add_argument("--status-seconds", type=float, default=30.0, help="how often the printer is asked for its state")
    parser.add_argument("--max-age-seconds", type=float, default=300.0, help="a job older than this is not printed (default 300)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cherga-agent", description="Cherga kiosk print agent: prints the tickets of one kiosk")
    add_options(parser)
    return parser


def state_directory(environ: Mapping[str, str] | None = None) -> Path:
    """Where the agent keeps its state: systemd's, else the XDG one, else ~/.local/state."""
    env = os.environ if environ is None else environ
    if env.get("STATE_DIRECTORY"):
        return Path(env["STATE_DIRECTORY"].split(":")[0])
    if env.get("XDG_STATE_HOME"):
        return Path(env["XDG_STATE_HOME"]) / "cherga-agent"
    return Path.home() / ".local" / "state" / "cherga-agent"


def missing_packages() -> list[str]:
    return [package for module, package in NEEDED.items() if importlib.util.find_spec(module) is None]


def _quiet_libraries() -> None:
    """The Socket.IO libraries log every attempt their own way; the agent says each failure once."""
    import logging

    for name in ("socketio.client", "engineio.client"):
        logging.getLogger(name).setLevel(logging.ERROR)


def run(args: argparse.Namespace, prog: str = "cherga-agent") -> int:
    """Check the options and the installation, then print until stopped; returns the exit status."""

    def fail(message: str) -> int:
        print(f"{prog}: error: {message}", file=sys.stderr)
        return EXIT_USAGE

    missing = missing_packages()
    if missing:
        return fail(f"the print agent needs {', '.join(missing)}, which is not installed: pip install 'cherga[agent]'")
    token = args.token or os.environ.get("CHERGA_AGENT_TOKEN")
    if not token:
        return fail("give the agent's token with --token or CHERGA_AGENT_TOKEN")
    if not args.server.startswith(("http://", "https://")):
        return fail(f"--server {args.server!r}: expected http://HOST:PORT or https://HOST")
    if not args.status_seconds > 0 or not args.max_age_seconds > 0:
        return fail("--status-seconds and --max-age-seconds must be more than 0")
    journal = Path(args.journal) if args.journal else state_directory() / JOURNAL_NAME

    # imported here, not at the top: `cherga serve` builds its parser with these
    # options before gevent patches the standard library, which must come first
    import logging
    import signal

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _quiet_libraries()
    from .agent import build_agent

    try:
        agent = build_agent(args.server, token, args.printer, args.profile, journal, args.status_seconds, args.max_age_seconds)
    except ValueError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot keep the journal at {journal}: {error.strerror or error}")

    def stop(signum: int, frame: Any) -> None:
        agent.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logging.getLogger("cherga.kiosk_agent").info("printing for %s; journal %s", args.server, journal)
    agent.run()
    logging.getLogger("cherga.kiosk_agent").info("stopped")
    return 0


def main(argv: Sequence[str] | None = None) -> NoReturn:
    raise SystemExit(run(build_parser().parse_args(argv)))


if __name__ == "__main__":
    main()
