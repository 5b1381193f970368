"""Typed settings, read from CHERGA_* variables (or any mapping a test passes).

A bad value stops the start with an error that names the key and the value,
rather than a server that half works.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .network_config import DEFAULT_CONFIG_DIR

ASYNC_MODES = ("gevent", "threading", "eventlet")
DEFAULT_DATABASE_URL = "sqlite:///var/cherga.sqlite3"


class SettingsError(ValueError):
    """A setting has a value Cherga cannot use."""


def _int(key: str, raw: str, minimum: int, maximum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{key}={raw!r}: expected a whole number") from None
    if not minimum <= value <= maximum:
        raise SettingsError(f"{key}={raw!r}: expected a number from {minimum} to {maximum}")
    return value


def _bool(key: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{key}={raw!r}: expected true or false")


def _networks(key: str, raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """CIDR blocks separated by commas or spaces, e.g. `10.20.0.0/16, 192.168.5.0/24`."""
    networks = []
    for part in raw.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(f"{key}={raw!r}: {part!r} is not a network (expected e.g. 10.20.0.0/16)") from None
    return tuple(networks)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    config_dir: Path = field(default_factory=lambda: DEFAULT_CONFIG_DIR)
    async_mode: str = "threading"
    secret_key: str | None = None
    message_queue: str | None = None
    token_lifetime_hours: int = 12
    event_retention_days: int = 14
    max_replay: int = 1000
    heartbeat_seconds: int = 15
    max_request_bytes: int = 64 * 1024
    cookie_secure: bool = False
    public_url: str | None = None
    voice_cache_dir: Path = Path("var/voice-cache")
    # staff security: the lockout of an account, the rate limit of an address,
    # the idle end of a page's session, and whether X-Forwarded-For is believed
    login_max_failures: int = 10
    login_lockout_minutes: int = 15
    login_address_limit: int = 30
    login_address_window_minutes: int = 10
    session_idle_minutes: int = 60
    trusted_proxy: bool = False
    # the database: SQLite's durability at commit, whether `serve` may create a
    # missing database, and how its pages are checked at start
    sqlite_synchronous: str = "full"
    create_database: bool = False
    database_check: str = "quick"
    # live connections one client address may hold (an office's devices share its NAT address)
    max_sockets_per_address: int = 200
    # the offices' own networks: their addresses are never refused for others' failed logins
    trusted_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # a print job older than this is not printed when its agent comes back (the visitor has gone)
    print_job_max_age_seconds: int = 120

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if "CHERGA_DATABASE_URL" in env:
            values["database_url"] = env["CHERGA_DATABASE_URL"]
        if "CHERGA_CONFIG_DIR" in env:
            values["config_dir"] = Path(env["CHERGA_CONFIG_DIR"])
        if env.get("CHERGA_VOICE_CACHE_DIR"):
            values["voice_cache_dir"] = Path(env["CHERGA_VOICE_CACHE_DIR"])
        if "CHERGA_ASYNC_MODE" in env:
            values["async_mode"] = env["CHERGA_ASYNC_MODE"]
        if "CHERGA_SECRET_KEY" in env:
            values["secret_key"] = env["CHERGA_SECRET_KEY"]
        if "CHERGA_MESSAGE_QUEUE" in env:
            values["message_queue"] = env["CHERGA_MESSAGE_QUEUE"] or None
        bounds = {
            "CHERGA_TOKEN_LIFETIME_HOURS": ("token_lifetime_hours", 1, 24 * 30),
            "CHERGA_EVENT_RETENTION_DAYS": ("event_retention_days", 1, 3650),
            "CHERGA_MAX_REPLAY": ("max_replay", 10, 100_000),
            "CHERGA_HEARTBEAT_SECONDS": ("heartbeat_seconds", 1, 3600),
            "CHERGA_LOGIN_MAX_FAILURES": ("login_max_failures", 3, 100),
            "CHERGA_LOGIN_LOCKOUT_MINUTES": ("login_lockout_minutes", 5, 24 * 60),
            "CHERGA_LOGIN_ADDRESS_LIMIT": ("login_address_limit", 5, 10_000),
            "CHERGA_LOGIN_ADDRESS_WINDOW_MINUTES": ("login_address_window_minutes", 1, 24 * 60),
            "CHERGA_SESSION_IDLE_MINUTES": ("session_idle_minutes", 5, 24 * 60),
            "CHERGA_MAX_SOCKETS_PER_ADDRESS": ("max_sockets_per_address", 1, 100_000),
            "CHERGA_PRINT_JOB_MAX_AGE_SECONDS": ("print_job_max_age_seconds", 10, 24 * 3600),
        }
        for key, (name, low, high) in bounds.items():
            if key in env:
                values[name] = _int(key, env[key], low, high)
        if env.get("CHERGA_PUBLIC_URL"):
            values["public_url"] = env["CHERGA_PUBLIC_URL"].rstrip("/")
        if "CHERGA_COOKIE_SECURE" in env:
            values["cookie_secure"] = _bool("CHERGA_COOKIE_SECURE", env["CHERGA_COOKIE_SECURE"])
        if "CHERGA_TRUSTED_PROXY" in env:
            values["trusted_proxy"] = _bool("CHERGA_TRUSTED_PROXY", env["CHERGA_TRUSTED_PROXY"])
        if "CHERGA_CREATE_DATABASE" in env:
            values["create_database"] = _bool("CHERGA_CREATE_DATABASE", env["CHERGA_CREATE_DATABASE"])
        if "CHERGA_SQLITE_SYNCHRONOUS" in env:
            values["sqlite_synchronous"] = env["CHERGA_SQLITE_SYNCHRONOUS"].strip().lower()
        if "CHERGA_DATABASE_CHECK" in env:
            values["database_check"] = env["CHERGA_DATABASE_CHECK"].strip().lower()
        if env.get("CHERGA_TRUSTED_NETWORKS"):
            values["trusted_networks"] = _networks("CHERGA_TRUSTED_NETWORKS", env["CHERGA_TRUSTED_NETWORKS"])
        values.update({key: value for key, value in overrides.items() if value is not None})
        return replace(cls(), **values).validated()

    def validated(self) -> Settings:
        if self.async_mode not in ASYNC_MODES:
            raise SettingsError(
                f"CHERGA_ASYNC_MODE={self.async_mode!r}: expected one of {', '.join(ASYNC_MODES)}"
            )
        if not self.database_url.startswith(("sqlite:///", "postgresql")):
            raise SettingsError(
                f"CHERGA_DATABASE_URL={self.database_url!r}: expected sqlite:///PATH or postgresql://…"
            )
        if self.public_url is not None and not self.public_url.startswith(("http://", "https://")):
            raise SettingsError(f"CHERGA_PUBLIC_URL={self.public_url!r}: expected http://… or https://…")
        if self.sqlite_synchronous not in ("full", "normal"):
            raise SettingsError(f"CHERGA_SQLITE_SYNCHRONOUS={self.sqlite_synchronous!r}: expected full or normal")
        if self.database_check not in ("quick", "full", "off"):
            raise SettingsError(f"CHERGA_DATABASE_CHECK={self.database_check!r}: expected quick, full or off")
        if not Path(self.config_dir).is_dir():
            raise SettingsError(f"CHERGA_CONFIG_DIR={str(self.config_dir)!r}: no such folder")
        return self
