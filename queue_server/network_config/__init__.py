"""Reads the configuration folder into the domain's `Network`, validating it whole.

`load_network(folder)` reads `network.toml`, `services.toml`,
`profiles.toml` and `offices.toml` and raises `ConfigError` listing every
problem (file, key, what is wrong) before anything else runs, so a mistake
never half-applies. The package reads files and nothing else: it imports
only the standard library and `queue_server.domain`.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.model import Network
from .catalogue import SERVICES_FILE, read_catalogue
from .errors import ConfigError, Problem
from .network import DEFAULT_TIMEZONE, NETWORK_FILE, read_network
from .offices import OFFICES_FILE, read_offices
from .profiles import PROFILES_FILE, read_profiles
from .reader import Reader

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
CONFIG_FILES = (NETWORK_FILE, SERVICES_FILE, PROFILES_FILE, OFFICES_FILE)

__all__ = ["CONFIG_FILES", "DEFAULT_CONFIG_DIR", "ConfigError", "Problem", "load_network"]


def load_network(folder: str | Path = DEFAULT_CONFIG_DIR) -> Network:
    """The network of the folder's four files; `ConfigError` with every problem of all of them otherwise.

    Each file is checked even when an earlier one is broken (references to
    a broken entry are then skipped, not reported twice), so one run names
    all the mistakes.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError([Problem(str(folder), "", "no such configuration folder")])
    network_file, services_file, profiles_file, offices_file = readers = [Reader(name) for name in CONFIG_FILES]
    network_data, services_data, profiles_data, offices_data = (reader.load(folder) for reader in readers)

    part = read_network(network_file, network_data) if network_data else None
    catalogue = read_catalogue(services_file, services_data)
    profiles = read_profiles(profiles_file, profiles_data, catalogue)
    timezone = part.timezone if part else DEFAULT_TIMEZONE
    declared_profiles = profiles_file.declared_codes("profiles")
    offices = read_offices(offices_file, offices_data, timezone, catalogue, profiles, declared_profiles)

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
    )
