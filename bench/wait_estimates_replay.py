"""The wait estimates of a simulated day, made again offline by two rules, against the waits that followed.

`cherga simulate` compares each ticket's announced wait with its real one
(`simulation/tally.py`). Its simulated people never react to an estimate,
so a day's database holds everything either rule needed at each issue: this
script rebuilds, for each ticket called, the office as it was at its issue
(the desks open by the events, the visitors at the desks, the queue, the
recent service times) and asks

- **old**: the same-service queue divided among the open desks serving it
  (`estimates.estimate_wait`, the rule before December 2026), and
- **new**: the office's open desks played forward by the call-next policy
  (`domain/wait_replay.py`, the rule of `reads/waits.py`).

It prints, at each 10 minutes of the run, the median absolute error, its
90th percentile and the mean signed error (+: the wait was shorter than
said) of every ticket called by then, as the simulator counts them, and
split by whether the ticket was issued while desks of its office were still
opening (the crowd at the door of the first minute and a half) or after.
The *old* figures of a run made with the old rule, and the *new* ones of a
run made with the new, are the simulator's own to the tenth of a minute.

    .venv/bin/python bench/wait_estimates_replay.py sim.sqlite3 --config <the run's configuration>
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from queue_server.domain import estimates, wait_replay  # noqa: E402
from queue_server.domain.model import DeskId, Network, OfficeCode, ServiceCode, TicketId  # noqa: E402
from queue_server.domain.tickets import Ticket, TicketStatus  # noqa: E402
from queue_server.network_config import load_network  # noqa: E402

WINDOW = dt.timedelta(hours=3)  # the recent service times, as reads/waits.py reads them
SAMPLES = 20
Row = dict[str, Any]


class Day:
    """A simulated day's database, read once."""

    def __init__(self, path: Path, network: Network) -> None:
        self.network = network
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        self.rows: list[Row] = []
        for row in connection.execute("SELECT * FROM tickets ORDER BY id"):
            found = dict(row)
            for key in ("issued_at", "called_at", "started_at", "finished_at"):
                found[key] = dt.datetime.fromisoformat(found[key]) if found[key] else None
            self.rows.append(found)
        self.desk_events: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
        for row in connection.execute("SELECT at, data FROM events WHERE type LIKE 'desk.%' ORDER BY office, seq"):
            data = json.loads(row["data"])
            self.desk_events[data["id"]].append((dt.datetime.fromisoformat(row["at"]), data["status"]))
        self.by_office: dict[str, list[Row]] = defaultdict(list)
        for found in self.rows:
            self.by_office[found["office"]].append(found)

    def is_open(self, desk: str, moment: dt.datetime) -> bool:
        status = "closed"
        for at, changed in self.desk_events.get(desk, ()):
            if at <= moment:
                status = changed
        return status == "open"

    def all_open_at(self, office: str) -> dt.datetime | None:
        """When the last of the office's desks first opened."""
        firsts = [self.desk_events[desk.id][0][0] for desk in self.network.offices[OfficeCode(office)].desks if self.desk_events.get(desk.id)]
        return max(firsts) if firsts else None

    def durations(self, office: str, moment: dt.datetime) -> dict[ServiceCode, dt.timedelta]:
        """Each service's time at the office's recent pace, as `estimates.service_duration` makes it."""
        recent: dict[str, list[Row]] = defaultdict(list)
        for found in self.by_office[office]:
            finished = found["finished_at"]
            if found["status"] == "done" and found["started_at"] and finished and moment - WINDOW <= finished <= moment:
                recent[found["service"]].append(found)
        made = {}
        for code in self.network.offices[OfficeCode(office)].services:
            times = sorted(recent.get(code, ()), key=lambda found: found["finished_at"], reverse=True)[:SAMPLES]
            made[code] = estimates.service_duration([found["finished_at"] - found["started_at"] for found in times], self.network.services[code].typical_duration)
        return made

    def waiting(self, ticket: Row) -> list[Row]:
        """The office's tickets waiting just after `ticket` was issued (it among them)."""
        moment = ticket["issued_at"]
        return [
            found for found in self.by_office[ticket["office"]]
            if (found["issued_at"], found["id"]) <= (moment, ticket["id"]) and (found["called_at"] is None or found["called_at"] > moment)
        ]  # fmt: skip


def old_rule(day: Day, ticket: Row) -> dt.timedelta | None:
    moment, office = ticket["issued_at"], day.network.offices[OfficeCode(ticket["office"])]
    ahead = sum(1 for found in day.waiting(ticket) if found["service"] == ticket["service"] and found["id"] != ticket["id"])
    desks = sum(1 for desk in office.desks if day.is_open(desk.id, moment) and desk.profile.serves(ticket["service"]))
    return estimates.estimate_wait(ahead, desks, day.durations(ticket["office"], moment)[ticket["service"]])


def new_rule(day: Day, ticket: Row) -> dt.timedelta | None:
    moment, office = ticket["issued_at"], day.network.offices[OfficeCode(ticket["office"])]
    durations = day.durations(ticket["office"], moment)
    opened = {desk.id for desk in office.desks if day.is_open(desk.id, moment)}
    at_desks = {
        DeskId(found["desk"]): (ServiceCode(found["service"]), found["called_at"])
        for found in day.by_office[ticket["office"]]
        if found["desk"] and found["called_at"] and found["called_at"] <= moment and (found["finished_at"] is None or found["finished_at"] > moment)
    }
    desks = wait_replay.desks_ahead(office, {desk.id: desk.profile for desk in office.desks}, opened, at_desks, durations, moment)
    if not any(desk.profile.serves(ticket["service"]) for desk in desks):
        return None
    made = [
        Ticket(id=TicketId(found["id"]), office=OfficeCode(found["office"]), token="", number="", service=ServiceCode(found["service"]),
               status=TicketStatus.WAITING, issued_at=found["issued_at"], priority=found["priority"])
        for found in sorted(day.waiting(ticket), key=lambda found: (found["issued_at"], found["id"]))
    ]  # fmt: skip
    candidates: list[Ticket] = []
    behind: dict[wait_replay.GroupKey, list[tuple[dt.datetime, TicketId]]] = defaultdict(list)
    firsts: set[wait_replay.GroupKey] = set()
    for found in made:  # the simulator's tickets are all plain
        key = (found.service, found.priority)
        if key in firsts:
            behind[key].append((found.issued_at, found.id))
        else:
            firsts.add(key)
            candidates.append(found)
    mine = next(found for found in made if found.id == ticket["id"])
    forecast = wait_replay.call_times(
        desks, wait_replay.Queue(candidates, dict(behind)), moment, durations,
        services=day.network.services, rules=day.network.rules, wanted=[mine],
    )  # fmt: skip
    called = forecast.tickets[mine.id]
    return None if called is None else called - moment


def figures(errors: list[float]) -> str:
    if not errors:
        return "none"
    ordered = sorted(abs(error) for error in errors)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"{len(errors)} tickets, median {statistics.median(ordered):.1f}, 90th pct {p90:.1f}, signed {statistics.fmean(errors):+.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="the SQLite file of a `cherga simulate` run")
    parser.add_argument("--config", type=Path, required=True, help="the configuration folder the run's server served")
    parser.add_argument("--every", type=int, default=10, help="minutes between the figures")
    args = parser.parse_args()
    day = Day(args.database, load_network(args.config))
    start = min([found["issued_at"] for found in day.rows] + [events[0][0] for events in day.desk_events.values() if events])
    end = max(found["called_at"] for found in day.rows if found["called_at"])
    rules: dict[str, Callable[[Day, Row], dt.timedelta | None]] = {"old": old_rule, "new": new_rule}
    errors: dict[str, dict[int, float]] = {name: {} for name in rules}
    for ticket in day.rows:
        if ticket["called_at"] is None:
            continue  # still waiting at the end: its wait is not known
        waited = (ticket["called_at"] - ticket["issued_at"]).total_seconds() / 60
        for name, rule in rules.items():
            wait = rule(day, ticket)
            if wait is not None:  # no desk open at issue: no figure, as the simulator leaves it out
                errors[name][ticket["id"]] = estimates.minutes(wait) - waited
    opened = {office: day.all_open_at(office) for office in day.by_office}
    minutes = args.every
    while True:
        cut = start + dt.timedelta(minutes=minutes)
        print(f"tickets called in the first {minutes} minutes:")
        for name in rules:
            parts: dict[str, list[float]] = {"all": [], "opening": [], "after": []}
            for ticket in day.rows:
                if ticket["id"] in errors[name] and ticket["called_at"] <= cut:
                    error = errors[name][ticket["id"]]
                    parts["all"].append(error)
                    all_open = opened[ticket["office"]]
                    parts["opening" if all_open is None or ticket["issued_at"] < all_open else "after"].append(error)
            print(f"  {name}: all {figures(parts['all'])}")
            print(f"       issued while desks were opening: {figures(parts['opening'])}; after: {figures(parts['after'])}")
        if cut >= end:
            break
        minutes += args.every


if __name__ == "__main__":
    main()
