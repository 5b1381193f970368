"""`network.toml`: the network's name, default time zone, queue rules, booking settings, priority categories and the programme's targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain.model import BookingRules, LocalizedText, PriorityCategory, QueueRules, RemoteTicketTerms
from ..domain.paper_roll import PaperRoll
from ..domain.programme import Programme
from .booking import read_booking_rules
from .calendar import Calendar, read_calendar
from .paper_roll import read_paper_roll
from .programme import read_programme
from .reader import Reader
from .remote_tickets import read_remote_terms

NETWORK_FILE = "network.toml"
DEFAULT_TIMEZONE = "Europe/Kyiv"
RULE_KEYS = (
    "priority_share", "priority_window", "escalation_factor", "recall_limit", "appointment_window_minutes",
    "max_services_per_ticket", "visit_boost_minutes", "complaint_answer_days",
    "cap_exempt_priorities",  # read by caps.py
    "desk_survey_minutes",
)  # fmt: skip


@dataclass(frozen=True)
class NetworkPart:
    """What `network.toml` contributes to the `Network`; the offices need its time zone first."""

    name: LocalizedText
    timezone: str
    rules: QueueRules
    priorities: dict[str, PriorityCategory]
    booking: BookingRules
    remote: RemoteTicketTerms = RemoteTicketTerms()  # every office's default for remote tickets
    paper_roll: PaperRoll = PaperRoll()  # every office's roll for an outage, unless it has its own
    calendar: Calendar = Calendar()  # the network's holidays and shortened days; an office adds its own
    programme: Programme = Programme()  # the programme's indicators: targets and benchmark (programme.py)


def read_network(reader: Reader, data: dict[str, Any]) -> NetworkPart | None:
    """The network part, or None when something in it is wrong (every problem is reported)."""
    reader.keys(data, "", ("network", "rules", "booking", "remote_tickets", "priorities", "paper_roll", "calendar", "programme"))
    network = data.get("network", {})
    name = None
    timezone = DEFAULT_TIMEZONE
    if reader.keys(network, "network", ("name", "name_en", "timezone")):
        name = reader.localized(network, "network")
        timezone = reader.get(network, "network", "timezone", str, DEFAULT_TIMEZONE) or DEFAULT_TIMEZONE
        if not reader.timezone("network.timezone", timezone):
            timezone = DEFAULT_TIMEZONE  # the offices are still checked against a zone that exists
    rules = read_rules(reader, data.get("rules", {}))
    booking = read_booking_rules(reader, data.get("booking", {}))
    remote = read_remote_terms(reader, data.get("remote_tickets", {}), "remote_tickets", RemoteTicketTerms())
    priorities = read_priorities(reader, data.get("priorities", {}))
    paper_roll = read_paper_roll(reader, data.get("paper_roll", {}), "paper_roll", PaperRoll())
    calendar = read_calendar(reader, data.get("calendar", {}), "calendar")
    programme = read_programme(reader, data.get("programme", {}))
    if name is None or rules is None or booking is None or remote is None or paper_roll is None or calendar is None:
        return None
    if programme is None:
        return None
    return NetworkPart(name, timezone, rules, priorities, booking, remote, paper_roll, calendar, programme)


def read_rules(reader: Reader, table: Any) -> QueueRules | None:
    """The queue rules; a rule left out keeps the domain's default, a rule out of range is refused."""
    if not reader.keys(table, "rules", RULE_KEYS):
        return None
    defaults = QueueRules()
    share = reader.get(table, "rules", "priority_share", float, defaults.priority_share)
    window = reader.get(table, "rules", "priority_window", int, defaults.priority_window)
    factor = reader.get(table, "rules", "escalation_factor", float, defaults.escalation_factor)
    recalls = reader.get(table, "rules", "recall_limit", int, defaults.recall_limit)
    minutes = reader.get(
        table, "rules", "appointment_window_minutes", int, int(defaults.appointment_window.total_seconds() // 60)
    )
    most_services = reader.get(table, "rules", "max_services_per_ticket", int, defaults.max_services)
    boost = reader.get(table, "rules", "visit_boost_minutes", int, int(defaults.visit_boost.total_seconds() // 60))
    complaint_days = reader.get(table, "rules", "complaint_answer_days", int, defaults.complaint_days)
    survey_minutes = reader.get(table, "rules", "desk_survey_minutes", int, int(defaults.desk_survey_window.total_seconds() // 60))
    checks = [
        (share is not None and not 0 <= share <= 1, "rules.priority_share", "must be from 0 to 1"),
        (window is not None and not 1 <= window <= 1000, "rules.priority_window", "must be from 1 to 1000"),
        (factor is not None and factor < 0, "rules.escalation_factor", "must be 0 (off) or more"),
        (recalls is not None and not 0 <= recalls <= 20, "rules.recall_limit", "must be from 0 to 20"),
        (minutes is not None and not 0 <= minutes <= 240, "rules.appointment_window_minutes", "must be from 0 to 240"),
        (most_services is not None and not 1 <= most_services <= 10, "rules.max_services_per_ticket", "must be from 1 to 10"),
        (boost is not None and not 0 <= boost <= 240, "rules.visit_boost_minutes", "must be from 0 (no boost) to 240"),
        (complaint_days is not None and not 1 <= complaint_days <= 90, "rules.complaint_answer_days", "must be from 1 to 90"),
        (survey_minutes is not None and not 1 <= survey_minutes <= 240, "rules.desk_survey_minutes", "must be from 1 to 240"),
    ]
    failed = [(key, message) for wrong, key, message in checks if wrong]
    for key, message in failed:
        reader.problem(key, message)
    if failed or share is None or window is None or factor is None or recalls is None or minutes is None:
        return None
    if most_services is None or boost is None or complaint_days is None or survey_minutes is None:
        return None
    return QueueRules(
        priority_share=share,
        priority_window=window,
        escalation_factor=factor,
        recall_limit=recalls,
        appointment_window=dt.timedelta(minutes=minutes),
        max_services=most_services,
        visit_boost=dt.timedelta(minutes=boost),
        complaint_days=complaint_days,
        desk_survey_window=dt.timedelta(minutes=survey_minutes),
    )


def read_priorities(reader: Reader, table: Any) -> dict[str, PriorityCategory]:
    priorities: dict[str, PriorityCategory] = {}
    for code, key, entry in reader.entries(table, "priorities", ("name", "name_en", "enabled"), required=False):
        text = reader.localized(entry, key)
        enabled = reader.get(entry, key, "enabled", bool, True)
        if text is not None and enabled is not None:
            priorities[code] = PriorityCategory(code, text, enabled)
    return priorities
