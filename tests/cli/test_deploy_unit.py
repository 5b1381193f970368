"""The systemd unit that docs/deploy.md tells an administrator to copy is safe behind its TLS proxy."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from queue_server.settings import Settings

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def documented_unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#", ";"))
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(unit_text())
    return unit


def unit_text() -> str:
    found = re.search(r"`/etc/systemd/system/cherga\.service`:\s*```ini\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert found, "deploy.md has no cherga.service example"
    return found.group(1)


def environment_of_unit() -> dict[str, str]:
    """A unit repeats `Environment=`; configparser would keep only the last, so the lines are read as they are."""
    return dict(re.findall(r"^Environment=([A-Z_]+)=(.*)$", unit_text(), flags=re.MULTILINE))


def test_the_unit_sets_a_secure_cookie_and_trusts_its_proxy() -> None:
    environment = environment_of_unit()
    settings = Settings.from_env(
        {key: value for key, value in environment.items() if key not in ("CHERGA_DATABASE_URL", "CHERGA_CONFIG_DIR")}
    )
    assert settings.cookie_secure, "behind TLS the session cookie must be Secure (CHERGA_COOKIE_SECURE=true)"
    assert settings.trusted_proxy, "behind the documented nginx the client's address comes from X-Forwarded-For"
    assert environment.get("CHERGA_SECRET_KEY"), "sessions must survive a restart"


def test_the_unit_raises_the_file_descriptor_limit_and_stops_gently() -> None:
    service = documented_unit()["Service"]
    assert int(service["LimitNOFILE"]) >= 8192, "every live connection is a file descriptor; 1024 is not enough for a city"
    assert service.get("KillSignal", "SIGTERM") == "SIGTERM"
    assert int(service["TimeoutStopSec"].rstrip("s")) > 10, "the server waits up to 10 s for requests in flight"
    assert "--create-database" not in service["ExecStart"], "a mistyped path must not start an empty network"
