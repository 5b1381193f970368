"""`cherga node …`: adopt and release an office for its node (at the centre), pair a node, see the sync.

Its own module beside cli.py, as `cherga db` is; the work is in
commands/nodes.py (the centre) and node_sync/ (the node).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .cli import _common

    node = commands.add_parser("node", help="office nodes: adopt, release, pair, status (docs/nodes.md)").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    adopt = node.add_parser("adopt", help="at the centre: give an office's queue to a node; prints the node's token as the last line")
    adopt.add_argument("office", metavar="OFFICE")
    adopt.add_argument("--node", required=True, metavar="NAME", help="the node's name, e.g. its host name")
    adopt.add_argument("--address", required=True, metavar="URL", help="where the office's devices find the node, e.g. http://10.20.0.5:8080")
    _common(adopt)
    release = node.add_parser("release", help="at the centre: give an office's queue back to the centre; its node stops writing")
    release.add_argument("office", metavar="OFFICE")
    release.add_argument("--force", action="store_true", help="even though the node said events were not sent (they are lost)")
    _common(release)
    pair = node.add_parser("pair", help="at the node: make this new database the node of the office its token was adopted for")
    pair.add_argument("--centre", required=True, metavar="URL", help="the centre's address, e.g. https://cherga.example.org")
    pair.add_argument("--token-stdin", action="store_true", help="read the token from standard input (otherwise CHERGA_NODE_TOKEN)")
    _common(pair)
    status = node.add_parser("status", help="the sync: at the centre, every node; at a node, its link")
    _common(status)
    sync = node.add_parser("sync", help="at the node: one round of the sync now (the server runs them by itself)")
    _common(sync)


def cmd_adopt(args: argparse.Namespace) -> None:
    from .cli import _context
    from .commands.nodes import adopt

    with _context(args) as ctx:
        adoption = adopt(ctx, args.office, node=args.node, address=args.address)
    print(f"office {adoption.office} is served by node {adoption.node!r} ({adoption.address}) from now on; the centre refuses its writes.")
    print("pair the node with this token (cherga node pair --centre URL, token on standard input):")
    print(adoption.token)


def cmd_release(args: argparse.Namespace) -> None:
    from .cli import _context
    from .commands.nodes import release

    with _context(args) as ctx:
        node = release(ctx, args.office, force=args.force)
    print(f"office {args.office} is served by the centre again; node {node!r} stops writing it at its next contact")


def cmd_pair(args: argparse.Namespace) -> None:
    from .cli import _context, _settings, fail
    from .node_sync.centre_client import CentreClient, CentreUnreachable
    from .node_sync.pairing import pair

    token = sys.stdin.readline().strip() if args.token_stdin else os.environ.get("CHERGA_NODE_TOKEN", "").strip()
    if not token:
        fail("give the node's token on standard input (--token-stdin) or in CHERGA_NODE_TOKEN")
    if not args.centre.startswith(("http://", "https://")):
        fail(f"--centre {args.centre!r}: expected http://… or https://…")
    with _context(args) as ctx:
        try:
            given = pair(ctx, CentreClient(args.centre.rstrip("/"), token), _settings(args).config_dir)
        except CentreUnreachable as error:
            fail(str(error))
    print(f"this database is the node of office {given['office']}; its tickets continue after event {given['seq']}")


def cmd_status(args: argparse.Namespace) -> None:
    from .cli import _context
    from .commands.nodes import node_states
    from .store.node_changes import link_of, read_batch

    with _context(args) as ctx:
        with ctx.reading() as conn:
            link = link_of(conn)
            waiting = read_batch(conn, link).waiting if link is not None else 0
        if link is not None:
            print(_node_line(link, waiting))
            return
        states = node_states(ctx)
    if not states:
        print("no office has a node: the centre serves every office")
    for state in states:
        print(
            f"{state['office']}: node {state['node']!r} at {state['address']}; last heard {_when(state['last_contact_at'])}; "
            f"{state['waiting']} events waiting; seq {state['seq']}"
        )


def _node_line(link: Any, waiting: int) -> str:
    trouble = f"; last error: {link.last_error}" if link.last_error else ""
    return (
        f"node of office {link.office}, centre {link.centre}; the centre holds events up to {link.sent_seq}, "
        f"{waiting} waiting; last sent {_when(link.last_sent_at)}, last received {_when(link.last_received_at)}{trouble}"
    )


def _when(moment: Any) -> str:
    return "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def cmd_sync(args: argparse.Namespace) -> None:
    from .cli import _context, _settings, fail
    from .node_sync.loop import sync_round
    from .store.node_changes import link_of, read_batch

    with _context(args) as ctx:
        with ctx.reading() as conn:
            if link_of(conn) is None:
                fail("this database is not an office node's (cherga node pair)")
        sync_round(ctx, _settings(args).config_dir)
        with ctx.reading() as conn:
            link = link_of(conn)
            print(_node_line(link, read_batch(conn, link).waiting))


HANDLERS = {
    ("node", "adopt"): cmd_adopt,
    ("node", "release"): cmd_release,
    ("node", "pair"): cmd_pair,
    ("node", "status"): cmd_status,
    ("node", "sync"): cmd_sync,
}
