"""Reads the configuration folder into the domain's `Network`, validating it whole.

`load_network(folder)` reads `network.toml`, `services.toml`,
`profiles.toml` and `offices.toml`, and `boards.toml` when the folder has
one, and raises `ConfigError` listing every problem (file, key, what is
wrong) before anything else runs, so a mistake never half-applies. The
package reads files and nothing else: it imports only the standard library
and `queue_server.domain`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.model import BookingTerms, Network, RemoteTicketTerms
from ..domain.paper_roll import PaperRoll
from .boards import BOARDS_FILE, read_boards
from .calendar import Calendar
from .caps import cap_rules, read_exempt, read_office_caps, read_service_caps
from .catalogue import SERVICES_FILE, read_catalogue
from .errors import ConfigError, Problem
from .network import DEFAULT_TIMEZONE, NETWORK_FILE, read_network
from .offices import OFFICES_FILE, read_offices
from .packages import check_step_profiles
from .profiles import PROFILES_FILE, read_profiles
from .reader import Reader

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
REQUIRED_CONFIG_FILES = (NETWORK_FILE, SERVICES_FILE, PROFILES_FILE, OFFICES_FILE)
# A folder without these loads as if the file were empty (no named boards, …).
OPTIONAL_CONFIG_FILES = (BOARDS_FILE,)
CONFIG_FILES = REQUIRED_CONFIG_FILES + OPTIONAL_CONFIG_FILES  # every file a configuration folder may hold

__all__ = [
    "CONFIG_FILES",
    "DEFAULT_CONFIG_DIR",
    "OPTIONAL_CONFIG_FILES",
    "REQUIRED_CONFIG_FILES",
    "ConfigError",
    "Problem",
    "load_network",
]


def load_network(folder: str | Path = DEFAULT_CONFIG_DIR) -> Network:
    """The network of the folder's files; `ConfigError` with every problem of all of them otherwise.

    Each file is checked even when an earlier one is broken (references to
    a broken entry are then skipped, not reported twice), so one run names
    all the mistakes.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError([Problem(str(folder), "", "no such configuration folder")])
    network_file, services_file, profiles_file, offices_file = required = [Reader(name) for name in REQUIRED_CONFIG_FILES]
    network_data, services_data, profiles_data, offices_data = (reader.load(folder) for reader in required)
    boards_file = Reader(BOARDS_FILE)
    boards_data = _load_optional(boards_file, folder)
    readers = [*required, boards_file]

    part = read_network(network_file, network_data) if network_data else None
    catalogue = read_catalogue(services_file, services_data)
    profiles = read_profiles(profiles_file, profiles_data, catalogue)
    timezone = part.timezone if part else DEFAULT_TIMEZONE
    terms = part.booking.terms if part else BookingTerms()  # the offices are still checked when network.toml is not
    declared_profiles = profiles_file.declared_codes("profiles")
    # the profiles a package's step names: known only now, since profiles are read after the services they name
    check_step_profiles(
        services_file, catalogue.services, catalogue.step_paths, profiles, declared_profiles, trusted=not profiles_file.problems
    )
    remote = part.remote if part else RemoteTicketTerms()
    offices = read_offices(
        offices_file, offices_data, timezone, catalogue, profiles, declared_profiles,
        terms=terms, remote=remote, trusted_profiles=not profiles_file.problems,
        paper_roll=part.paper_roll if part else PaperRoll(),
        calendar=part.calendar if part else Calendar(),
    )  # fmt: skip
    # A desk or a service missing from an office because of another mistake is not the boards' fault.
    trusted = not (services_file.problems or profiles_file.problems or offices_file.problems)
    service_caps = read_service_caps(services_file, services_data, catalogue.services)
    office_caps = read_office_caps(offices_file, offices_data, offices, service_caps)
    exempt = read_exempt(network_file, network_data.get("rules", {}), part.priorities if part else {})
    boards = read_boards(boards_file, boards_data, offices, offices_file.declared_codes("offices"), catalogue, trusted=trusted)

    problems = [problem for reader in readers for problem in reader.problems]
    if not problems and not network_data:
        problems.append(Problem(NETWORK_FILE, "", "is empty"))
    if problems or part is None:
        raise ConfigError(problems)
    return Network(
        name=part.name,
        offices=offices,
        services=catalogue.services,
        categories=catalogue.categories,
        priorities=part.priorities,
        rules=part.rules,
        boards=boards,
        booking=part.booking,
        caps=cap_rules(service_caps, office_caps, exempt),
        programme=part.programme,
    )


def _load_optional(reader: Reader, folder: Path) -> dict[str, Any]:
    """An optional file: absent is an empty table, but one that is there and broken is a problem as usual."""
    path = folder / reader.file
    if not path.exists() and not path.is_symlink():  # a dangling link is a mistake worth naming
        return {}
    return reader.load(folder)
