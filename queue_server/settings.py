"""Typed settings, read from CHERGA_* variables (or any mapping a test passes).

A bad value stops the start with an error that names the key and the value,
rather than a server that half works.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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


# Flask-SocketIO's Redis manager takes these; any other URL would go to a client Cherga neither installs nor tests
MESSAGE_QUEUE_SCHEMES = ("redis", "rediss")


def redacted(url: str) -> str:
    """A URL as a log or an error may show it: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, f"{parts.username or ''}:***@{host}", parts.path, parts.query, parts.fragment))


def message_queue_problem(url: str) -> str | None:
    """Why CHERGA_MESSAGE_QUEUE is not the URL of a Redis, or None (whether it answers is asked at `serve`)."""
    if not url.startswith(tuple(f"{scheme}://" for scheme in MESSAGE_QUEUE_SCHEMES)):  # as Flask-SocketIO tells them, to the letter
        return f"CHERGA_MESSAGE_QUEUE={redacted(url)!r}: expected redis://HOST:PORT/DB or rediss://… (Redis is the message queue of several server processes)"
    return None


SMTP_SECURITY = ("starttls", "ssl", "plain")
DEFAULT_SMS_BODY = '{"phone": "{phone}", "text": "{text}"}'
HEADER_NAME = re.compile(r"^[A-Za-z0-9-]+$")


def _sms_body(key: str, raw: str) -> str:
    """A JSON template with `{phone}` and `{text}` in its string values, checked as the gateway's sender will use it."""
    from .messaging.sms_gateway import BodyTemplate, BodyTemplateError

    try:
        BodyTemplate.parse(raw)
    except BodyTemplateError as error:
        raise SettingsError(f"{key}={raw!r}: {error}") from None
    return raw


@dataclass(frozen=True)
class MessageSettings:
    """Messages to visitors: e-mail by SMTP and SMS by the city's HTTP gateway, each off until its address is set."""

    smtp_host: str | None = None
    smtp_port: int | None = None  # 587 for starttls, 465 for ssl, 25 for plain unless given
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str | None = None
    smtp_ca_file: Path | None = None
    smtp_timeout_seconds: int = 10
    sms_url: str | None = None
    sms_token_header: str = "Authorization"
    sms_token: str | None = field(default=None, repr=False)
    sms_body: str = DEFAULT_SMS_BODY
    sms_timeout_seconds: int = 10
    # the outbox: how often it is looked at, how many attempts a message gets, how long sent ones are kept
    delivery_seconds: int = 5
    max_attempts: int = 8
    retention_days: int = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> MessageSettings:
        values: dict[str, Any] = {}
        texts = {
            "CHERGA_SMTP_HOST": "smtp_host",
            "CHERGA_SMTP_USER": "smtp_user",
            "CHERGA_SMTP_PASSWORD": "smtp_password",
            "CHERGA_SMTP_FROM": "smtp_from",
            "CHERGA_SMS_URL": "sms_url",
            "CHERGA_SMS_TOKEN": "sms_token",
        }
        for key, name in texts.items():
            if env.get(key, "").strip():
                values[name] = env[key].strip()
        if env.get("CHERGA_SMTP_SECURITY"):
            values["smtp_security"] = env["CHERGA_SMTP_SECURITY"].strip().lower()
        if env.get("CHERGA_SMTP_CA_FILE"):
            values["smtp_ca_file"] = Path(env["CHERGA_SMTP_CA_FILE"])
        if env.get("CHERGA_SMS_TOKEN_HEADER"):
            values["sms_token_header"] = env["CHERGA_SMS_TOKEN_HEADER"].strip()
        if env.get("CHERGA_SMS_BODY"):
            values["sms_body"] = _sms_body("CHERGA_SMS_BODY", env["CHERGA_SMS_BODY"])
        bounds = {
            "CHERGA_SMTP_PORT": ("smtp_port", 1, 65535),
            "CHERGA_SMTP_TIMEOUT_SECONDS": ("smtp_timeout_seconds", 1, 300),
            "CHERGA_SMS_TIMEOUT_SECONDS": ("sms_timeout_seconds", 1, 300),
            "CHERGA_MESSAGE_DELIVERY_SECONDS": ("delivery_seconds", 1, 3600),
            "CHERGA_MESSAGE_MAX_ATTEMPTS": ("max_attempts", 1, 100),
            "CHERGA_MESSAGE_RETENTION_DAYS": ("retention_days", 1, 3650),
        }
        for key, (name, low, high) in bounds.items():
            if env.get(key):
                values[name] = _int(key, env[key], low, high)
        return cls(**values).validated()

    def validated(self) -> MessageSettings:
        if self.smtp_security not in SMTP_SECURITY:
            raise SettingsError(f"CHERGA_SMTP_SECURITY={self.smtp_security!r}: expected one of {', '.join(SMTP_SECURITY)}")
        if self.smtp_host is not None and (self.smtp_from is None or "@" not in self.smtp_from):
            raise SettingsError(f"CHERGA_SMTP_FROM={self.smtp_from!r}: CHERGA_SMTP_HOST is set, so an address to send from is needed")
        if self.smtp_password is not None and self.smtp_user is None:
            raise SettingsError("CHERGA_SMTP_PASSWORD is set without CHERGA_SMTP_USER")
        if not (self.smtp_user or "").isascii() or not (self.smtp_password or "").isascii():
            raise SettingsError("CHERGA_SMTP_USER and CHERGA_SMTP_PASSWORD: SMTP logins take ASCII letters only")
        if self.smtp_ca_file is not None and not Path(self.smtp_ca_file).is_file():
            raise SettingsError(f"CHERGA_SMTP_CA_FILE={str(self.smtp_ca_file)!r}: no such file")
        if self.sms_url is not None and not self.sms_url.startswith(("http://", "https://")):
            raise SettingsError(f"CHERGA_SMS_URL={self.sms_url!r}: expected http://… or https://…")
        if not HEADER_NAME.match(self.sms_token_header):
            raise SettingsError(f"CHERGA_SMS_TOKEN_HEADER={self.sms_token_header!r}: expected a header's name, e.g. Authorization")
        if self.sms_token is not None and any(ord(letter) < 32 for letter in self.sms_token):
            raise SettingsError("CHERGA_SMS_TOKEN: a header's value cannot hold control characters or new lines")
        _sms_body("CHERGA_SMS_BODY", self.sms_body)
        return self


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    config_dir: Path = field(default_factory=lambda: DEFAULT_CONFIG_DIR)
    async_mode: str = "threading"
    secret_key: str | None = None
    message_queue: str | None = None
    token_lifetime_hours: int = 12
    event_retention_days: int = 14
    # a booking's name and phone are erased this long after its time (the figures stay)
    booking_retention_days: int = 90
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
    # messages to visitors (booking confirmations, reminders, "your turn is near"): off until configured
    messages: MessageSettings = field(default_factory=MessageSettings)
    # the alert feed (queue_server/alert_feed): off until its URL is set; asked every so many seconds
    alert_feed_url: str | None = None
    alert_feed_seconds: int = 30
    # an office node (docs/nodes.md): how often it sends its office's events to the centre and asks for changes
    node_sync_seconds: int = 5

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
            "CHERGA_BOOKING_RETENTION_DAYS": ("booking_retention_days", 1, 3650),
            "CHERGA_MAX_REPLAY": ("max_replay", 10, 100_000),
            "CHERGA_HEARTBEAT_SECONDS": ("heartbeat_seconds", 1, 3600),
            "CHERGA_LOGIN_MAX_FAILURES": ("login_max_failures", 3, 100),
            "CHERGA_LOGIN_LOCKOUT_MINUTES": ("login_lockout_minutes", 5, 24 * 60),
            "CHERGA_LOGIN_ADDRESS_LIMIT": ("login_address_limit", 5, 10_000),
            "CHERGA_LOGIN_ADDRESS_WINDOW_MINUTES": ("login_address_window_minutes", 1, 24 * 60),
            "CHERGA_SESSION_IDLE_MINUTES": ("session_idle_minutes", 5, 24 * 60),
            "CHERGA_MAX_SOCKETS_PER_ADDRESS": ("max_sockets_per_address", 1, 100_000),
            "CHERGA_PRINT_JOB_MAX_AGE_SECONDS": ("print_job_max_age_seconds", 10, 24 * 3600),
            "CHERGA_NODE_SYNC_SECONDS": ("node_sync_seconds", 1, 3600),
        }
        for key, (name, low, high) in bounds.items():
            if key in env:
                values[name] = _int(key, env[key], low, high)
        if env.get("CHERGA_ALERT_FEED_URL"):
            values["alert_feed_url"] = env["CHERGA_ALERT_FEED_URL"].strip()
        if env.get("CHERGA_ALERT_FEED_SECONDS"):
            values["alert_feed_seconds"] = _int("CHERGA_ALERT_FEED_SECONDS", env["CHERGA_ALERT_FEED_SECONDS"], 5, 3600)
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
        values["messages"] = MessageSettings.from_env(env)
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
        if self.message_queue is not None:
            problem = message_queue_problem(self.message_queue)
            if problem is not None:
                raise SettingsError(problem)
        if self.public_url is not None and not self.public_url.startswith(("http://", "https://")):
            raise SettingsError(f"CHERGA_PUBLIC_URL={self.public_url!r}: expected http://… or https://…")
        if self.alert_feed_url is not None and not self.alert_feed_url.startswith(("http://", "https://")):
            raise SettingsError(f"CHERGA_ALERT_FEED_URL={self.alert_feed_url!r}: expected http://… or https://…")
        if self.sqlite_synchronous not in ("full", "normal"):
            raise SettingsError(f"CHERGA_SQLITE_SYNCHRONOUS={self.sqlite_synchronous!r}: expected full or normal")
        if self.database_check not in ("quick", "full", "off"):
            raise SettingsError(f"CHERGA_DATABASE_CHECK={self.database_check!r}: expected quick, full or off")
        if not Path(self.config_dir).is_dir():
            raise SettingsError(f"CHERGA_CONFIG_DIR={str(self.config_dir)!r}: no such folder")
        self.messages.validated()
        return self
