"""Reads the configuration folder into the domain's `Network`, validating it whole.

`load_network(folder)` reads `network.toml`, `services.toml`,
`profiles.toml` and `offices.toml`; it raises `ConfigError` listing every
problem (file, key, what is wrong) before anything else runs, so a mistake
never half-applies.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.model import Network
from .catalogue import NETWORK_FILE, SERVICES_FILE, read_categories, read_network, read_services
from .errors import ConfigError, Problem
from .offices import OFFICES_FILE, PROFILES_FILE, read_offices, read_profiles
from .reader import Reader

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"

__all__ = ["DEFAULT_CONFIG_DIR", "ConfigError", "Problem", "load_network"]


def load_network(folder: str | Path = DEFAULT_CONFIG_DIR) -> Network:
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError([Problem(str(folder), "", "no such configuration folder")])
    network_file, services_file, profiles_file, offices_file = (
        Reader(name) for name in (NETWORK_FILE, SERVICES_FILE, PROFILES_FILE, OFFICES_FILE)
    )
    network_data = network_file.load(folder)
    services_data = services_file.load(folder)
    profiles_data = profiles_file.load(folder)
    offices_data = offices_file.load(folder)

    part = read_network(network_file, network_data) if network_data else None
    services_file.keys(services_data, "", ("categories", "services"))
    categories = read_categories(services_file, services_data.get("categories"))
    services = read_services(services_file, services_data.get("services"), categories)
    profiles_file.keys(profiles_data, "", ("profiles",))
    profiles = read_profiles(profiles_file, profiles_data.get("profiles"), categories, services)
    offices_file.keys(offices_data, "", ("offices",))
    timezone = part.timezone if part else "Europe/Kyiv"
    offices = read_offices(offices_file, offices_data.get("offices"), timezone, categories, services, profiles)

    problems = [p for reader in (network_file, services_file, profiles_file, offices_file) for p in reader.problems]
    if problems or part is None:
        raise ConfigError(problems or [Problem(NETWORK_FILE, "", "is empty")])
    return Network(
        name=part.name,
        offices=offices,
        services=services,
        categories=categories,
        priorities=part.priorities,
        rules=part.rules,
    )
