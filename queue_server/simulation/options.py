"""The options of `cherga simulate` and the demo's simulation options, apart: the CLI builds its parser
without importing the simulator (the kiosk agent's PC, which shares the parser, has no database driver)."""

from __future__ import annotations

import argparse
from typing import Any

DEFAULT_MINUTES = 60.0
DEFAULT_LOAD = 0.95  # plan.Behaviour.load


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server (default http://127.0.0.1:8000)")
    parser.add_argument("--offices", nargs="+", metavar="CODE", help="the offices to simulate (default: all)")
    parser.add_argument("--speed", type=float, default=1.0, help="simulated time per real time: 60 plays an hour in a minute (default 1)")
    parser.add_argument("--minutes", type=float, help=f"stop after this many simulated minutes (default {DEFAULT_MINUTES:g} when --visitors is not given)")
    parser.add_argument("--visitors", type=int, help="stop after this many tickets issued")
    parser.add_argument("--seed", type=int, default=1, help="the same seed makes the same people's decisions (default 1)")
    parser.add_argument("--load", type=float, default=DEFAULT_LOAD, help="arrivals over what the desks serve at the day's mean hour (default %(default)s)")
    parser.add_argument("--leave", nargs="+", default=[], metavar="DESK", help="desks the simulator does not work (people use them)")
    parser.add_argument("--report-every", type=float, metavar="MINUTES", help="print the figures every so many real minutes")


def _within(kind: type[float] | type[int], lowest: float, highest: float, *, above: bool = False) -> Any:
    """An argparse type: a number in its range, or the option's usage error before anything is written."""

    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not (lowest < value if above else lowest <= value) or value > highest:
            raise argparse.ArgumentTypeError(f"{text} is not {'above' if above else 'at least'} {lowest:g} and at most {highest:g}")
        return value

    return parse


def add_demo_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-simulation", action="store_true", help="serve the network still: no simulated visitors and administrators, no history")
    parser.add_argument("--history-days", type=_within(int, 0, 366), default=21, metavar="DAYS", help="the past days written for the reports (default 21; 0: none)")
    parser.add_argument(
        "--simulation-speed", type=_within(float, 0, 3600, above=True), default=1.0, metavar="SPEED", help="the simulated day's speed (default 1: real time)"
    )
